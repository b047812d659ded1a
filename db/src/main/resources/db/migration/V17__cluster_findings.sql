-- Findings of a cluster. What a scanner finds in a cluster's own objects (a Role, a ConfigMap, a
-- node's kubelet, a CIS benchmark check of the control plane) belongs to no image: its subject is
-- the cluster, located by namespace and resource. Such findings and the scans that report them are
-- rows of the same tables as an image's, so triage, comments, exceptions, history and the list work
-- on them unchanged; a row's subject is exactly one of (project + image) or cluster.
--
-- A cluster finding's project is the owner its namespace had at the last import (the most specific
-- namespace rule, see V14), so the team that owns the namespace sees, triages and excepts it. A
-- cluster-wide resource, or a namespace no rule gives away, has no project: only callers who see
-- every team (leads, auditors, admins) see it, and no team's exception can cover it.
-- A cluster scan has no project either: it speaks for the whole cluster (its silence closes what
-- an earlier report of the same source showed anywhere in that cluster).

alter table scan
    alter column image_id drop not null,
    alter column project_id drop not null,
    add column cluster_id bigint references cluster (id),
    -- a cluster scan by a team's writer speaks for that team's namespaces only (sorted team ids);
    -- null: for the whole cluster. The same bytes are a duplicate only of a scan that spoke for as much.
    add column cluster_teams bigint[],
    add constraint scan_cluster_teams_of_cluster_scans check (cluster_teams is null or cluster_id is not null),
    add constraint scan_has_one_subject check (
        (cluster_id is null and image_id is not null and project_id is not null)
        or (cluster_id is not null and image_id is null and project_id is null));
create index scan_cluster_idx on scan (cluster_id, imported_at desc) where cluster_id is not null;

alter table scan drop constraint scan_report_format_check;
alter table scan add constraint scan_report_format_check
    check (report_format in ('trivy', 'trivy-k8s', 'grype', 'sarif', 'cyclonedx', 'openvex', 'kube-bench', 'kubescape',
                             'trivy-operator'));

alter table finding
    alter column image_id drop not null,
    alter column project_id drop not null,
    add column cluster_id bigint references cluster (id),
    -- where in the cluster: null namespace = a cluster-wide resource (a ClusterRole, a node, the control plane)
    add column namespace text check (length(namespace) between 1 and 253),
    add column resource_kind text check (length(resource_kind) between 1 and 253),
    add column resource_name text check (length(resource_name) between 1 and 253),
    add constraint finding_has_one_subject check (
        (cluster_id is null and image_id is not null and project_id is not null
         and namespace is null and resource_kind is null and resource_name is null)
        or (cluster_id is not null and image_id is null));
-- A cluster's findings are one per fingerprint (which includes namespace and resource), whoever owns them.
create unique index finding_cluster_fingerprint_uq on finding (cluster_id, fingerprint) where cluster_id is not null;
-- Closing what a cluster report no longer shows; reopening reads the fixed ones.
create index finding_cluster_fixed_idx on finding (cluster_id, fingerprint) where cluster_id is not null and status = 'fixed';
