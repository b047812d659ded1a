-- Policies of the deploy gate (CI and Kubernetes admission), in the shape users know from Sigstore's
-- ClusterImagePolicy and Kyverno's verifyImages: which images (a glob on the repository, * any
-- characters), which environments (none: all), enforce or warn, who must have signed (any of the keys
-- and keyless identities named, or any trusted signer) and vulnerability rules. Every matching policy
-- applies; a rule left null does not apply.
create table gate_policy (
    id                           bigint generated always as identity primary key,
    name                         text not null unique check (length(name) between 1 and 100),
    image_pattern                text not null check (length(image_pattern) between 1 and 200),
    -- environment names (not ids): a policy written before its environment exists still reads right
    environments                 text[] not null default '{}' check (cardinality(environments) <= 50),
    mode                         text not null check (mode in ('enforce', 'warn')),
    any_trusted_signer           boolean not null default false,
    -- signing_key / signing_identity ids; not foreign keys so a deleted key leaves a policy that denies
    -- (nobody can satisfy it) rather than one that silently stops asking for a signature
    key_ids                      bigint[] not null default '{}' check (cardinality(key_ids) <= 50),
    identity_ids                 bigint[] not null default '{}' check (cardinality(identity_ids) <= 50),
    max_severity                 text check (max_severity in ('HIGH', 'MEDIUM', 'LOW')),
    fixable_critical_max_days    integer check (fixable_critical_max_days between 0 and 3650),
    scanned_within_days          integer check (scanned_within_days between 1 and 3650),
    created_by                   text not null,
    created_at                   timestamptz not null default now(),
    updated_at                   timestamptz not null default now()
);

-- A cluster's admission webhook calls with the cluster's bound token: admission:review binds to a
-- cluster like inventory:write and alerts:write (the environment comes from the cluster).
alter table api_token drop constraint api_token_cluster_scopes;
alter table api_token
    add constraint api_token_cluster_scopes
        check (cluster_id is null or (team_id is null
            and scopes <@ array['inventory:write', 'alerts:write', 'admission:review']::text[]));
