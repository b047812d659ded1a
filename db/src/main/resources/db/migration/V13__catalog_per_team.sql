-- The catalog (a CVE's, check's or secret rule's description, CVSS, links) was one row per id,
-- rewritten by every import of every team: one team's upload (a CI token is enough) could put its
-- own text, score and link in front of every other team. It is now one row per (team, id),
-- written only by the imports into that team's projects and read through a finding's project's
-- team, so no import changes what a caller outside the importing team sees.
--
-- A finding has no team column, so finding.vulnerability_id can no longer reference a row by
-- itself: the import writes a team's catalog rows and the findings citing them in one transaction.
alter table finding drop constraint finding_vulnerability_id_fkey;
alter table vulnerability rename to vulnerability_shared;

create table vulnerability (
    team_id        bigint not null references team (id),
    id             text not null,
    title          text,
    description    text,
    severity       text check (severity in ('CRITICAL', 'HIGH', 'MEDIUM', 'LOW', 'UNKNOWN')),
    cvss_score     numeric(3, 1),
    primary_url    text,
    reference_urls text[] not null default '{}',
    published_at   timestamptz,
    modified_at    timestamptz,
    updated_at     timestamptz not null default now(),
    -- the hash of the entry that last wrote the row (V12), per team
    content_hash   text,
    primary key (team_id, id)
);

-- Every finding keeps reading what it read before: each row goes to every team whose findings cite it.
insert into vulnerability (team_id, id, title, description, severity, cvss_score, primary_url, reference_urls,
                           published_at, modified_at, updated_at, content_hash)
select cited.team_id, v.id, v.title, v.description, v.severity, v.cvss_score, v.primary_url, v.reference_urls,
       v.published_at, v.modified_at, v.updated_at, v.content_hash
from (select distinct f.vulnerability_id, p.team_id
      from finding f join project p on p.id = f.project_id
      where f.vulnerability_id is not null) cited
join vulnerability_shared v on v.id = cited.vulnerability_id;

-- Rows no finding cites were readable by every team (and are read by none): every team keeps them.
insert into vulnerability (team_id, id, title, description, severity, cvss_score, primary_url, reference_urls,
                           published_at, modified_at, updated_at, content_hash)
select t.id, v.id, v.title, v.description, v.severity, v.cvss_score, v.primary_url, v.reference_urls,
       v.published_at, v.modified_at, v.updated_at, v.content_hash
from vulnerability_shared v cross join team t
where not exists (select 1 from finding f where f.vulnerability_id = v.id);

drop table vulnerability_shared;
