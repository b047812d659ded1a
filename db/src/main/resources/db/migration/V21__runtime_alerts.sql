-- Runtime alerts from Falco (through Falcosidekick's webhook output, or JSON lines for back-fill).
--
-- A token bound to a cluster may now also carry alerts:write: a cluster's Falcosidekick posts that
-- cluster's events, exactly like its inventory agent reports its workloads.
alter table api_token drop constraint api_token_cluster_scopes;
alter table api_token
    add constraint api_token_cluster_scopes
        check (cluster_id is null or (team_id is null and scopes <@ array['inventory:write', 'alerts:write']::text[]));

-- One alert per rule per workload (cluster, namespace, pod, container) per folding window: repeats fold
-- into event_count and first/last seen. Namespace, pod and container are '' when the event names none
-- (host or audit events), so the fold key is a plain unique constraint. The owner (project, team) is
-- the namespace rule's when the alert was first folded; null: no rule mapped the namespace, and the
-- alert belongs to the cluster's owners (leads, auditors, admins), never dropped. The image fields are
-- the workload identity as Falco reported it; a later join to workloads goes through
-- (cluster_id, namespace, pod, container_id).
create table runtime_alert (
    id               bigserial primary key,
    cluster_id       bigint not null references cluster (id),
    namespace        text not null,
    pod              text not null,
    container_id     text not null,
    rule             text not null,
    window_start     timestamptz not null,
    priority_rank    smallint not null check (priority_rank between 0 and 7),
    project_id       bigint references project (id),
    team_id          bigint references team (id),
    image_repository text,
    image_tag        text,
    image_digest     text,
    source           text,
    event_count      bigint not null check (event_count > 0),
    first_seen       timestamptz not null,
    last_seen        timestamptz not null,
    unique (cluster_id, namespace, pod, container_id, rule, window_start)
);
create index runtime_alert_list_idx on runtime_alert (last_seen desc, id desc);
create index runtime_alert_team_idx on runtime_alert (team_id, last_seen desc, id desc);

-- Every event as received (content-deduplicated: Falcosidekick gives each request a new uuid, so the
-- key is a SHA-256 over hostname, rule, time and output fields). An event belongs to the alert with its
-- fold key; it carries that key instead of the alert's id so one statement can insert the events and
-- fold them.
create table runtime_event (
    id            bigserial primary key,
    cluster_id    bigint not null references cluster (id),
    content_hash  bytea not null,
    namespace     text not null,
    pod           text not null,
    container_id  text not null,
    rule          text not null,
    window_start  timestamptz not null,
    event_time    timestamptz not null,
    priority_rank smallint not null check (priority_rank between 0 and 7),
    hostname      text,
    source        text,
    uuid          text,
    output        text,
    output_fields jsonb not null,
    tags          text[] not null,
    received_at   timestamptz not null default now(),
    unique (cluster_id, content_hash)
);
create index runtime_event_alert_idx on runtime_event (cluster_id, namespace, pod, container_id, rule, window_start, event_time desc, id desc);
