package io.keelwatch.recovery.readiness;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;

/**
 * A restore with its phase history and the evidence people attached.
 *
 * @param backupId          the backup it restored, when Keelwatch has it; null otherwise
 * @param namespaceMapping  source namespace → namespace restored into (a restore test into a test namespace)
 * @param mayAttachEvidence whether the caller may attach evidence to it
 */
public record RestoreDetail(long id, String cluster, String name, String uid, String phase, String backupName, Long backupId,
        String schedule, List<String> includedNamespaces, List<String> excludedNamespaces, Map<String, String> namespaceMapping,
        OffsetDateTime createdAt, OffsetDateTime startedAt, OffsetDateTime completedAt, Long durationSeconds, int errors,
        int warnings, String failureReason, List<String> validationErrors, List<String> importWarnings,
        List<PhaseSeen> phases, List<Evidence> evidence, OffsetDateTime firstReportedAt, OffsetDateTime updatedAt,
        Boolean mayAttachEvidence) {

    RestoreDetail with(List<PhaseSeen> phases, List<Evidence> evidence, boolean mayAttach) {
        return new RestoreDetail(id, cluster, name, uid, phase, backupName, backupId, schedule, includedNamespaces,
                excludedNamespaces, namespaceMapping, createdAt, startedAt, completedAt, durationSeconds, errors, warnings,
                failureReason, validationErrors, importWarnings, phases, evidence, firstReportedAt, updatedAt, mayAttach);
    }
}
