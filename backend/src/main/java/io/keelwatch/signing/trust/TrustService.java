package io.keelwatch.signing.trust;

import io.keelwatch.access.AccessService;
import io.keelwatch.access.TeamSummary;
import io.keelwatch.access.Viewer;
import io.keelwatch.audit.AuditEntry;
import io.keelwatch.audit.AuditLog;
import io.keelwatch.inventory.InventoryService;
import io.keelwatch.inventory.ProjectRef;
import io.keelwatch.platform.CommonProblem;
import io.keelwatch.platform.InboundText;
import io.keelwatch.platform.KeelwatchException;
import io.keelwatch.signing.NewSigningKey;
import io.keelwatch.signing.SigningKeySummary;
import io.keelwatch.signing.SigningProblem;
import io.keelwatch.signing.verify.PublicKeyPem;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What is trusted to sign images: keys and keyless identities (leads for teams and projects, admins
 * for every project too: {@link Viewer#mayManageSigningTrust()}, {@link Viewer#mayTrustSignersGlobally()}),
 * and trust roots (admins). Every change is audited; adding, revoking or expiring a signer verifies the
 * signatures it may change again ({@link TrustChanged}).
 */
@Service
public class TrustService {

    static final int MAX_NAME = 200;
    static final int MAX_TEXT = 500;
    static final int MAX_ROOT = 1024 * 1024;

    private final SigningKeyRepository keys;
    private final SigningIdentityRepository identities;
    private final TrustQueries queries;
    private final AccessService access;
    private final InventoryService inventory;
    private final AuditLog audit;
    private final ApplicationEventPublisher events;
    private final JdbcClient jdbc;
    private final JsonMapper json = JsonMapper.builder().build();

    TrustService(SigningKeyRepository keys, SigningIdentityRepository identities, TrustQueries queries, AccessService access,
            InventoryService inventory, AuditLog audit, ApplicationEventPublisher events, JdbcClient jdbc) {
        this.keys = keys;
        this.identities = identities;
        this.queries = queries;
        this.access = access;
        this.inventory = inventory;
        this.audit = audit;
        this.events = events;
        this.jdbc = jdbc;
    }

    public List<SigningKeySummary> keys(Viewer viewer) {
        return queries.keys(viewer);
    }

    public SigningKeySummary key(long id, Viewer viewer) {
        return queries.key(id, viewer).orElseThrow(() -> KeelwatchException.notFound("Signing key " + id));
    }

    public List<SigningIdentitySummary> identities(Viewer viewer) {
        return queries.identities(viewer);
    }

    public List<TrustRootSummary> trustRoots() {
        return queries.trustRoots();
    }

    /** Trusts a public key in a scope; refuses private keys, certificates and malformed PEM with the reason. */
    @Transactional
    public SigningKeySummary addKey(NewSigningKey request, Viewer actor) {
        requireManager(actor);
        String name = text(request.name(), "A key's name", MAX_NAME, true);
        PublicKeyPem key;
        try {
            key = PublicKeyPem.parse(request.publicKey());
        } catch (PublicKeyPem.Refused e) {
            throw new KeelwatchException(e.privateKey() ? SigningProblem.PRIVATE_KEY_REFUSED : SigningProblem.INVALID_KEY, e.getMessage());
        }
        TrustScope scope = scope(request.scope(), request.team(), request.project(), actor);
        Instant now = Instant.now();
        SigningKey replaced = null;
        if (request.replaces() != null) {
            replaced = keys.findById(request.replaces()).filter(k -> k.teamId() == null || actor.canSee(k.teamId()))
                    .orElseThrow(() -> KeelwatchException.notFound("Signing key " + request.replaces()));
            requireScopeManager(replaced.teamId(), actor);
        }
        SigningKey created = new SigningKey(name, key.fingerprint(), key.algorithm(), key.pem(), scope,
                text(request.owner(), "A key's owner", MAX_NAME, false), request.expiresAt(), actor.username(), now);
        try {
            keys.saveAndFlush(created);
        } catch (DataIntegrityViolationException e) {
            throw new KeelwatchException(CommonProblem.CONFLICT, "Key " + key.fingerprint() + " is already trusted in this scope.", e);
        }
        SigningKeySummary summary = key(created.id(), actor);
        audit.record(AuditEntry.success(actor.username(), "signing-key.added", "signing-key", created.id(), scope.teamId(),
                Map.of("after", describe(summary))));
        if (replaced != null) {
            replaced.succeededBy(created.id());
            keys.flush();
            audit.record(AuditEntry.success(actor.username(), "signing-key.rotated", "signing-key", replaced.id(), replaced.teamId(),
                    Map.of("successor", created.id(), "successorFingerprint", key.fingerprint())));
        }
        events.publishEvent(TrustChanged.signerAdded(scope.kind().equals("global") ? null : scope.teamId()));
        return summary;
    }

    /** Revokes a key: its signatures are verified again and turn untrusted unless another trusted entry holds the same key. */
    @Transactional
    public SigningKeySummary revokeKey(long id, KeyRevocation revocation, Viewer actor) {
        requireManager(actor);
        SigningKey key = keys.findById(id).filter(k -> k.teamId() == null || actor.canSee(k.teamId()))
                .orElseThrow(() -> KeelwatchException.notFound("Signing key " + id));
        requireScopeManager(key.teamId(), actor);
        SigningKeySummary before = key(id, actor);
        if (!key.revoked()) {
            String reason = text(revocation == null ? null : revocation.reason(), "A revocation's reason", 1000, false);
            key.revoke(actor.username(), reason, Instant.now());
            keys.flush();
            audit.record(AuditEntry.success(actor.username(), "signing-key.revoked", "signing-key", id, key.teamId(),
                    Map.of("before", describe(before), "reason", reason == null ? "" : reason)));
            events.publishEvent(TrustChanged.key(id));
        }
        return key(id, actor);
    }

    @Transactional
    public SigningIdentitySummary addIdentity(NewSigningIdentity request, Viewer actor) {
        requireManager(actor);
        String issuer = text(request.issuer(), "An identity's issuer", MAX_TEXT, true);
        String subject = text(request.subject(), "An identity's subject", MAX_TEXT, true);
        boolean regex = Boolean.TRUE.equals(request.subjectRegex());
        if (regex) {
            try {
                Pattern.compile(subject);
            } catch (PatternSyntaxException e) {
                throw new KeelwatchException(CommonProblem.INVALID_REQUEST, "The subject is not a regular expression: "
                        + e.getDescription() + " near index " + e.getIndex() + ".");
            }
        }
        TrustScope scope = scope(request.scope(), request.team(), request.project(), actor);
        SigningIdentity created = new SigningIdentity(issuer, subject, regex, scope, text(request.owner(), "An identity's owner",
                MAX_NAME, false), request.expiresAt(), actor.username(), Instant.now());
        identities.saveAndFlush(created);
        SigningIdentitySummary summary = queries.identity(created.id(), actor).orElseThrow();
        audit.record(AuditEntry.success(actor.username(), "signing-identity.added", "signing-identity", created.id(), scope.teamId(),
                Map.of("issuer", issuer, "subject", subject, "subjectRegex", regex, "scope", scope.kind())));
        events.publishEvent(TrustChanged.signerAdded(scope.kind().equals("global") ? null : scope.teamId()));
        return summary;
    }

    @Transactional
    public SigningIdentitySummary revokeIdentity(long id, Viewer actor) {
        requireManager(actor);
        SigningIdentity identity = identities.findById(id).filter(i -> i.teamId() == null || actor.canSee(i.teamId()))
                .orElseThrow(() -> KeelwatchException.notFound("Signing identity " + id));
        requireScopeManager(identity.teamId(), actor);
        if (!identity.revoked()) {
            identity.revoke(actor.username(), Instant.now());
            identities.flush();
            audit.record(AuditEntry.success(actor.username(), "signing-identity.revoked", "signing-identity", id, identity.teamId(),
                    Map.of()));
            events.publishEvent(TrustChanged.identityRevoked(id));
        }
        return queries.identity(id, actor).orElseThrow();
    }

    /**
     * Stores a trust root (admins). Its content is checked for shape only here — a Sigstore trusted root is
     * JSON with {@code tlogs} or {@code certificateAuthorities}, a Notation trust store PEM CA certificates;
     * the verifiers that use them read them fully. A root of the same kind and name is replaced.
     */
    @Transactional
    public TrustRootSummary addTrustRoot(NewTrustRoot request, Viewer actor) {
        if (!actor.isAdministrator()) {
            throw new KeelwatchException(CommonProblem.FORBIDDEN, "Only admins upload trust roots.");
        }
        String kind = request.kind() == null ? "" : request.kind().strip();
        String name = text(request.name(), "A trust root's name", MAX_NAME, true);
        String content = request.content();
        if (content == null || content.isBlank()) {
            throw new KeelwatchException(SigningProblem.INVALID_TRUST_ROOT, "The trust root is empty.");
        }
        if (content.length() > MAX_ROOT) {
            throw new KeelwatchException(SigningProblem.INVALID_TRUST_ROOT, "A trust root has at most 1 MiB of text.");
        }
        if (!InboundText.isAllowed(content)) {
            throw new KeelwatchException(SigningProblem.INVALID_TRUST_ROOT, InboundText.refusal("The trust root", content));
        }
        switch (kind) {
            case "sigstore" -> checkSigstoreRoot(content);
            case "notation" -> checkNotationStore(content);
            default -> throw new KeelwatchException(CommonProblem.INVALID_REQUEST, "A trust root's kind is sigstore or notation.");
        }
        String sha256 = sha256(content);
        long id = jdbc.sql("""
                insert into signing_trust_root (kind, name, content, content_sha256, created_by)
                values (:kind, :name, :content, :sha256, :by)
                on conflict (kind, name) do update set content = excluded.content, content_sha256 = excluded.content_sha256,
                       created_by = excluded.created_by, created_at = now()
                returning id
                """).param("kind", kind).param("name", name).param("content", content).param("sha256", sha256)
                .param("by", actor.username()).query(Long.class).single();
        audit.record(AuditEntry.success(actor.username(), "signing-trust-root.stored", "signing-trust-root", id, null,
                Map.of("kind", kind, "name", name, "sha256", sha256)));
        events.publishEvent(TrustChanged.rootStored(kind));
        return queries.trustRoots().stream().filter(r -> r.id() == id).findFirst().orElseThrow();
    }

    private void checkSigstoreRoot(String content) {
        JsonNode root;
        try {
            root = json.readTree(content);
        } catch (JacksonException e) {
            throw new KeelwatchException(SigningProblem.INVALID_TRUST_ROOT, "A Sigstore trusted root is JSON; this is not.");
        }
        if (root == null || !root.isObject() || !(root.path("tlogs").isArray() || root.path("certificateAuthorities").isArray())) {
            throw new KeelwatchException(SigningProblem.INVALID_TRUST_ROOT,
                    "A Sigstore trusted_root.json has tlogs or certificateAuthorities; this JSON has neither.");
        }
    }

    private void checkNotationStore(String content) {
        if (content.contains("PRIVATE KEY-----")) {
            throw new KeelwatchException(SigningProblem.PRIVATE_KEY_REFUSED, "The trust store holds a private key: Keelwatch"
                    + " never takes private keys. Upload the CA certificates only.");
        }
        try {
            int count = CertificateFactory.getInstance("X.509")
                    .generateCertificates(new java.io.ByteArrayInputStream(content.getBytes(StandardCharsets.US_ASCII))).size();
            if (count == 0) {
                throw new CertificateException("none");
            }
        } catch (CertificateException e) {
            throw new KeelwatchException(SigningProblem.INVALID_TRUST_ROOT,
                    "A Notation trust store is one or more PEM CA certificates (-----BEGIN CERTIFICATE-----); none could be read.");
        }
    }

    /** The scope a request names, checked against what the caller may trust. */
    private TrustScope scope(String scope, String team, String project, Viewer actor) {
        String kind = scope == null || scope.isBlank() ? (project != null ? "project" : team != null ? "team" : "") : scope.strip();
        return switch (kind) {
            case "global" -> {
                if (!actor.mayTrustSignersGlobally()) {
                    throw new KeelwatchException(CommonProblem.FORBIDDEN, "Only admins trust signers for every project;"
                            + " trust it for a team or a project.");
                }
                yield new TrustScope("global", null, null);
            }
            case "team" -> {
                TeamSummary found = team == null ? null : access.team(team.strip()).filter(t -> actor.canSee(t.id())).orElse(null);
                if (found == null) {
                    throw team == null ? new KeelwatchException(CommonProblem.INVALID_REQUEST, "Name the team (its slug).")
                            : KeelwatchException.notFound("Team '" + team.strip() + "'");
                }
                yield new TrustScope("team", found.id(), null);
            }
            case "project" -> {
                if (project == null || project.isBlank()) {
                    throw new KeelwatchException(CommonProblem.INVALID_REQUEST, "Name the project (its slug).");
                }
                ProjectRef found = inventory.visibleProject(project.strip(), actor)
                        .orElseThrow(() -> KeelwatchException.notFound("Project '" + project.strip() + "'"));
                yield new TrustScope("project", found.teamId(), found.id());
            }
            default -> throw new KeelwatchException(CommonProblem.INVALID_REQUEST, "A scope is global, team or project.");
        };
    }

    private static void requireManager(Viewer actor) {
        if (!actor.mayManageSigningTrust()) {
            throw new KeelwatchException(CommonProblem.FORBIDDEN, "Only leads and admins change which signers are trusted.");
        }
    }

    private static void requireScopeManager(Long teamId, Viewer actor) {
        if (teamId == null && !actor.mayTrustSignersGlobally()) {
            throw new KeelwatchException(CommonProblem.FORBIDDEN, "Only admins change signers trusted for every project.");
        }
    }

    private static String text(String value, String what, int max, boolean required) {
        if (value == null || value.isBlank()) {
            if (required) {
                throw new KeelwatchException(CommonProblem.INVALID_REQUEST, what + " is required.");
            }
            return null;
        }
        String text = value.strip();
        if (text.length() > max) {
            throw new KeelwatchException(CommonProblem.INVALID_REQUEST, what + " has at most " + max + " characters.");
        }
        if (!InboundText.isAllowed(text)) {
            throw new KeelwatchException(CommonProblem.INVALID_REQUEST, InboundText.refusal(what, text));
        }
        return text;
    }

    private static Map<String, Object> describe(SigningKeySummary key) {
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("name", key.name());
        summary.put("fingerprint", key.fingerprint());
        summary.put("algorithm", key.algorithm());
        summary.put("scope", key.scope());
        summary.put("team", key.team());
        summary.put("project", key.project());
        summary.put("owner", key.owner());
        summary.put("expiresAt", key.expiresAt() == null ? null : key.expiresAt().toString());
        summary.put("state", key.state());
        return summary;
    }

    private static String sha256(String content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
