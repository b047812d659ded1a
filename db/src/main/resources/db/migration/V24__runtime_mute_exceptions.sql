-- Mute rules are exceptions (one exception mechanism: proposed, decided by a lead, expiring, audited).
-- A row of finding_exception now has a subject: 'finding' (as before: match_id is a vulnerability or
-- check id) or 'runtime_rule' (match_id is a Falco rule name; the alerts it matches are kept and marked
-- muted, never dropped). The lifecycle columns are shared; the columns below are the runtime subject's
-- matching terms, each an optional pattern where * matches any characters.
alter table finding_exception
    add column subject           text not null default 'finding' check (subject in ('finding', 'runtime_rule')),
    -- a mute's cluster scope: only alerts of this cluster
    add column cluster_id        bigint references cluster (id),
    add column namespace_pattern text check (length(namespace_pattern) between 1 and 200),
    -- matched against the alert's pod name (a workload's pods are named <workload>-…)
    add column workload_pattern  text check (length(workload_pattern) between 1 and 200),
    -- matched against the image repository Falco reported
    add column image_pattern     text check (length(image_pattern) between 1 and 200);

-- A mute scoped to a cluster alone has no team: it also covers alerts of namespaces no rule gives to a
-- team, which only callers who see every team see (and so may mute).
alter table finding_exception alter column team_id drop not null;
alter table finding_exception
    add constraint finding_exception_subject_terms check (
        subject = 'runtime_rule'
        or (team_id is not null and cluster_id is null and namespace_pattern is null and workload_pattern is null
            and image_pattern is null)),
    add constraint finding_exception_mute_terms check (
        subject = 'finding'
        or (package_name is null and vex_justification is null and expires_at is not null
            and (team_id is not null or cluster_id is not null)));

create index finding_exception_mute_idx on finding_exception (match_id)
    where subject = 'runtime_rule' and state = 'approved' and lapsed_at is null;

-- What findings (owner of the exceptions) publishes to runtime: the mutes in force now, with their
-- patterns as LIKE patterns (* any characters; %, _ and \ only themselves; null: anything). Runtime
-- matches alerts against this view on every read, so an expiry un-mutes at once; the expiry job then
-- marks the exception lapsed and audits it, as for findings.
create view runtime_mute as
select e.id, e.team_id, e.project_id, e.cluster_id, e.match_id as rule, e.expires_at,
       coalesce(replace(replace(replace(replace(e.namespace_pattern, '\', '\\'), '%', '\%'), '_', '\_'), '*', '%'), '%') as namespace_like,
       coalesce(replace(replace(replace(replace(e.workload_pattern, '\', '\\'), '%', '\%'), '_', '\_'), '*', '%'), '%') as workload_like,
       coalesce(replace(replace(replace(replace(e.image_pattern, '\', '\\'), '%', '\%'), '_', '\_'), '*', '%'), '%') as image_like
from finding_exception e
where e.subject = 'runtime_rule' and e.state = 'approved' and e.lapsed_at is null and e.expires_at > now();
