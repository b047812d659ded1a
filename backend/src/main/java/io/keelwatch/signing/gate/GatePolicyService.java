package io.keelwatch.signing.gate;

import io.keelwatch.access.Viewer;
import io.keelwatch.audit.AuditEntry;
import io.keelwatch.audit.AuditLog;
import io.keelwatch.inventory.EnvironmentSummary;
import io.keelwatch.inventory.ImageNames;
import io.keelwatch.inventory.InventoryService;
import io.keelwatch.platform.CommonProblem;
import io.keelwatch.platform.KeelwatchException;
import io.keelwatch.signing.gate.GatePolicySummary.Authorities;
import io.keelwatch.signing.gate.GatePolicySummary.VulnerabilityRules;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.modulith.NamedInterface;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Creating, replacing and deleting gate policies (leads and admins: {@link Viewer#mayManageGatePolicies()}), each
 * change audited with the policy before and after; everyone who reads reads them. The gate's policies in memory
 * ({@link GateQueries#policies}) follow V41's policy generation, which every write of {@code gate_policy} moves on:
 * the next decision after the change commits applies it, on every replica.
 */
@Service
@NamedInterface("gate")
public class GatePolicyService {

    static final int MAX_LIST = 50;
    private static final Pattern IMAGE_PATTERN = Pattern.compile("[A-Za-z0-9._/:*@-]{1,200}");
    private static final Set<String> MODES = Set.of("enforce", "warn");
    private static final List<String> SEVERITIES = List.of("HIGH", "MEDIUM", "LOW");

    private final GatePolicyRepository policies;
    private final InventoryService inventory;
    private final AuditLog audit;
    private final Clock clock = Clock.systemUTC();

    GatePolicyService(GatePolicyRepository policies, InventoryService inventory, AuditLog audit) {
        this.policies = policies;
        this.inventory = inventory;
        this.audit = audit;
    }

    @Transactional(readOnly = true)
    List<GatePolicySummary> policies() {
        return policies.findAllByOrderByNameAsc().stream().map(GatePolicy::summary).toList();
    }

    @Transactional(readOnly = true)
    GatePolicySummary policy(long id) {
        return find(id).summary();
    }

    @Transactional
    public GatePolicySummary create(GatePolicyRequest request, Viewer actor) {
        requireManager(actor);
        GatePolicyTerms terms = checked(request);
        if (policies.existsByName(terms.name())) {
            throw taken(terms.name(), null);
        }
        GatePolicy policy = new GatePolicy(terms, actor.username(), OffsetDateTime.now(clock));
        save(policy, terms.name());
        audit.record(AuditEntry.success(actor.username(), "gate_policy.created", "gate_policy", policy.id(), null,
                Map.of("after", terms)));
        return policy.summary();
    }

    @Transactional
    GatePolicySummary replace(long id, GatePolicyRequest request, Viewer actor) {
        requireManager(actor);
        GatePolicy policy = find(id);
        GatePolicyTerms before = policy.terms();
        GatePolicyTerms terms = checked(request);
        if (!terms.name().equals(before.name()) && policies.existsByName(terms.name())) {
            throw taken(terms.name(), null);
        }
        if (terms.equals(before)) {
            return policy.summary();
        }
        policy.apply(terms, OffsetDateTime.now(clock));
        save(policy, terms.name());
        audit.record(AuditEntry.success(actor.username(), "gate_policy.changed", "gate_policy", id, null,
                Map.of("before", before, "after", terms)));
        return policy.summary();
    }

    @Transactional
    void delete(long id, Viewer actor) {
        requireManager(actor);
        GatePolicy policy = find(id);
        GatePolicyTerms before = policy.terms();
        policies.delete(policy);
        policies.flush();
        audit.record(AuditEntry.success(actor.username(), "gate_policy.deleted", "gate_policy", id, null, Map.of("before", before)));
    }

    /** The request's terms, normalised, or a 400 naming the first thing wrong. */
    GatePolicyTerms checked(GatePolicyRequest request) {
        if (request == null) {
            throw invalid("Send a policy: name, imagePattern, mode, and authorities and/or vulnerabilities.");
        }
        String name = request.name() == null ? "" : request.name().strip();
        if (name.isEmpty() || name.length() > 100 || name.chars().anyMatch(Character::isISOControl)) {
            throw invalid("name is 1 to 100 characters, no control characters.");
        }
        String pattern = request.imagePattern() == null ? "" : request.imagePattern().strip();
        if (!IMAGE_PATTERN.matcher(pattern).matches()) {
            throw invalid("imagePattern is a repository glob of 1 to 200 characters (letters, digits, . _ / : @ - and * for any "
                    + "characters), e.g. registry.example/shop/*.");
        }
        String mode = request.mode() == null ? "" : request.mode().strip().toLowerCase(Locale.ROOT);
        if (!MODES.contains(mode)) {
            throw invalid("mode is enforce (a broken rule denies) or warn (it only warns).");
        }
        List<String> environments = environments(request.environments());
        Authorities authorities = request.authorities() == null ? new Authorities(false, List.of(), List.of()) : request.authorities();
        List<Long> keys = ids(authorities.keys(), "authorities.keys");
        List<Long> identities = ids(authorities.identities(), "authorities.identities");
        VulnerabilityRules rules = request.vulnerabilities() == null ? new VulnerabilityRules(null, null, null) : request.vulnerabilities();
        String maxSeverity = null;
        if (rules.maxSeverity() != null) {
            maxSeverity = rules.maxSeverity().strip().toUpperCase(Locale.ROOT);
            if (!SEVERITIES.contains(maxSeverity)) {
                throw invalid("vulnerabilities.maxSeverity is HIGH, MEDIUM or LOW: no open finding above it is allowed.");
            }
        }
        Integer fixableDays = rules.noFixableCriticalOlderThanDays();
        if (fixableDays != null && (fixableDays < 0 || fixableDays > 3650)) {
            throw invalid("vulnerabilities.noFixableCriticalOlderThanDays is 0 to 3650 days.");
        }
        Integer scannedDays = rules.scannedWithinDays();
        if (scannedDays != null && (scannedDays < 1 || scannedDays > 3650)) {
            throw invalid("vulnerabilities.scannedWithinDays is 1 to 3650 days.");
        }
        GatePolicyTerms terms = new GatePolicyTerms(name, ImageNames.familiar(pattern), environments, mode,
                Boolean.TRUE.equals(authorities.anyTrustedSigner()), keys, identities, maxSeverity, fixableDays, scannedDays);
        if (!terms.requiresSignature() && maxSeverity == null && fixableDays == null && scannedDays == null) {
            throw invalid("A policy needs at least one rule: authorities (anyTrustedSigner, keys, identities) or a vulnerability rule.");
        }
        return terms;
    }

    private List<String> environments(List<String> requested) {
        if (requested == null || requested.isEmpty()) {
            return List.of();
        }
        if (requested.size() > MAX_LIST) {
            throw invalid("environments names at most " + MAX_LIST + " environments (none: every environment).");
        }
        Set<String> known = inventory.environments().stream().map(EnvironmentSummary::name).collect(Collectors.toSet());
        Set<String> names = new LinkedHashSet<>();
        for (String name : requested) {
            String value = name == null ? "" : name.strip();
            if (!known.contains(value)) {
                throw invalid("environments: '" + (value.length() > 63 ? value.substring(0, 63) + "…" : value)
                        + "' is not an environment; there are: " + String.join(", ", known.stream().sorted().toList()) + ".");
            }
            names.add(value);
        }
        return List.copyOf(names);
    }

    private static List<Long> ids(List<Long> requested, String field) {
        if (requested == null) {
            return List.of();
        }
        if (requested.size() > MAX_LIST || requested.stream().anyMatch(id -> id == null || id <= 0)) {
            throw invalid(field + " lists at most " + MAX_LIST + " positive ids.");
        }
        return List.copyOf(new ArrayList<>(new LinkedHashSet<>(requested)));
    }

    private void save(GatePolicy policy, String name) {
        try {
            policies.saveAndFlush(policy);
        } catch (DataIntegrityViolationException e) {
            throw taken(name, e);
        }
    }

    private GatePolicy find(long id) {
        return policies.findById(id).orElseThrow(() -> KeelwatchException.notFound("Gate policy " + id));
    }

    private static void requireManager(Viewer actor) {
        if (!actor.mayManageGatePolicies()) {
            throw new KeelwatchException(CommonProblem.FORBIDDEN, "Only leads and admins change gate policies.");
        }
    }

    private static KeelwatchException invalid(String message) {
        return new KeelwatchException(CommonProblem.INVALID_REQUEST, message);
    }

    private static KeelwatchException taken(String name, Throwable cause) {
        return new KeelwatchException(CommonProblem.CONFLICT, "A gate policy named '" + name + "' already exists.", cause);
    }
}
