-- Environments and clusters come into use: names shaped like Kubernetes DNS labels (they appear in
-- URLs, in agents' configuration and in token bindings), an order of environments people edit,
-- a description per cluster, the rules that give a cluster's namespaces to projects, and API tokens
-- bound to one cluster for the agents running inside it.

alter table environment
    add constraint environment_name_is_a_label check (name ~ '^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$'),
    -- checked at commit, so a reorder may pass through duplicates while it rewrites every rank
    add constraint environment_rank_unique unique (rank) deferrable initially deferred;

alter table cluster
    add column description text check (length(description) between 1 and 1000),
    add constraint cluster_name_is_a_label check (name ~ '^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$');
create index cluster_environment_idx on cluster (environment_id);

-- A glob over a cluster's namespace names (`*` = any run of characters) giving the namespaces it
-- matches to a project, and so to the project's team. The longest matching pattern wins; a
-- namespace no rule matches belongs to the cluster's owners (leads and admins) only.
create table namespace_rule (
    id          bigint generated always as identity primary key,
    cluster_id  bigint not null references cluster (id),
    pattern     text not null check (pattern ~ '^[a-z0-9*-]{1,63}$' and pattern not like '%**%'),
    project_id  bigint not null references project (id),
    created_at  timestamptz not null default now(),
    created_by  text not null,
    unique (cluster_id, pattern)
);
create index namespace_rule_project_idx on namespace_rule (project_id);

-- A token bound to a cluster writes that cluster's evidence only. It carries only the scopes of a
-- cluster's agent and no team (it reads nothing). Deleting a cluster is refused while an active
-- token is bound to it; its revoked and expired tokens go with it (the audit log keeps their history).
alter table api_token
    add column cluster_id bigint references cluster (id) on delete cascade,
    add constraint api_token_cluster_scopes
        check (cluster_id is null or (team_id is null and scopes <@ array['inventory:write']::text[]));
create index api_token_cluster_idx on api_token (cluster_id) where cluster_id is not null;
