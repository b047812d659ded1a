-- Backups Velero deleted stop counting as restore points but stay, as evidence of what could have been restored.
-- A backup is deleted when Kubernetes was asked to delete it (metadata.deletionTimestamp, kept as posted), when it
-- was seen in phase Deleting (its phase history), or when a complete listing of its Velero namespace (a List as
-- kubectl prints it) no longer had it: gone_at, cleared when a listing shows it again (Velero's backup sync brings
-- back a backup still in its storage location). velero_namespace scopes that listing; rows recorded before this
-- migration have none and are in the scope of any listing of their cluster.
alter table recovery_backup
    add column velero_namespace   text,
    add column deletion_timestamp timestamptz,
    add column gone_at            timestamptz;
