package io.keelwatch.signing.signatures;

import io.keelwatch.access.Scope;
import io.keelwatch.access.Viewer;
import io.keelwatch.audit.AuditEntry;
import io.keelwatch.audit.AuditLog;
import io.keelwatch.inventory.ArtifactIdentity;
import io.keelwatch.inventory.ImageNames;
import io.keelwatch.inventory.ImageRef;
import io.keelwatch.inventory.InventoryProblem;
import io.keelwatch.inventory.InventoryService;
import io.keelwatch.inventory.ProjectRef;
import io.keelwatch.platform.CommonProblem;
import io.keelwatch.platform.InboundText;
import io.keelwatch.platform.KeelwatchException;
import io.keelwatch.signing.DigestSigning;
import io.keelwatch.signing.ImageSigningStatus;
import io.keelwatch.signing.SignatureReceipt;
import io.keelwatch.signing.SignatureSubmission;
import io.keelwatch.signing.SigningProblem;
import io.keelwatch.signing.signatures.FormatVerifier.Checked;
import io.keelwatch.signing.signatures.FormatVerifier.ImageInScope;
import io.keelwatch.signing.signatures.FormatVerifier.SignatureMaterial;
import io.keelwatch.signing.verify.PublicKeyPem;
import io.keelwatch.signing.verify.Verification;
import io.keelwatch.signing.verify.notation.NotationFormatException;
import io.keelwatch.signing.verify.notation.NotationVerifier;
import io.keelwatch.signing.verify.sigstore.SigstoreFormatException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code POST /api/v1/signatures}: the image and its project (named, or by repository rules), the material
 * bounded and checked, then verified by the first {@link FormatVerifier} of its format that accepts it — or, for
 * {@code cosign verify --output json}, recorded as reported — and stored with the outcome, audited.
 */
@Service
public class SignatureIngest {

    static final int MAX_PAYLOAD = 65536;
    static final int MAX_SIGNATURE = 8192;
    static final int MAX_BUNDLE = 65536;
    private static final Pattern REFERENCE = Pattern.compile("([^@\\s]+)@(sha256:[0-9a-f]{64})");
    private static final Pattern DIGEST = Pattern.compile("sha256:[0-9a-f]{64}");
    private static final Pattern REPOSITORY = Pattern.compile("[a-z0-9][a-z0-9._:/-]{0,254}");
    /** The claims cosign adds to a keyless verification's payload: issuer and subject. */
    private static final List<String> ISSUER_CLAIMS = List.of("Issuer", "1.3.6.1.4.1.57264.1.1");

    private final Map<SignatureFormat, List<FormatVerifier>> verifiers = new EnumMap<>(SignatureFormat.class);
    private final InventoryService inventory;
    private final SignatureRecords records;
    private final SignatureQueries queries;
    private final AuditLog audit;
    private final JsonMapper json = JsonMapper.builder().build();

    SignatureIngest(List<FormatVerifier> verifiers, InventoryService inventory, SignatureRecords records, SignatureQueries queries,
            AuditLog audit) {
        verifiers.forEach(v -> this.verifiers.computeIfAbsent(v.format(), f -> new ArrayList<>()).add(v));
        this.inventory = inventory;
        this.records = records;
        this.queries = queries;
        this.audit = audit;
    }

    @Transactional
    public SignatureReceipt submit(SignatureSubmission submission, Viewer actor) {
        if (!actor.maySubmitSignatures()) {
            throw new KeelwatchException(CommonProblem.FORBIDDEN, "You may not submit image signatures.");
        }
        SignatureFormat format = SignatureFormat.fromValue(submission.format() == null ? "cosign" : submission.format().strip())
                .orElseThrow(() -> invalid("format is cosign, cosign-verify-output, sigstore-bundle or notation."));
        String[] image = image(submission);
        ProjectRef project = project(submission.project(), image[0], actor);
        Instant now = Instant.now();
        SignatureMaterial material;
        String status;
        Checked checked = null;
        String signer;
        List<String> reasons;
        if (format == SignatureFormat.COSIGN_VERIFY_OUTPUT) {
            material = new SignatureMaterial(format, verifyOutput(submission.verifyOutput(), image[1]), null, null, null, null, null);
            status = "reported";
            signer = reportedSigner(submission.verifyOutput());
            reasons = List.of("Verified by whoever ran cosign verify, not by Keelwatch: recorded as reported.");
        } else {
            material = material(format, submission);
            SignatureMaterial taken = material;
            FormatVerifier verifier = verifierOf(material).orElseThrow(() -> new KeelwatchException(
                    SigningProblem.SIGNATURE_FORMAT_NOT_VERIFIED_YET, "Keelwatch does not verify this " + taken.format().value()
                    + " material, and records no signature it has not verified as if it had."));
            try {
                checked = verifier.verify(material, new ImageInScope(0, image[1], project.id(), project.teamId()), now);
            } catch (SigstoreFormatException | NotationFormatException e) {
                throw invalid("The signature material cannot be read, so nothing was verified: " + e.getMessage());
            }
            status = checked.verification().status().name().toLowerCase(Locale.ROOT);
            signer = checked.verification().signer();
            reasons = checked.verification().reasons();
        }
        ImageRef registered = inventory.registerImage(new ArtifactIdentity(image[0], image[1], "container_image", List.of(), null, null),
                now);
        long id = records.upsert(project.id(), registered.id(), material, materialHash(material), status, checked, signer, reasons, now,
                actor.username());
        SignatureReceipt receipt = queries.receipt(id);
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("image", registered.repository() + "@" + registered.digest());
        details.put("project", project.slug());
        details.put("format", format.value());
        details.put("status", status);
        details.put("signer", signer);
        audit.record(AuditEntry.success(actor.username(), "signature.submitted", "image-signature", id, project.teamId(), details));
        return receipt;
    }

    /** The image's status in a project the caller sees (404 otherwise, as for a project that does not exist). */
    public ImageSigningStatus status(long imageId, String projectSlug, Viewer viewer) {
        ProjectRef project = inventory.visibleProject(projectSlug == null ? "" : projectSlug, viewer)
                .orElseThrow(() -> KeelwatchException.notFound("Project '" + projectSlug + "'"));
        return queries.status(project.id(), imageId);
    }

    /** Each known digest's best status in the projects the caller sees; {@code missing} for one signed in none of them. */
    public List<DigestSigning> statusesOfDigests(Collection<String> digests, Viewer viewer) {
        return queries.bestStatusesOfDigests(digests, viewer);
    }

    /** Each image's best status in the projects the caller sees; {@code missing} for one signed in none of them. */
    public Map<Long, String> statuses(Collection<Long> imageIds, Viewer viewer) {
        Map<Long, String> best = queries.bestStatuses(imageIds, viewer);
        Map<Long, String> statuses = new LinkedHashMap<>();
        imageIds.forEach(id -> statuses.put(id, best.getOrDefault(id, ImageSigningStatus.MISSING)));
        return statuses;
    }

    public List<SignerSummary> signers(Viewer viewer) {
        return queries.signers(viewer);
    }

    /** Verifies stored signatures again, as trust now stands, and records each verdict (one statement). */
    void reverify(List<SignatureQueries.Stored> signatures) {
        Instant now = Instant.now();
        List<Long> ids = new ArrayList<>();
        List<String> statuses = new ArrayList<>();
        List<Long> keys = new ArrayList<>();
        List<String> signers = new ArrayList<>();
        List<String> reasons = new ArrayList<>();
        List<Long> identities = new ArrayList<>();
        for (SignatureQueries.Stored s : signatures) {
            SignatureMaterial material = new SignatureMaterial(s.format(), s.payload(), s.signature(), s.publicKey(), s.certificate(),
                    s.bundle(), s.mediaType());
            FormatVerifier verifier = verifierOf(material).orElse(null);
            if (verifier == null) {
                continue;
            }
            Checked checked;
            try {
                checked = verifier.verify(material, new ImageInScope(s.imageId(), s.digest(), s.projectId(), s.teamId()), now);
            } catch (SigstoreFormatException | NotationFormatException e) {
                continue; // it was read when submitted; material that no longer reads keeps its last verdict
            }
            Verification v = checked.verification();
            ids.add(s.id());
            statuses.add(v.status().name().toLowerCase(Locale.ROOT));
            keys.add(checked.keyId());
            identities.add(checked.identityId());
            signers.add(v.signer());
            reasons.add(String.join("\u001e", v.reasons()));
        }
        records.decide(ids, statuses, keys, identities, signers, reasons, now);
    }

    private Optional<FormatVerifier> verifierOf(SignatureMaterial material) {
        return verifiers.getOrDefault(material.format(), List.of()).stream().filter(v -> v.accepts(material)).findFirst();
    }

    /** {repository, digest} of the image the submission names. */
    private static String[] image(SignatureSubmission submission) {
        String repository = submission.repository();
        String digest = submission.digest();
        if (submission.image() != null && !submission.image().isBlank()) {
            Matcher reference = REFERENCE.matcher(submission.image().strip());
            if (!reference.matches()) {
                throw invalid("image is repository@sha256:<64 hex digits> (a tag alone is not what was signed).");
            }
            String named = reference.group(1);
            int tag = named.lastIndexOf(':');
            repository = tag > named.lastIndexOf('/') ? named.substring(0, tag) : named;
            digest = reference.group(2);
        }
        if (repository == null || digest == null || !DIGEST.matcher(digest.strip()).matches()) {
            throw invalid("Name the image: image (repository@sha256:…), or repository and digest (sha256:<64 hex digits>).");
        }
        repository = repository.strip().toLowerCase(Locale.ROOT);
        if (!REPOSITORY.matcher(repository).matches()) {
            throw invalid("The repository is not an image repository name (lower case, at most 255 characters).");
        }
        return new String[] {ImageNames.familiar(repository), digest.strip()};
    }

    private ProjectRef project(String slug, String repository, Viewer actor) {
        ProjectRef project;
        if (slug != null && !slug.isBlank()) {
            project = inventory.visibleProject(slug.strip(), actor)
                    .orElseThrow(() -> KeelwatchException.notFound("Project '" + slug.strip() + "'"));
        } else {
            project = inventory.mappedProject(repository, actor).orElseThrow(() -> new KeelwatchException(InventoryProblem.UNKNOWN_PROJECT,
                    "No project maps repository '" + repository + "'; pass project or add a repository rule."));
        }
        if (!actor.canWriteTo(project.teamId(), Scope.SIGNATURES_WRITE)) {
            throw new KeelwatchException(CommonProblem.FORBIDDEN, "You may not submit signatures for project '" + project.slug() + "'.");
        }
        return project;
    }

    private SignatureMaterial material(SignatureFormat format, SignatureSubmission submission) {
        if (format == SignatureFormat.SIGSTORE_BUNDLE) {
            String bundle = bundle(submission.bundle(), "bundle is required: the Sigstore bundle (its JSON, or that JSON as a string).");
            byte[] artifact = submission.artifact() == null || submission.artifact().isBlank() ? new byte[0]
                    : base64(submission.artifact(), "artifact", MAX_PAYLOAD);
            return new SignatureMaterial(format, artifact, null, null, null, bundle, null);
        }
        if (format == SignatureFormat.NOTATION) {
            if (submission.envelope() == null || submission.envelope().isBlank()) {
                throw invalid("envelope is required: the Notation signature envelope's bytes in base64.");
            }
            String mediaType = submission.mediaType() == null || submission.mediaType().isBlank() ? null : submission.mediaType().strip();
            if (mediaType != null && !mediaType.equals(NotationVerifier.JWS) && !mediaType.equals(NotationVerifier.COSE)) {
                throw invalid("mediaType is " + NotationVerifier.JWS + " or " + NotationVerifier.COSE + " (or absent: told by the envelope).");
            }
            return new SignatureMaterial(format, base64(submission.envelope(), "envelope", MAX_PAYLOAD), null, null, null, null, mediaType);
        }
        if (submission.payload() == null || submission.payload().isEmpty()) {
            throw invalid("payload is required: the simple-signing payload as signed (base64, or the JSON itself).");
        }
        byte[] payload;
        if (submission.payload().stripLeading().startsWith("{")) {
            payload = submission.payload().getBytes(StandardCharsets.UTF_8);
        } else {
            try {
                payload = Base64.getMimeDecoder().decode(submission.payload());
            } catch (IllegalArgumentException e) {
                throw invalid("payload is neither JSON nor base64.");
            }
        }
        if (payload.length > MAX_PAYLOAD) {
            throw invalid("A payload has at most " + MAX_PAYLOAD + " bytes.");
        }
        String signature = submission.signature() == null ? "" : submission.signature().strip();
        if (signature.isEmpty() || signature.length() > MAX_SIGNATURE || !signature.matches("[A-Za-z0-9+/=\\s]+")) {
            throw invalid("signature is required: the signature in base64 (at most " + MAX_SIGNATURE + " characters).");
        }
        try {
            Base64.getMimeDecoder().decode(signature);
        } catch (IllegalArgumentException e) {
            throw invalid("signature is not base64.");
        }
        String publicKey = null;
        if (submission.publicKey() != null && !submission.publicKey().isBlank()) {
            try {
                publicKey = PublicKeyPem.parse(submission.publicKey()).pem();
            } catch (PublicKeyPem.Refused e) {
                throw new KeelwatchException(e.privateKey() ? SigningProblem.PRIVATE_KEY_REFUSED : SigningProblem.INVALID_KEY,
                        "publicKey: " + e.getMessage());
            }
        }
        boolean certificate = submission.certificate() != null && !submission.certificate().isBlank();
        boolean bundle = submission.bundle() != null && !submission.bundle().isNull();
        if (!certificate) {
            if (bundle || submission.chain() != null && !submission.chain().isBlank()) {
                throw invalid("A keyless cosign signature needs its certificate (the dev.sigstore.cosign/certificate annotation).");
            }
            return new SignatureMaterial(format, payload, signature, publicKey, null, null, null);
        }
        String pem = submission.certificate().strip();
        if (pem.contains("PRIVATE KEY-----")) {
            throw new KeelwatchException(SigningProblem.PRIVATE_KEY_REFUSED, "certificate holds a private key: Keelwatch never takes private keys.");
        }
        if (pem.length() > MAX_BUNDLE || !pem.startsWith("-----BEGIN CERTIFICATE-----")) {
            throw invalid("certificate is the PEM signing certificate (-----BEGIN CERTIFICATE-----, at most " + MAX_BUNDLE + " characters).");
        }
        // the chain's intermediates come from the trusted root, as cosign takes them offline; the sent chain vouches for nothing
        return new SignatureMaterial(format, payload, signature, null, pem,
                bundle ? bundle(submission.bundle(), "bundle is cosign's Rekor bundle annotation (JSON).") : null, null);
    }

    /** A bundle's JSON text: sent as JSON, or as a string holding it; bounded. */
    private String bundle(JsonNode bundle, String required) {
        if (bundle == null || bundle.isNull() || bundle.isString() && bundle.asString().isBlank()) {
            throw invalid(required);
        }
        String text = bundle.isString() ? bundle.asString() : json.writeValueAsString(bundle);
        if (text.length() > MAX_BUNDLE) {
            throw invalid("A bundle has at most " + MAX_BUNDLE + " characters.");
        }
        if (!InboundText.isAllowed(text)) {
            throw invalid(InboundText.refusal("The bundle", text));
        }
        return text;
    }

    private static byte[] base64(String value, String field, int max) {
        byte[] bytes;
        try {
            bytes = Base64.getMimeDecoder().decode(value.strip());
        } catch (IllegalArgumentException e) {
            throw invalid(field + " is not base64.");
        }
        if (bytes.length > max) {
            throw invalid("A decoded " + field + " has at most " + max + " bytes.");
        }
        return bytes;
    }

    /** The output's bytes, when every entry is a simple-signing payload of the image's digest. */
    private byte[] verifyOutput(JsonNode output, String digest) {
        if (output == null || !output.isArray() || output.isEmpty()) {
            throw invalid("verifyOutput is the JSON array `cosign verify --output json` prints.");
        }
        for (JsonNode entry : output) {
            String signed = entry.path("critical").path("image").path("docker-manifest-digest").asString("");
            if (!signed.equals(digest)) {
                throw invalid("The verify output is about " + (signed.isEmpty() ? "no image digest" : bounded(signed, 80))
                        + ", not this image's digest " + digest + ".");
            }
        }
        byte[] bytes = json.writeValueAsBytes(output);
        if (bytes.length > MAX_PAYLOAD) {
            throw invalid("A verify output has at most " + MAX_PAYLOAD + " bytes.");
        }
        return bytes;
    }

    /** The signer a keyless verify output names (issuer and subject), or null for a key-based one. */
    private static String reportedSigner(JsonNode output) {
        JsonNode optional = output.get(0).path("optional");
        String subject = optional.path("Subject").asString(null);
        String issuer = ISSUER_CLAIMS.stream().map(c -> optional.path(c).asString(null)).filter(v -> v != null).findFirst().orElse(null);
        if (subject == null && issuer == null) {
            return null;
        }
        String signer = (issuer == null ? "" : issuer + " ") + (subject == null ? "" : subject);
        return InboundText.isAllowed(signer) ? bounded(signer.strip(), 1000) : null;
    }

    private static String materialHash(SignatureMaterial material) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(material.format().value().getBytes(StandardCharsets.UTF_8));
            sha.update((byte) 0);
            sha.update(material.payload());
            sha.update((byte) 0);
            sha.update(String.valueOf(material.signature()).getBytes(StandardCharsets.UTF_8));
            // appended only when present, so key-based signatures keep the hash they were stored under
            for (String part : new String[] {material.certificate(), material.bundle(), material.mediaType()}) {
                if (part != null) {
                    sha.update((byte) 0);
                    sha.update(part.getBytes(StandardCharsets.UTF_8));
                }
            }
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String bounded(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max) + "…";
    }

    private static KeelwatchException invalid(String message) {
        return new KeelwatchException(CommonProblem.INVALID_REQUEST, message);
    }
}
