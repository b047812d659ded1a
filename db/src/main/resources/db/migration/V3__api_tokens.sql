-- API tokens for integrations (CI pipelines, Falcosidekick, Velero CronJobs). The secret itself
-- is never stored: only its SHA-256 (hex) to find it, and a short non-secret prefix to show in lists.
-- A token acts for its owner, optionally narrowed to one team, and only within its scopes.
create table api_token (
    id              bigint generated always as identity primary key,
    name            text not null check (length(name) between 1 and 100),
    owner_id        bigint not null references app_user (id) on delete cascade,
    -- null: every team the owner sees; otherwise only this one (and only if the owner sees it)
    team_id         bigint references team (id) on delete cascade,
    scopes          text[] not null
                    check (cardinality(scopes) > 0
                           and scopes <@ array['scans:write', 'alerts:write', 'signatures:write', 'recovery:write',
                                               'inventory:write', 'read', 'admin']::text[]),
    token_hash      text not null unique check (token_hash ~ '^[0-9a-f]{64}$'),
    display_prefix  text not null check (display_prefix ~ '^kw_[0-9A-Za-z]{1,12}$'),
    expires_at      timestamptz,
    created_at      timestamptz not null default now(),
    created_by      text not null,
    -- touched at most about once a minute, so authentication stays a read
    last_used_at    timestamptz,
    revoked_at      timestamptz,
    revoked_by      text,
    -- an admin token acts on the whole installation; it cannot be limited to a team
    check (team_id is null or not ('admin' = any (scopes)))
);
create index api_token_owner_idx on api_token (owner_id, created_at desc);
