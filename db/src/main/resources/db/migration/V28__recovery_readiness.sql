-- Recovery readiness from Velero: what a cluster's CronJob posts (kubectl get backups,restores,schedules,
-- backupstoragelocations -n velero -o json), the recovery policies people set, and the evidence they attach.
--
-- A token bound to a cluster may now also carry recovery:write: the cluster's CronJob posts that cluster's
-- Velero objects, like its inventory agent and its Falcosidekick.
alter table api_token drop constraint api_token_cluster_scopes;
alter table api_token
    add constraint api_token_cluster_scopes
        check (cluster_id is null or (team_id is null
            and scopes <@ array['inventory:write', 'alerts:write', 'recovery:write']::text[]));

-- Velero objects are the cluster's, named uniquely per cluster (Velero's own namespace is one per install). Each
-- row is the object as last posted (updated_at: when a post last changed it; the same post again changes nothing); phase is Velero's text as posted (an unknown one is kept and warned about, so
-- a newer Velero's phase is never lost), import_warnings what the import could not read (no timestamps, an
-- unknown phase). Nothing references cluster with cascade: recovery evidence outlives no cluster silently.
create table recovery_location (
    id             bigserial primary key,
    cluster_id     bigint not null references cluster (id),
    name           text not null,
    provider       text,
    bucket         text,
    is_default     boolean not null default false,
    access_mode    text,
    phase          text,
    message        text,
    last_validated timestamptz,
    updated_at     timestamptz not null,
    unique (cluster_id, name)
);

create table recovery_schedule (
    id                  bigserial primary key,
    cluster_id          bigint not null references cluster (id),
    name                text not null,
    cron                text,
    paused              boolean not null default false,
    phase               text,
    last_backup         timestamptz,
    ttl                 text,
    storage_location    text,
    included_namespaces text[] not null,
    excluded_namespaces text[] not null,
    label_selector      boolean not null,
    import_warnings     text[] not null,
    updated_at          timestamptz not null,
    unique (cluster_id, name)
);

-- included_namespaces empty means every namespace (Velero's default), like '*'; label_selector: the backup takes
-- only labelled objects, so it covers a namespace partially. taken_at is when its data was taken (start, else
-- creation); usable is decided when read (expiry moves with time).
create table recovery_backup (
    id                  bigserial primary key,
    cluster_id          bigint not null references cluster (id),
    name                text not null,
    uid                 text,
    phase               text,
    schedule_name       text,
    storage_location    text,
    included_namespaces text[] not null,
    excluded_namespaces text[] not null,
    label_selector      boolean not null,
    ttl                 text,
    created_at          timestamptz,
    started_at          timestamptz,
    completed_at        timestamptz,
    expires_at          timestamptz,
    errors              integer not null default 0,
    warnings            integer not null default 0,
    failure_reason      text,
    validation_errors   text[] not null,
    import_warnings     text[] not null,
    first_reported_at   timestamptz not null,
    updated_at          timestamptz not null,
    unique (cluster_id, name)
);
create index recovery_backup_taken_idx on recovery_backup (cluster_id, (coalesce(started_at, created_at)) desc);

-- Each phase a backup or restore was seen in, first seen first: its phase history (a repeat changes nothing).
create table recovery_backup_phase (
    backup_id bigint not null references recovery_backup (id),
    phase     text not null,
    seen_at   timestamptz not null,
    primary key (backup_id, phase)
);

create table recovery_restore (
    id                  bigserial primary key,
    cluster_id          bigint not null references cluster (id),
    name                text not null,
    uid                 text,
    phase               text,
    backup_name         text,
    schedule_name       text,
    included_namespaces text[] not null,
    excluded_namespaces text[] not null,
    namespace_mapping   jsonb not null,
    created_at          timestamptz,
    started_at          timestamptz,
    completed_at        timestamptz,
    errors              integer not null default 0,
    warnings            integer not null default 0,
    failure_reason      text,
    validation_errors   text[] not null,
    import_warnings     text[] not null,
    first_reported_at   timestamptz not null,
    updated_at          timestamptz not null,
    unique (cluster_id, name)
);
create index recovery_restore_backup_idx on recovery_restore (cluster_id, backup_name);

create table recovery_restore_phase (
    restore_id bigint not null references recovery_restore (id),
    phase      text not null,
    seen_at    timestamptz not null,
    primary key (restore_id, phase)
);

-- The namespaces recovery reports on, per cluster: those running there (inventory's workloads), those backups and
-- restores name, those policies name. The owner (project, team) is the namespace rules' at the last post, so a
-- team reads its namespaces' readiness through the one visibility rule; null: no rule maps it (the cluster owners').
create table recovery_namespace (
    cluster_id bigint not null references cluster (id),
    namespace  text not null,
    project_id bigint references project (id),
    team_id    bigint references team (id),
    primary key (cluster_id, namespace)
);
create index recovery_namespace_team_idx on recovery_namespace (team_id);

-- What a person attached to a restore: a health check after it (passed or not) and notes. Append-only evidence.
create table recovery_evidence (
    id         bigserial primary key,
    restore_id bigint not null references recovery_restore (id),
    passed     boolean,
    note       text not null check (length(note) between 1 and 4000),
    created_by text not null,
    created_at timestamptz not null default now()
);
create index recovery_evidence_restore_idx on recovery_evidence (restore_id, created_at);

-- Recovery policies: for a whole cluster, a namespace of a cluster, or a project (every namespace its rules give
-- it, in any cluster); the most specific applies (namespace, then project, then cluster). Durations in minutes.
-- team_id is whose the policy is (the project's, the namespace owner's when set; null: cluster-wide, the leads').
create table recovery_policy (
    id                  bigserial primary key,
    cluster_id          bigint references cluster (id),
    namespace           text,
    project_id          bigint references project (id),
    team_id             bigint references team (id),
    rpo_minutes         integer not null check (rpo_minutes > 0),
    rto_minutes         integer not null check (rto_minutes > 0),
    schedule_name       text,
    min_ttl_minutes     integer check (min_ttl_minutes > 0),
    restore_test_days   integer not null default 30 check (restore_test_days > 0),
    created_by          text not null,
    created_at          timestamptz not null default now(),
    updated_at          timestamptz not null default now(),
    check ((project_id is null) <> (cluster_id is null)),
    check (namespace is null or cluster_id is not null)
);
create unique index recovery_policy_scope_idx
    on recovery_policy (coalesce(cluster_id, 0), coalesce(namespace, ''), coalesce(project_id, 0));
