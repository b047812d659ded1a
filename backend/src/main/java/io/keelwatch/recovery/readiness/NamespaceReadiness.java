package io.keelwatch.recovery.readiness;

import io.keelwatch.recovery.policies.PolicyTerms;
import java.util.List;

/**
 * How ready one namespace of a cluster is to be restored.
 *
 * @param project          the owning project's slug (null: no namespace rule maps it, the cluster owners')
 * @param policyScope      which policy applies: {@code namespace}, {@code project}, {@code cluster}, or null (none)
 * @param lastUsableBackup the newest usable backup fully covering it (what RPO is measured on), or null
 * @param newestBackup     the newest backup covering it in any phase, or null
 * @param lastRestoreTest  the restore proving the RTO, else the newest restore of a backup covering it, or null
 * @param verified         RPO met and RTO proven: "verified restorable"
 * @param breached         a policy applies and some part of it is not met
 * @param reasons          why, in words ("RPO 24h: newest usable backup 31h old — schedule daily last ran PartiallyFailed")
 */
public record NamespaceReadiness(String cluster, String environment, String namespace, String project, String projectName,
        String team, String policyScope, PolicyTerms policy, BackupRef lastUsableBackup, BackupRef newestBackup,
        RestoreRef lastRestoreTest, Check rpo, Check rto, boolean verified, boolean breached, List<String> reasons) {
}
