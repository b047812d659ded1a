-- What each scan changed, for the scan history of an image. A scan that FIXED a finding (the
-- finding was absent from it, so it closed) or REOPENED one (a fixed finding came back) gets a row.
-- New findings get none: finding.first_scan_id already names the scan that introduced them, and a
-- first import of a large image would otherwise write one row per finding. Fixed and reopened rows
-- are few, and they are written by the import's own statements (FindingWriter).
create table scan_change (
    scan_id     bigint not null references scan (id) on delete cascade,
    finding_id  bigint not null references finding (id) on delete cascade,
    change      text not null check (change in ('fixed', 'reopened')),
    primary key (scan_id, finding_id)
);
-- The primary key serves "the changes of a scan"; this one serves a finding's own history and the
-- cascade when a finding is deleted. The table stays small, so both cost little.
create index scan_change_finding_idx on scan_change (finding_id);

-- An import finds the findings it reopens among the image's fixed ones: with this index it reads
-- just those (usually none) and hash-joins them to the report, instead of probing the unique index
-- once per report row and throwing almost every row away (measured: ~10 % of the upsert statement
-- for a 14,000-finding re-scan). Only fixed rows are in it, and a finding only enters or leaves it
-- on an update that already changes status (never a HOT update), so plain re-imports pay nothing.
create index finding_fixed_idx on finding (project_id, image_id, fingerprint) where status = 'fixed';

-- Scans imported before this table existed: a finding that is fixed now was closed by the scan
-- imported at its fixed_at (an import stamps both with the same time), so that much history can be
-- recovered. Earlier closings of findings that later reopened, and reopenings, were not recorded.
insert into scan_change (scan_id, finding_id, change)
select s.id, f.id, 'fixed'
from finding f
join scan s on s.image_id = f.image_id and s.project_id = f.project_id and s.imported_at = f.fixed_at
where f.status = 'fixed'
on conflict do nothing;
