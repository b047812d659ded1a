-- Gate-rule waivers are exceptions (one exception mechanism: proposed, decided by a lead, expiring,
-- audited). A row with subject 'gate_rule' waives one rule of the deploy gate (match_id: signature,
-- max-severity, fixable-critical-age or scanned-within) for the images of one project, optionally
-- only those whose repository matches image_pattern (* any characters) or only one digest. While it is
-- in force the gate still reports the broken rule, marked waived with the exception's id, and the
-- rule denies and warns no more.
alter table finding_exception drop constraint finding_exception_subject_check;
alter table finding_exception
    add constraint finding_exception_subject_check check (subject in ('finding', 'runtime_rule', 'gate_rule')),
    add column image_digest text check (image_digest ~ '^sha(256:[a-f0-9]{64}|512:[a-f0-9]{128})$');

alter table finding_exception drop constraint finding_exception_subject_terms;
alter table finding_exception
    add constraint finding_exception_subject_terms check (
        subject <> 'finding'
        or (team_id is not null and cluster_id is null and namespace_pattern is null and workload_pattern is null
            and image_pattern is null)),
    add constraint finding_exception_digest_terms check (subject = 'gate_rule' or image_digest is null),
    -- a waiver names a project (the images it holds records of), one rule, an expiry, nothing of a mute's
    add constraint finding_exception_gate_terms check (
        subject <> 'gate_rule'
        or (team_id is not null and project_id is not null and cluster_id is null and namespace_pattern is null
            and workload_pattern is null
            and match_id in ('signature', 'max-severity', 'fixable-critical-age', 'scanned-within')));

create index finding_exception_gate_idx on finding_exception (project_id)
    where subject = 'gate_rule' and state = 'approved' and lapsed_at is null;

-- What findings (owner of the exceptions) publishes to signing's gate: the waivers in force now, the
-- repository pattern as a LIKE pattern (null: any repository of the project). The gate reads this view
-- on every decision, so an expiry or a revocation takes the waiver away at once.
create view gate_waiver as
select e.id, e.team_id, e.project_id, e.match_id as rule, e.expires_at, e.image_digest,
       coalesce(replace(replace(replace(replace(e.image_pattern, '\', '\\'), '%', '\%'), '_', '\_'), '*', '%'), '%') as image_like
from finding_exception e
where e.subject = 'gate_rule' and e.state = 'approved' and e.lapsed_at is null and e.expires_at > now();
