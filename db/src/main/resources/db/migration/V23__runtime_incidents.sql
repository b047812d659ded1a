-- Incidents: runtime alerts grouped by hand or by a grouping rule, worked through a status, an owner and notes.
--
-- An incident belongs to one cluster and one team, those of its alerts; team_id null: alerts of namespaces no rule
-- maps, the cluster owners' (leads, auditors, admins), exactly like such alerts. The owner is a username (the person
-- working it). The timestamps record the first time the incident reached each stage, for the SLAs per severity
-- (time to acknowledge: leaving open; time to contain: contained, or closed without being contained first).
-- auto_rule names the grouping rule that created it (null: by hand); namespace, pod and started_at are then the
-- workload and the start of the window it groups, which is how the rule finds the incident again.
create table incident (
    id              bigserial primary key,
    cluster_id      bigint not null references cluster (id),
    team_id         bigint references team (id),
    title           text not null check (length(title) between 1 and 200),
    severity        text not null check (severity in ('critical', 'high', 'medium', 'low')),
    status          text not null default 'open'
                    check (status in ('open', 'investigating', 'contained', 'resolved', 'false_alarm')),
    owner           text,
    created_by      text not null,
    created_at      timestamptz not null default now(),
    acknowledged_at timestamptz,
    contained_at    timestamptz,
    resolved_at     timestamptz,
    auto_rule       text,
    namespace       text,
    pod             text,
    started_at      timestamptz,
    check (auto_rule is null or (namespace is not null and pod is not null and started_at is not null))
);
-- the board and the list: by status, newest first, for those who see every team and per team
create index incident_status_idx on incident (status, created_at desc, id desc);
create index incident_team_idx on incident (team_id, status, created_at desc, id desc);
-- the grouping rule looks up the workload's incident still being worked
create index incident_auto_idx on incident (cluster_id, namespace, pod, started_at)
    where auto_rule is not null and status not in ('resolved', 'false_alarm');

-- An alert is in at most one incident (the primary key).
create table incident_alert (
    alert_id    bigint primary key references runtime_alert (id),
    incident_id bigint not null references incident (id),
    added_by    text not null,
    added_at    timestamptz not null default now()
);
create index incident_alert_incident_idx on incident_alert (incident_id, alert_id);

-- The incident's timeline: what happened to it, by whom, when. Append-only like the audit log, which records
-- the same changes; the timeline is what the incident page shows its readers.
create table incident_event (
    id          bigserial primary key,
    incident_id bigint not null references incident (id),
    occurred_at timestamptz not null default now(),
    actor       text not null,
    kind        text not null check (kind in ('created', 'note', 'status', 'owner', 'alerts_added', 'alerts_removed')),
    from_value  text,
    to_value    text,
    body        text check (length(body) <= 4000)
);
create index incident_event_timeline_idx on incident_event (incident_id, occurred_at, id);

create function incident_event_append_only() returns trigger language plpgsql as $$
begin
    raise exception 'incident_event is append-only';
end $$;
create trigger incident_event_no_update before update or delete on incident_event
    for each row execute function incident_event_append_only();
create trigger incident_event_no_truncate before truncate on incident_event
    for each statement execute function incident_event_append_only();
