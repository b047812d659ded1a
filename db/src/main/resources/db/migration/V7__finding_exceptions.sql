-- Triage that survives rebuilds. A per-finding status is lost when an image is rebuilt (new
-- digest, new findings), so decisions that must carry over are exceptions: scoped to a project or
-- a whole team (optionally one package), matched by vulnerability id or check id, applied by every
-- import to the matching findings of any image of that scope.
create table finding_exception (
    id                 bigint generated always as identity primary key,
    team_id            bigint not null references team (id),
    -- null: every project of the team
    project_id         bigint references project (id) on delete cascade,
    package_name       text,
    -- a vulnerability id (CVE-…, GHSA-…) or a check id (finding.rule_id)
    match_id           text not null check (length(match_id) between 1 and 200),
    kind               text not null check (kind in ('risk_accepted', 'false_positive', 'not_affected')),
    justification      text not null check (length(justification) between 1 and 4000),
    -- the OpenVEX justification label, where one was given (not_affected, false_positive)
    vex_justification  text check (vex_justification in ('component_not_present', 'vulnerable_code_not_present',
                           'vulnerable_code_not_in_execute_path', 'vulnerable_code_cannot_be_controlled_by_adversary',
                           'inline_mitigations_already_exist')),
    state              text not null default 'proposed' check (state in ('proposed', 'approved', 'rejected', 'revoked')),
    proposed_by        text not null,
    proposed_at        timestamptz not null default now(),
    approved_by        text,
    decided_by         text,
    decided_at         timestamptz,
    expires_at         timestamptz,
    -- set once when the expiry job has reopened the exception's findings; makes the job idempotent
    lapsed_at          timestamptz,
    source             text not null default 'manual' check (source in ('manual', 'openvex')),
    check (kind <> 'risk_accepted' or expires_at is not null),
    check (state <> 'approved' or approved_by is not null)
);
-- Imports look up the approved exceptions of one team; the expiry job the approved ones that lapse.
create index finding_exception_team_idx on finding_exception (team_id, match_id) where state = 'approved';
create index finding_exception_expiry_idx on finding_exception (expires_at) where state = 'approved' and lapsed_at is null;

alter table finding add column exception_id bigint references finding_exception (id);
create index finding_exception_id_idx on finding (exception_id) where exception_id is not null;

create table finding_comment (
    id          bigint generated always as identity primary key,
    finding_id  bigint not null references finding (id) on delete cascade,
    author      text not null,
    body        text not null check (length(body) between 1 and 4000),
    created_at  timestamptz not null default now()
);
create index finding_comment_finding_idx on finding_comment (finding_id, created_at);
