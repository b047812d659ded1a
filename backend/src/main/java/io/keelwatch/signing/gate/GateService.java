package io.keelwatch.signing.gate;

import io.keelwatch.signing.gate.GateGenerations.Generation;
import io.keelwatch.signing.gate.GateQueries.Evidence;
import io.keelwatch.signing.gate.GateQueries.Policy;
import io.keelwatch.signing.gate.GateQueries.Signing;
import io.keelwatch.signing.gate.GateQueries.Waiver;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
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
 *
 * <p>Each image's verdict in an environment is remembered ({@link #MAX_VERDICTS} at most) under V41's generations,
 * which every write of what a decision reads moves on, on any replica: a decision reads them first (one tiny
 * statement) and uses a remembered verdict only if it was computed under the same ones and before the first instant
 * its answer would change by time alone (a waiver expiring, a fixable critical or the last scan growing a day older,
 * a rule starting to break); at most {@link #REMEMBER_AT_MOST}. A verdict is kept only when no writer was still open
 * after the generations were read ({@link GateGenerations#settled}), so one computed from newer data than its
 * generation is at worst computed again, never one from older data used.
 */
@Service
class GateService {

    private static final List<String> SEVERITY_ORDER = List.of("CRITICAL", "HIGH", "MEDIUM", "LOW");
    /** Verdicts remembered at most; past that all are forgotten (a cluster runs far fewer images per environment). */
    static final int MAX_VERDICTS = 20_000;
    /**
     * How long a verdict is used at most, whatever else: a bound on how long an input the generations missed (a write
     * with triggers disabled, a clock far from the database's) could last.
     */
    static final Duration REMEMBER_AT_MOST = Duration.ofMinutes(1);

    private final GateQueries queries;
    private final GateGenerations generations;
    private final Clock clock = Clock.systemUTC();
    private final MeterRegistry meters;
    /** keelwatch.gate.decisions by decision, registered once (a registration per decision was a map lookup and a builder). */
    private final Map<String, Timer> timers;
    private final Counter fromMemory;
    private final Counter fromDatabase;
    private final AtomicReference<Memo> memo = new AtomicReference<>(new Memo(new Generation(-1, -1), new ConcurrentHashMap<>()));

    /** An image as asked about in an environment. */
    private record Key(GateImage image, String environment) {
    }

    /**
     * One image's part of a decision: its broken rules (in the order found), the policies that applied, and the first
     * instant at which the same data could give another answer.
     */
    private record Verdict(List<GateReason> reasons, List<String> matched, Instant until) {
    }

    /** The verdicts computed under one generation. */
    private record Memo(Generation generation, Map<Key, Verdict> verdicts) {
    }

    GateService(GateQueries queries, GateGenerations generations, MeterRegistry meters) {
        this.queries = queries;
        this.generations = generations;
        this.meters = meters;
        this.timers = Map.of(GateDecision.ALLOW, timer(meters, GateDecision.ALLOW), GateDecision.WARN, timer(meters, GateDecision.WARN),
                GateDecision.DENY, timer(meters, GateDecision.DENY));
        this.fromMemory = verdicts(meters, "memory");
        this.fromDatabase = verdicts(meters, "database");
    }

    private static Timer timer(MeterRegistry meters, String decision) {
        return Timer.builder("keelwatch.gate.decisions").description("Gate decisions (CI and admission), by decision")
                .tag("decision", decision).register(meters);
    }

    private static Counter verdicts(MeterRegistry meters, String from) {
        return Counter.builder("keelwatch.gate.verdicts").description("Images' verdicts in gate decisions, by where they came from")
                .tag("from", from).register(meters);
    }

    /**
     * A decision for CI or admission, timed in {@code keelwatch.gate.decisions} by its outcome: the generations, and
     * for images without a current verdict the policies from memory and one statement for them (so no transaction of
     * its own).
     */
    GateDecision decide(List<GateImage> images, String environment) {
        Timer.Sample sample = Timer.start(meters);
        Generation generation = generations.read();
        Instant now = clock.instant();
        Memo current = memo.get();
        Map<GateImage, Verdict> verdicts = new HashMap<>();
        List<GateImage> missing = new ArrayList<>();
        for (GateImage image : images) {
            Verdict known = current.generation().equals(generation) ? current.verdicts().get(new Key(image, environment)) : null;
            if (known != null && now.isBefore(known.until())) {
                verdicts.put(image, known);
            } else if (!missing.contains(image)) {
                missing.add(image);
            }
        }
        fromMemory.increment(verdicts.size());
        if (!missing.isEmpty()) {
            fromDatabase.increment(missing.size());
            // in this order: the generations (above), whether their writers have all ended, then the data
            GateGenerations.Settled settled = generations.settled();
            GateQueries.PoliciesAt policies = queries.policies(generation.policies(), settled.policies());
            Map<String, Evidence> evidence = queries.evidence(missing);
            Memo into = settled.evidence() && policies.ofGeneration() ? memoOf(generation) : null;
            for (GateImage image : missing) {
                Verdict verdict = verdict(image, environment, policies.policies(), evidence, now);
                verdicts.put(image, verdict);
                if (into != null) {
                    if (into.verdicts().size() >= MAX_VERDICTS) {
                        into.verdicts().clear();
                    }
                    into.verdicts().put(new Key(image, environment), verdict);
                }
            }
        }
        GateDecision decision = decision(images, environment, verdicts);
        sample.stop(timers.get(decision.decision()));
        return decision;
    }

    /** The verdicts kept under the generation: those kept so far, or none yet if it is newer; null if it is older. */
    private Memo memoOf(Generation generation) {
        Memo kept = memo.get();
        while (!kept.generation().equals(generation)) {
            if (!generation.notOlderThan(kept.generation())) {
                return null;
            }
            Memo fresh = new Memo(generation, new ConcurrentHashMap<>());
            if (memo.compareAndSet(kept, fresh)) {
                return fresh;
            }
            kept = memo.get();
        }
        return kept;
    }

    /** One decision per image (the "would deny" list), from the policies and one read of the images' evidence. */
    List<GateDecision> decideEach(List<GateImage> images, String environment) {
        List<Policy> policies = queries.policies();
        Map<String, Evidence> evidence = queries.evidence(images);
        Instant now = clock.instant();
        return images.stream().map(image -> decision(List.of(image), environment,
                Map.of(image, verdict(image, environment, policies, evidence, now)))).toList();
    }

    /** The images' verdicts put together: every reason, what counts first (denials, then warnings), the waived last. */
    private static GateDecision decision(List<GateImage> images, String environment, Map<GateImage, Verdict> verdicts) {
        Set<String> matched = new LinkedHashSet<>();
        List<GateReason> reasons = new ArrayList<>();
        for (GateImage image : images) {
            Verdict verdict = verdicts.get(image);
            matched.addAll(verdict.matched());
            reasons.addAll(verdict.reasons());
        }
        // what counts first (denials, then warnings), the waived last: reported, never silently dropped
        reasons.sort(Comparator.comparing((GateReason r) -> !r.counts()).thenComparing(r -> !GateDecision.DENY.equals(r.effect())));
        List<GateReason> counting = reasons.stream().filter(GateReason::counts).toList();
        String decision = counting.isEmpty() ? GateDecision.ALLOW
                : GateDecision.DENY.equals(counting.get(0).effect()) ? GateDecision.DENY : GateDecision.WARN;
        return new GateDecision(images.stream().map(GateImage::reference).toList(), environment, decision, List.copyOf(matched),
                List.copyOf(reasons));
    }

    /** One image's broken rules under every policy that applies to it in the environment, and until when they hold. */
    private static Verdict verdict(GateImage image, String environment, List<Policy> policies, Map<String, Evidence> evidence,
            Instant now) {
        Evidence known = image.pinned() ? evidence.getOrDefault(image.repository() + "@" + image.digest(), Evidence.UNKNOWN)
                : Evidence.UNKNOWN;
        Horizon horizon = new Horizon(now.plus(REMEMBER_AT_MOST));
        List<Waiver> waived = known.waivers();
        // a waiver leaves gate_waiver when it expires
        waived.stream().map(Waiver::expiresAt).filter(Objects::nonNull).forEach(expiry -> horizon.at(expiry.toInstant()));
        List<String> matched = new ArrayList<>();
        List<GateReason> reasons = new ArrayList<>();
        for (Policy policy : policies) {
            if (!policy.appliesTo(image.repository(), environment)) {
                continue;
            }
            matched.add(policy.terms().name());
            for (String[] broken : broken(policy.terms(), image, known, now, horizon)) {
                Waiver waiver = waived.stream().filter(w -> w.rule().equals(broken[0])).findFirst().orElse(null);
                reasons.add(new GateReason(image.reference(), policy.terms().name(), policy.terms().mode(),
                        "enforce".equals(policy.terms().mode()) ? GateDecision.DENY : GateDecision.WARN, broken[0], broken[1],
                        waiver != null, waiver == null ? null : waiver.exceptionId(), waiver == null ? null : waiver.expiresAt()));
            }
        }
        return new Verdict(List.copyOf(reasons), List.copyOf(matched), horizon.until);
    }

    /** The earliest instant a verdict's answer may change by time alone. */
    private static final class Horizon {
        private Instant until;

        Horizon(Instant until) {
            this.until = until;
        }

        void at(Instant instant) {
            if (instant.isBefore(until)) {
                until = instant;
            }
        }

        /**
         * A rule that breaks once {@code since} is more than {@code days} old: it starts to break then, and once broken
         * its detail (the whole days since) changes at each further day.
         */
        void age(Instant since, int days, Instant now) {
            Instant breaks = since.plus(Duration.ofDays(days));
            at(now.isAfter(breaks) ? since.plus(Duration.ofDays(Duration.between(since, now).toDays() + 1)) : breaks);
        }
    }

    /** The rules the policy's terms break for the image, each as {rule, detail}; the horizon learns when they change. */
    private static List<String[]> broken(GatePolicyTerms terms, GateImage image, Evidence known, Instant now, Horizon horizon) {
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
            if (days != null && known.oldestFixableCriticalSeen() != null) {
                horizon.age(known.oldestFixableCriticalSeen(), days, now);
            }
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
            } else {
                horizon.age(known.lastScannedAt(), within, now);
            }
            if (known.lastScannedAt() != null && known.lastScannedAt().isBefore(now.minus(Duration.ofDays(within)))) {
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
