-- The findings list sorts by severity, then newest problem first: a stored rank makes that an
-- index order, so page 1 of a million findings reads 50 index entries instead of sorting them all.
-- last_seen is deliberately in no index: every re-import rewrites it, and with no indexed column
-- changing (and free space on the page) PostgreSQL updates the row in place (HOT).
alter table finding add column severity_rank smallint not null generated always as (
    case severity when 'CRITICAL' then 1 when 'HIGH' then 2 when 'MEDIUM' then 3 when 'LOW' then 4 else 5 end) stored;
alter table finding set (fillfactor = 85);

create index finding_list_idx on finding (severity_rank, first_seen desc, id desc);
create index finding_project_list_idx on finding (project_id, severity_rank, first_seen desc, id desc);
drop index finding_last_seen_idx;
drop index finding_project_status_idx;

-- Actionable findings per project and severity, read by the dashboard instead of aggregating the
-- finding table on every page view. Rewritten for a project by every change to its findings
-- (import now; triage later) in the same transaction.
create table project_exposure (
    project_id  bigint primary key references project (id) on delete cascade,
    critical    integer not null default 0,
    high        integer not null default 0,
    medium      integer not null default 0,
    low         integer not null default 0,
    unknown     integer not null default 0,
    updated_at  timestamptz not null default now()
);

create index finding_actionable_idx on finding (project_id, severity) where status in ('open', 'in_progress');

-- Re-sent reports are recognised by their hash within a project before they are parsed.
create index scan_report_sha_idx on scan (project_id, report_sha256);
