package io.keelwatch.recovery.readiness;

import io.keelwatch.recovery.policies.Durations;
import io.keelwatch.recovery.policies.PolicyTerms;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The readiness rules, over what one cluster holds. A backup is <b>usable</b> only when Completed with no
 * {@code failureReason} (Velero marks a backup it finds InProgress after a restart Completed with one), no errors, not
 * expired, taken at a known time, and kept in a storage location not reported Unavailable; PartiallyFailed and every
 * other phase is shown but counts for nothing. <b>RPO met</b>: the newest usable backup fully covering the namespace (a
 * label selector covers it only partially) is younger than the RPO. <b>RTO proven</b>: a restore of a backup covering it,
 * taking the namespace (into itself or, through {@code namespaceMapping}, into a test namespace), Completed without
 * errors within the RTO, no longer ago than the restore-test frequency, and no failed health check attached.
 */
final class Readiness {

    /** Velero's default backup TTL (720h) when a backup names none. */
    static final long DEFAULT_TTL_MINUTES = 720 * 60;

    private Readiness() {
    }

    static NamespaceReadiness of(Rows.Namespace ns, Rows.Cluster cluster, Instant now) {
        List<Rows.Backup> covering = cluster.backups().stream()
                .filter(b -> Coverage.covers(b.included(), b.excluded(), ns.namespace()))
                .sorted(Comparator.comparing(Rows.Backup::takenAt, Comparator.nullsLast(Comparator.reverseOrder())))
                .toList();
        Rows.Backup newest = covering.isEmpty() ? null : covering.get(0);
        Rows.Backup usable = covering.stream().filter(b -> !b.labelSelector() && unusable(b, cluster, now).isEmpty())
                .findFirst().orElse(null);
        Rows.Backup usablePartial = covering.stream().filter(b -> b.labelSelector() && unusable(b, cluster, now).isEmpty())
                .findFirst().orElse(null);
        PolicyTerms policy = ns.policy();
        List<String> reasons = new ArrayList<>();

        Check rpo = Check.NO_POLICY;
        if (policy != null) {
            Long age = usable == null ? null : ageMinutes(usable.takenAt(), now);
            rpo = age != null && age <= policy.rpoMinutes() ? Check.MET : Check.BREACHED;
            if (rpo == Check.BREACHED) {
                String why = "RPO " + policy.rpo() + ": " + (usable == null ? "no usable backup covers it"
                        : "newest usable backup " + usable.name() + " " + duration(age) + " old");
                if (newest != null && newest != usable) {
                    Optional<String> not = unusable(newest, cluster, now);
                    if (not.isPresent()) {
                        why += newest.schedule() != null ? " — schedule " + newest.schedule() + " last ran " + not.get()
                                : " — newest backup " + newest.name() + ": " + not.get();
                    }
                }
                reasons.add(why);
            }
        }
        if (usablePartial != null && (usable == null || usablePartial.takenAt().isAfter(usable.takenAt()))) {
            reasons.add("backup " + usablePartial.name() + " takes it only by label selector (partial): not counted");
        }

        List<Rows.Restore> restores = cluster.restores().stream()
                .filter(r -> restores(r, ns.namespace(), covering))
                .sorted(Comparator.comparing(Rows.Restore::when, Comparator.nullsLast(Comparator.reverseOrder())))
                .toList();
        Rows.Restore proof = policy == null ? null
                : restores.stream().filter(r -> proves(r, policy, now).isEmpty()).findFirst().orElse(null);
        Rows.Restore shown = proof != null ? proof : restores.isEmpty() ? null : restores.get(0);
        Check rto = Check.NO_POLICY;
        if (policy != null) {
            rto = proof != null ? Check.MET : Check.BREACHED;
            if (proof == null) {
                reasons.add("RTO " + policy.rto() + ": " + (shown == null
                        ? "no restore of a backup covering it"
                        : proves(shown, policy, now).orElse("not proven")));
            }
        }

        boolean breachedElsewhere = false;
        if (policy != null && policy.schedule() != null) {
            Optional<String> schedule = scheduleBreach(policy.schedule(), ns.namespace(), cluster);
            schedule.ifPresent(reasons::add);
            breachedElsewhere = schedule.isPresent();
        }
        if (policy != null && policy.minTtlMinutes() != null && usable != null) {
            long ttl = Durations.minutes(usable.ttl()).orElse(DEFAULT_TTL_MINUTES);
            if (ttl < policy.minTtlMinutes()) {
                reasons.add("retention: backup " + usable.name() + " is kept " + duration(ttl) + " (ttl), the policy asks "
                        + policy.minTtl());
                breachedElsewhere = true;
            }
        }
        if (policy == null) {
            reasons.add("no recovery policy applies");
        }
        boolean verified = rpo == Check.MET && rto == Check.MET;
        boolean breached = policy != null && (rpo == Check.BREACHED || rto == Check.BREACHED || breachedElsewhere);
        return new NamespaceReadiness(ns.cluster(), ns.environment(), ns.namespace(), ns.project(), ns.projectName(), ns.team(),
                ns.policyScope(), policy, ref(usable, cluster, now), ref(newest, cluster, now), ref(shown, ns.namespace()),
                rpo, rto, verified, breached, List.copyOf(reasons));
    }

    /** Why a backup does not count, or empty when it is usable. */
    static Optional<String> unusable(Rows.Backup b, Rows.Cluster cluster, Instant now) {
        if (b.deleted() != null) {
            return Optional.of(b.deleted()
                    + (b.deletedAt() == null ? "" : " (" + b.deletedAt().atOffset(ZoneOffset.UTC).toLocalDate() + ")"));
        }
        if (!"Completed".equals(b.phase())) {
            return Optional.of(b.phase() == null ? "with no phase" : b.phase());
        }
        if (b.failureReason() != null) {
            return Optional.of("Completed with a failure reason (" + b.failureReason() + ")");
        }
        if (b.errors() > 0) {
            return Optional.of("Completed with " + b.errors() + " errors");
        }
        if (b.expiresAt() != null && !b.expiresAt().isAfter(now)) {
            return Optional.of("expired " + b.expiresAt().atOffset(ZoneOffset.UTC).toLocalDate());
        }
        if (b.takenAt() == null) {
            return Optional.of("taken at an unknown time");
        }
        Rows.Location location = b.location() == null ? null : cluster.locations().get(b.location());
        if (location != null && "Unavailable".equals(location.phase())) {
            return Optional.of("in storage location " + location.name() + ", which is Unavailable"
                    + (location.message() == null ? "" : " (" + location.message() + ")"));
        }
        return Optional.empty();
    }

    /** Whether the restore took the namespace from one of the backups covering it. */
    private static boolean restores(Rows.Restore r, String namespace, List<Rows.Backup> covering) {
        return r.backupName() != null && covering.stream().anyMatch(b -> b.name().equals(r.backupName()))
                && Coverage.covers(r.included(), r.excluded(), namespace);
    }

    /** Why the restore proves no RTO under the policy, or empty when it does. */
    private static Optional<String> proves(Rows.Restore r, PolicyTerms policy, Instant now) {
        if (!"Completed".equals(r.phase())) {
            return Optional.of("newest restore " + r.name() + " is " + (r.phase() == null ? "without a phase" : r.phase()));
        }
        if (r.errors() > 0 || r.failureReason() != null) {
            return Optional.of("restore " + r.name() + " Completed with " + (r.failureReason() != null
                    ? "a failure reason (" + r.failureReason() + ")" : r.errors() + " errors"));
        }
        if (r.durationSeconds() == null) {
            return Optional.of("restore " + r.name() + " has no start or completion time: how long it took is unknown");
        }
        if (r.durationSeconds() > policy.rtoMinutes() * 60L) {
            return Optional.of("restore " + r.name() + " took " + duration((r.durationSeconds() + 59) / 60));
        }
        if (r.completedAt().isBefore(now.minus(Duration.ofDays(policy.restoreTestDays())))) {
            return Optional.of("newest restore test " + r.name() + " was " + duration(ageMinutes(r.completedAt(), now))
                    + " ago; the policy asks for one every " + policy.restoreTestDays() + "d");
        }
        if (Boolean.FALSE.equals(r.healthCheck())) {
            return Optional.of("the health check after restore " + r.name() + " failed");
        }
        return Optional.empty();
    }

    private static Optional<String> scheduleBreach(String name, String namespace, Rows.Cluster cluster) {
        Rows.Schedule schedule = cluster.schedules().get(name);
        if (schedule == null) {
            return Optional.of("the required schedule " + name + " is not in the cluster");
        }
        if (schedule.paused()) {
            return Optional.of("the required schedule " + name + " is paused");
        }
        if ("FailedValidation".equals(schedule.phase())) {
            return Optional.of("the required schedule " + name + " failed validation");
        }
        if (!Coverage.covers(schedule.included(), schedule.excluded(), namespace)) {
            return Optional.of("the required schedule " + name + " does not take this namespace");
        }
        return Optional.empty();
    }

    static BackupRef ref(Rows.Backup b, Rows.Cluster cluster, Instant now) {
        if (b == null) {
            return null;
        }
        Rows.Location location = b.location() == null ? null : cluster.locations().get(b.location());
        return new BackupRef(b.id(), b.name(), b.phase(), b.takenAt() == null ? null : b.takenAt().atOffset(ZoneOffset.UTC),
                b.takenAt() == null ? null : ageMinutes(b.takenAt(), now), b.labelSelector(), b.schedule(), b.location(),
                location == null ? null : location.phase(), b.deletedAt() == null ? null : b.deletedAt().atOffset(ZoneOffset.UTC));
    }

    static RestoreRef ref(Rows.Restore r, String namespace) {
        if (r == null) {
            return null;
        }
        return new RestoreRef(r.id(), r.name(), r.phase(), r.backupName(),
                r.completedAt() == null ? null : r.completedAt().atOffset(ZoneOffset.UTC), r.durationSeconds(),
                namespace == null ? null : r.mapping().get(namespace), r.healthCheck());
    }

    static long ageMinutes(Instant then, Instant now) {
        return Math.max(0, Duration.between(then, now).toMinutes());
    }

    /** Minutes as a person reads an age: {@code 45m}, {@code 31h}, {@code 3d 4h}. */
    static String duration(long minutes) {
        if (minutes < 60) {
            return minutes + "m";
        }
        if (minutes < 48 * 60) {
            return minutes / 60 + "h" + (minutes % 60 == 0 || minutes >= 10 * 60 ? "" : " " + minutes % 60 + "m");
        }
        long hours = minutes / 60;
        return hours / 24 + "d" + (hours % 24 == 0 ? "" : " " + hours % 24 + "h");
    }
}
