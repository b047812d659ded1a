-- One finding, several sources. The same vulnerability in the same package of one image was a
-- finding per report format: Trivy's JSON placed an OS package by its purl, Trivy's SARIF (no purl)
-- by the image's name, so importing both listed every finding twice. The fingerprint now places a
-- distribution package (apk, deb, rpm…; one package database per image) nowhere: id + name +
-- version; a language package in its file inside the image (leading "/" and "./" dropped), else by
-- its purl without qualifiers (Fingerprints.java). Each finding lists the sources (scanner/format)
-- that report it now; a report's silence removes its source, and a finding no source reports is fixed.

alter table finding add column reported_by text[] not null default '{}';

-- Fingerprints.hash: SHA-256 over the parts, each followed by a NUL byte (a null part is empty).
create function v22_hash(variadic parts text[]) returns text language sql immutable as $$
    select encode(sha256(string_agg(convert_to(coalesce(p, ''), 'UTF8') || '\x00'::bytea, ''::bytea order by n)), 'hex')
    from unnest(parts) with ordinality as t(p, n)
$$;

-- What each vulnerability finding's fingerprint is under the new rule, from what its first report
-- stored (its columns are written at insert and never rewritten). The place is decided as each
-- parser decides it; where the stored columns cannot tell, the row keeps its fingerprint:
-- * trivy, trivy-k8s (JSON): an OS package has a distribution purl or, from a Trivy without purls,
--   neither path nor purl and a Result Target "<artifact> (<os> <version>)"; a language package is
--   in its PkgPath, else in the Result's Target (a lockfile).
-- * sarif: a distribution purl (Grype's rules), or Trivy's uri for OS packages, which is the
--   scanned image's name or its path on the registry; else the package's file: the stored path, or
--   the uri without Grype's "<image reference>/" (the path the file was reached by; Grype's JSON
--   and newer imports use the real path, which is the same unless a symbolic link led to the file).
-- * grype (JSON), cyclonedx: a distribution purl; else Grype's location path, the purl without
--   qualifiers; a CycloneDX component without a purl was placed by its bom-ref, which is not stored
--   and not changed by the rule: those rows keep their fingerprints.
create temporary table v22_place on commit drop as
with f as (
    select f.id, f.cluster_id, f.namespace, f.resource_kind, f.resource_name, f.fingerprint, f.vulnerability_id,
           f.package_name, f.installed_version, f.package_path, f.purl, f.target, s.scanner, s.report_format,
           s.artifact_name,
           coalesce(f.purl ~* '^pkg:/*(apk|deb|rpm|alpm|ebuild)/', false) as distribution_purl,
           case when f.purl is null then null
                else regexp_replace(f.purl, '\?[^#]*', '') end as purl_without_qualifiers,
           regexp_replace(regexp_replace(s.artifact_name, '@.*$', ''), ':[^/:]*$', '') as artifact_repository
    from finding f join scan s on s.id = f.first_scan_id
    where f.kind = 'vulnerability'
), image_path as (
    select f.*,
           -- go-containerregistry's RepositoryStr, as ImageReferences.pathOnRegistry computes it
           case when artifact_repository ~ '^([^/]*[.:][^/]*|localhost)/' then substr(artifact_repository, strpos(artifact_repository, '/') + 1)
                else artifact_repository end as registry_path,
           artifact_repository !~ '^([^/]*[.:][^/]*|localhost)/' or artifact_repository ~ '^(docker\.io|index\.docker\.io)/' as docker_hub
    from f
), decided as (
    select i.*,
           case when i.report_format in ('trivy', 'trivy-k8s') then
                    i.distribution_purl
                    or (i.purl is null and i.package_path is null and i.target ~ ' \([^()]*\)$')
                when i.report_format = 'sarif' then
                    i.distribution_purl
                    or (i.scanner = 'trivy' and i.target is not null
                        and (i.target = i.artifact_name
                             or i.target = case when i.docker_hub and i.registry_path !~ '/' then 'library/' || i.registry_path
                                                else i.registry_path end))
                when i.report_format in ('grype', 'cyclonedx') then i.distribution_purl
           end as distribution,
           case when i.report_format in ('trivy', 'trivy-k8s') then coalesce(i.package_path, i.target)
                when i.report_format = 'sarif' then coalesce(i.package_path,
                    case when i.scanner = 'grype' and i.artifact_name is not null
                              and left(i.target, length(i.artifact_name) + 1) = i.artifact_name || '/'
                         then substr(i.target, length(i.artifact_name) + 2) else i.target end)
                when i.report_format = 'grype' then i.package_path
           end as file
    from image_path i
), inner_fingerprint as (
    select d.id, d.cluster_id, d.namespace, d.resource_kind, d.resource_name, d.fingerprint,
           case when d.distribution then v22_hash('vuln', d.vulnerability_id, d.package_name, d.installed_version, '')
                when d.distribution is null or (d.file is null and d.purl is null) then null
                else v22_hash('vuln', d.vulnerability_id, d.package_name, d.installed_version,
                              coalesce(regexp_replace(d.file, '^(\./|/)+', ''), d.purl_without_qualifiers))
           end as computed
    from decided d
)
select id, fingerprint as old_fingerprint,
       case when computed is null then fingerprint
            when cluster_id is null then computed
            -- Fingerprints.inClusterObject: a cluster's finding within its object
            else v22_hash('cluster-object', namespace, resource_kind, resource_name, computed)
       end as new_fingerprint
from inner_fingerprint;

-- Findings that are now one: per image (project + image) or cluster, the one whose status someone set
-- is kept, else one with an assignee, an exception or comments, else the oldest.
create temporary table v22_merge on commit drop as
select f.id, p.new_fingerprint,
       first_value(f.id) over (
           partition by f.cluster_id, case when f.cluster_id is null then f.project_id end, f.image_id, p.new_fingerprint
           order by f.status not in ('open', 'fixed') desc,
                    (f.assignee_id is not null or f.exception_id is not null
                     or exists (select 1 from finding_comment c where c.finding_id = f.id)) desc,
                    f.first_seen, f.id) as keeper
from finding f join v22_place p on p.id = f.id;

-- Every image's finding open now is reported by the source of its last scan (the only one known); a
-- kept finding by those of every open finding it absorbs. A cluster's findings have one source (its
-- cluster report) and keep closing by it, so they list none.
update finding f set reported_by = array[s.scanner || '/' || s.report_format]
from scan s
where s.id = f.last_scan_id and f.status <> 'fixed' and f.cluster_id is null;

update finding k set
    first_seen = g.first_seen, first_scan_id = g.first_scan_id,
    last_seen = g.last_seen, last_scan_id = g.last_scan_id,
    occurrences = g.occurrences, reopened_count = g.reopened_count, sla_due = coalesce(g.sla_due, k.sla_due),
    status = case when k.status <> 'fixed' or g.all_fixed then k.status else 'open' end,
    fixed_at = case when k.status <> 'fixed' then k.fixed_at when g.all_fixed then g.fixed_at end,
    reported_by = g.reported_by
from (
    select m.keeper, min(f.first_seen) as first_seen, (array_agg(f.first_scan_id order by f.first_seen, f.id))[1] as first_scan_id,
           max(f.last_seen) as last_seen, (array_agg(f.last_scan_id order by f.last_seen desc, f.id))[1] as last_scan_id,
           max(f.occurrences) as occurrences, max(f.reopened_count) as reopened_count,
           min(f.sla_due) filter (where f.status <> 'fixed') as sla_due,
           bool_and(f.status = 'fixed') as all_fixed, max(f.fixed_at) as fixed_at,
           coalesce((select array_agg(distinct source order by source)
                     from finding o join v22_merge om on om.id = o.id, unnest(o.reported_by) as source
                     where om.keeper = m.keeper), '{}') as reported_by
    from v22_merge m join finding f on f.id = m.id
    group by m.keeper
    having count(*) > 1
) g
where k.id = g.keeper;

-- What pointed at a finding that is merged away now points at the kept one: comments, and the scans
-- that fixed or reopened it (a scan that changed both keeps one row). finding.exception_id is on the
-- finding itself; audit events keep naming the old id (they are append-only, and true at their time).
update finding_comment c set finding_id = m.keeper
from v22_merge m
where c.finding_id = m.id and m.id <> m.keeper;

insert into scan_change (scan_id, finding_id, change)
select sc.scan_id, m.keeper, sc.change
from scan_change sc join v22_merge m on m.id = sc.finding_id
where m.id <> m.keeper
on conflict do nothing;

delete from finding f using v22_merge m where f.id = m.id and m.id <> m.keeper;

-- Two steps, so no row takes a fingerprint another row still holds until it too has moved.
update finding f set fingerprint = 'v22:' || f.id
from v22_merge m where m.id = f.id and m.id = m.keeper and f.fingerprint <> m.new_fingerprint;
update finding f set fingerprint = m.new_fingerprint
from v22_merge m where m.id = f.id and f.fingerprint = 'v22:' || f.id;

-- The dashboard's counts, now that merged findings count once (ExposureRecount's statement, every project).
insert into project_exposure as e (project_id, critical, high, medium, low, unknown, updated_at)
select p.id,
       count(f.id) filter (where f.severity = 'CRITICAL'), count(f.id) filter (where f.severity = 'HIGH'),
       count(f.id) filter (where f.severity = 'MEDIUM'), count(f.id) filter (where f.severity = 'LOW'),
       count(f.id) filter (where f.severity = 'UNKNOWN'), now()
from project p left join finding f on f.project_id = p.id and f.status in ('open', 'in_progress')
group by p.id
on conflict (project_id) do update set critical = excluded.critical, high = excluded.high,
    medium = excluded.medium, low = excluded.low, unknown = excluded.unknown, updated_at = excluded.updated_at;

drop function v22_hash(text[]);
