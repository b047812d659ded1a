package io.keelwatch.signing.gate;

import io.keelwatch.signing.gate.GateQueries.Evidence;
import io.keelwatch.signing.gate.GateQueries.Policy;
import io.keelwatch.signing.gate.GateQueries.Signing;
import io.keelwatch.signing.gate.GateQueries.Waiver;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.stereotype.Service;

/**
 * The gate's decision for images in an environment, from the database alone: every policy whose image glob and
 * environments match applies, and each rule it breaks is a reason — a deny when the policy enforces, a warning when
 * it warns. The images' signing status counts only when Keelwatch verified the signature itself: a {@code reported}
 * status (someone's {@code cosign verify} output) does not satisfy an authority, in enforce or warn mode, because
 * nothing in the database proves it. An image never scanned breaks every vulnerability rule (no evidence is not
 * clean evidence); a reference without a digest breaks every rule, as nothing can be tied to a tag. A rule an approved,
 * unexpired gate-rule waiver (an exception, findings' view {@code gate_waiver}) covers for the image is still reported,
 * marked waived with the exception's id, and counts towards neither deny nor warn.
 */
@Service
class GateService {

    private static final List<String> SEVERITY_ORDER = List.of("CRITICAL", "HIGH", "MEDIUM", "LOW");

    private final GateQueries queries;
    private final Clock clock = Clock.systemUTC();
    private final MeterRegistry meters;

    GateService(GateQueries queries, MeterRegistry meters) {
        this.queries = queries;
        this.meters = meters;
    }

    /**
     * A decision for CI or admission, timed in {@code keelwatch.gate.decisions} by its outcome: the policies from
     * memory and one statement for the images (so no transaction of its own).
     */
    GateDecision decide(List<GateImage> images, String environment) {
        Timer.Sample sample = Timer.start(meters);
        GateDecision decision = decision(images, environment, queries.policies(), queries.evidence(images));
        sample.stop(Timer.builder("keelwatch.gate.decisions").description("Gate decisions (CI and admission), by decision")
                .tag("decision", decision.decision()).register(meters));
        return decision;
    }

    /** One decision per image (the "would deny" list), from the policies and one read of the images' evidence. */
    List<GateDecision> decideEach(List<GateImage> images, String environment) {
        List<Policy> policies = queries.policies();
        Map<String, Evidence> evidence = queries.evidence(images);
        return images.stream().map(image -> decision(List.of(image), environment, policies, evidence)).toList();
    }

    private GateDecision decision(List<GateImage> images, String environment, List<Policy> policies, Map<String, Evidence> evidence) {
        Instant now = clock.instant();
        Set<String> matched = new LinkedHashSet<>();
        List<GateReason> reasons = new ArrayList<>();
        for (GateImage image : images) {
            Evidence known = image.pinned() ? evidence.getOrDefault(image.repository() + "@" + image.digest(), Evidence.UNKNOWN)
                    : Evidence.UNKNOWN;
            List<Waiver> waived = known.waivers();
            for (Policy policy : policies) {
                if (!policy.appliesTo(image.repository(), environment)) {
                    continue;
                }
                matched.add(policy.terms().name());
                for (String[] broken : broken(policy.terms(), image, known, now)) {
                    Waiver waiver = waived.stream().filter(w -> w.rule().equals(broken[0])).findFirst().orElse(null);
                    reasons.add(new GateReason(image.reference(), policy.terms().name(), policy.terms().mode(),
                            "enforce".equals(policy.terms().mode()) ? GateDecision.DENY : GateDecision.WARN, broken[0], broken[1],
                            waiver != null, waiver == null ? null : waiver.exceptionId(), waiver == null ? null : waiver.expiresAt()));
                }
            }
        }
        // what counts first (denials, then warnings), the waived last: reported, never silently dropped
        reasons.sort(Comparator.comparing((GateReason r) -> !r.counts()).thenComparing(r -> !GateDecision.DENY.equals(r.effect())));
        List<GateReason> counting = reasons.stream().filter(GateReason::counts).toList();
        String decision = counting.isEmpty() ? GateDecision.ALLOW
                : GateDecision.DENY.equals(counting.get(0).effect()) ? GateDecision.DENY : GateDecision.WARN;
        return new GateDecision(images.stream().map(GateImage::reference).toList(), environment, decision, List.copyOf(matched),
                List.copyOf(reasons));
    }

    /** The rules the policy's terms break for the image, each as {rule, detail}. */
    private static List<String[]> broken(GatePolicyTerms terms, GateImage image, Evidence known, Instant now) {
        List<String[]> broken = new ArrayList<>();
        if (!image.pinned()) {
            broken.add(new String[] {"digest", "named by tag only: the gate decides about a digest (repository@sha256:…)"});
            return broken;
        }
        if (terms.requiresSignature()) {
            String unsigned = signature(terms, known.signing());
            if (unsigned != null) {
                broken.add(new String[] {"signature", unsigned});
            }
        }
        boolean vulnerabilityRules = terms.maxSeverity() != null || terms.noFixableCriticalOlderThanDays() != null;
        if (vulnerabilityRules && known.lastScannedAt() == null) {
            broken.add(new String[] {terms.maxSeverity() != null ? "max-severity" : "fixable-critical-age",
                    "never scanned: no findings to judge"});
        } else {
            if (terms.maxSeverity() != null) {
                int limit = SEVERITY_ORDER.indexOf(terms.maxSeverity());
                String above = SEVERITY_ORDER.subList(0, limit).stream()
                        .filter(s -> known.openBySeverity().getOrDefault(s, 0) > 0)
                        .map(s -> known.openBySeverity().get(s) + " " + s)
                        .collect(Collectors.joining(", "));
                if (!above.isEmpty()) {
                    broken.add(new String[] {"max-severity", "open findings above " + terms.maxSeverity() + ": " + above});
                }
            }
            Integer days = terms.noFixableCriticalOlderThanDays();
            if (days != null && known.oldestFixableCriticalSeen() != null
                    && known.oldestFixableCriticalSeen().isBefore(now.minus(Duration.ofDays(days)))) {
                broken.add(new String[] {"fixable-critical-age", known.oldestFixableCritical() + " (critical, fix available) open for "
                        + Duration.between(known.oldestFixableCriticalSeen(), now).toDays() + " days; policy allows " + days});
            }
        }
        Integer within = terms.scannedWithinDays();
        if (within != null) {
            if (known.lastScannedAt() == null) {
                broken.add(new String[] {"scanned-within", "never scanned; policy requires a scan within " + within + " days"});
            } else if (known.lastScannedAt().isBefore(now.minus(Duration.ofDays(within)))) {
                broken.add(new String[] {"scanned-within", "last scanned " + Duration.between(known.lastScannedAt(), now).toDays()
                        + " days ago; policy requires a scan within " + within + " days"});
            }
        }
        return broken;
    }

    /** Null when a signature verified by an authority of the policy exists; otherwise why not, from the best status there is. */
    static String signature(GatePolicyTerms terms, List<Signing> signing) {
        for (Signing s : signing) {
            if ("verified".equals(s.status()) && (terms.anyTrustedSigner() || s.keyId() != null && terms.keyIds().contains(s.keyId())
                    || s.identityId() != null && terms.identityIds().contains(s.identityId()))) {
                return null;
            }
        }
        if (signing.isEmpty()) {
            return "not signed: no signature submitted for this digest";
        }
        Signing best = signing.stream().min(Comparator.comparingInt(s -> List.of("verified", "reported", "untrusted_signer", "invalid")
                .indexOf(s.status()))).orElseThrow();
        return switch (best.status()) {
            case "verified" -> "verified by " + best.signer() + ", who is not among this policy's authorities";
            case "reported" -> "signature only reported (verified elsewhere, by " + best.signer()
                    + "); the gate needs a signature Keelwatch verified";
            case "untrusted_signer" -> "signed by an untrusted signer: " + best.signer();
            default -> "signature invalid" + (best.reasons() == null || best.reasons().isEmpty() ? "" : ": " + best.reasons());
        };
    }
}
