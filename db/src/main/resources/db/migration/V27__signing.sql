-- Signing status: what is trusted (keys, keyless identities, trust roots), the signatures submitted
-- for images and what verifying them found, and the status of each image per project.

-- A trusted public key. Scope: every project (global), a team's projects, or one project (team_id is
-- then the project's team, so reads filter by team alike). One row per key and scope.
create table signing_key (
    id                bigint generated always as identity primary key,
    name              text not null check (char_length(name) between 1 and 200),
    fingerprint       text not null check (char_length(fingerprint) <= 100),
    algorithm         text not null check (algorithm in ('ecdsa-p256', 'ecdsa-p384', 'rsa', 'ed25519')),
    public_key_pem    text not null check (char_length(public_key_pem) <= 16384),
    scope             text not null check (scope in ('global', 'team', 'project')),
    team_id           bigint references team (id),
    project_id        bigint references project (id),
    owner             text check (char_length(owner) <= 200),
    expires_at        timestamptz,
    successor_id      bigint references signing_key (id),
    revoked_at        timestamptz,
    revoked_by        text,
    revocation_reason text check (char_length(revocation_reason) <= 1000),
    created_by        text not null,
    created_at        timestamptz not null default now(),
    constraint signing_key_scope check (
        (scope = 'global' and team_id is null and project_id is null)
        or (scope = 'team' and team_id is not null and project_id is null)
        or (scope = 'project' and team_id is not null and project_id is not null))
);
create unique index signing_key_once_per_scope on signing_key (fingerprint, coalesce(team_id, 0), coalesce(project_id, 0));

-- A keyless identity (as cosign's --certificate-identity[-regexp] and --certificate-oidc-issuer name it).
create table signing_identity (
    id            bigint generated always as identity primary key,
    issuer        text not null check (char_length(issuer) between 1 and 500),
    subject       text not null check (char_length(subject) between 1 and 500),
    subject_regex boolean not null default false,
    scope         text not null check (scope in ('global', 'team', 'project')),
    team_id       bigint references team (id),
    project_id    bigint references project (id),
    owner         text check (char_length(owner) <= 200),
    expires_at    timestamptz,
    revoked_at    timestamptz,
    revoked_by    text,
    created_by    text not null,
    created_at    timestamptz not null default now(),
    constraint signing_identity_scope check (
        (scope = 'global' and team_id is null and project_id is null)
        or (scope = 'team' and team_id is not null and project_id is null)
        or (scope = 'project' and team_id is not null and project_id is not null))
);

-- Trust roots an admin uploads: a Sigstore trusted_root.json, a Notation trust store (PEM CA certificates).
create table signing_trust_root (
    id             bigint generated always as identity primary key,
    kind           text not null check (kind in ('sigstore', 'notation')),
    name           text not null check (char_length(name) between 1 and 200),
    content        text not null check (char_length(content) <= 1048576),
    content_sha256 text not null,
    created_by     text not null,
    created_at     timestamptz not null default now(),
    unique (kind, name)
);

-- A signature submitted for an image in a project, the material kept (bounded) so it can be verified
-- again when trust changes, and what the last verification found.
create table image_signature (
    id              bigint generated always as identity primary key,
    project_id      bigint not null references project (id),
    image_id        bigint not null references image (id),
    format          text not null check (format in ('cosign', 'cosign-verify-output', 'sigstore-bundle', 'notation')),
    payload         bytea not null check (octet_length(payload) <= 65536),
    signature       text check (char_length(signature) <= 8192),
    public_key_pem  text check (char_length(public_key_pem) <= 16384),
    certificate     text check (char_length(certificate) <= 65536),
    material_sha256 text not null,
    status          text not null check (status in ('verified', 'invalid', 'untrusted_signer', 'reported')),
    key_id          bigint references signing_key (id),
    identity_id     bigint references signing_identity (id),
    signer          text check (char_length(signer) <= 1000),
    reasons         text[] not null default '{}',
    signed_at       timestamptz,
    verified_at     timestamptz not null,
    submitted_by    text not null,
    submitted_at    timestamptz not null,
    unique (project_id, image_id, material_sha256)
);
create index image_signature_image_idx on image_signature (image_id);
create index image_signature_key_idx on image_signature (key_id) where key_id is not null;

-- The status of each image in each project: its best signature (verified, then reported, then
-- untrusted signer, then invalid; the newest within a status). No row: missing.
create view image_signing_status as
select distinct on (s.project_id, s.image_id)
       s.project_id, s.image_id, s.id as signature_id, s.status, s.key_id, s.identity_id, s.signer, s.reasons,
       s.signed_at, s.verified_at
  from image_signature s
 order by s.project_id, s.image_id,
          case s.status when 'verified' then 0 when 'reported' then 1 when 'untrusted_signer' then 2 else 3 end,
          s.verified_at desc, s.id desc;
