-- Projects are managed by people now (API and pages), not only seeded: a description, owners (the
-- accounts to ask about a project), archiving (an archived project keeps its scans and findings but
-- takes no new scan), bounded texts. Repository rules record who added them. Tokens may carry
-- projects:write, the scope for managing projects and their rules.

alter table project
    add column description text check (length(description) <= 2000),
    add column archived_at timestamptz,
    add constraint project_name_length check (length(name) between 1 and 200);

create table project_owner (
    project_id  bigint not null references project (id) on delete cascade,
    user_id     bigint not null references app_user (id) on delete cascade,
    primary key (project_id, user_id)
);
create index project_owner_user_idx on project_owner (user_id);

alter table repository_rule
    add column created_by text,
    add constraint repository_rule_pattern_length check (length(pattern) between 1 and 255);
create index repository_rule_project_idx on repository_rule (project_id);

alter table api_token drop constraint api_token_scopes_check;
alter table api_token add constraint api_token_scopes_check
    check (cardinality(scopes) > 0
           and scopes <@ array['scans:write', 'alerts:write', 'signatures:write', 'recovery:write',
                               'inventory:write', 'projects:write', 'read', 'admin']::text[]);
