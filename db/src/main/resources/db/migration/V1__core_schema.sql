-- Keelwatch core model. Later features add tables; they do not reshape these.
-- Enumerations are text with CHECK constraints so that adding a value is a new migration
-- that swaps one constraint, not an ALTER TYPE inside a transaction.

create table team (
    id          bigint generated always as identity primary key,
    slug        text not null unique check (slug ~ '^[a-z0-9][a-z0-9-]{0,62}$'),
    name        text not null,
    created_at  timestamptz not null default now()
);

create table app_user (
    id                bigint generated always as identity primary key,
    username          text not null,
    display_name      text not null,
    email             text,
    -- null for accounts that only sign in through OIDC
    password_hash     text,
    role              text not null check (role in ('ADMIN', 'SECURITY_LEAD', 'DEVELOPER', 'AUDITOR')),
    enabled           boolean not null default true,
    failed_logins     integer not null default 0,
    locked_until      timestamptz,
    external_issuer   text,
    external_subject  text,
    created_at        timestamptz not null default now(),
    last_login_at     timestamptz
);
create unique index app_user_username_uq on app_user (lower(username));
create unique index app_user_external_uq on app_user (external_issuer, external_subject)
    where external_subject is not null;

create table team_membership (
    team_id  bigint not null references team (id) on delete cascade,
    user_id  bigint not null references app_user (id) on delete cascade,
    primary key (team_id, user_id)
);
create index team_membership_user_idx on team_membership (user_id);

create table project (
    id           bigint generated always as identity primary key,
    team_id      bigint not null references team (id),
    slug         text not null unique check (slug ~ '^[a-z0-9][a-z0-9-]{0,62}$'),
    name         text not null,
    criticality  text not null default 'tier2' check (criticality in ('tier1', 'tier2', 'tier3')),
    created_at   timestamptz not null default now()
);
create index project_team_idx on project (team_id);

-- Maps image repositories to projects: a glob-like pattern ('ghcr.io/acme/payments-*'),
-- most specific (longest) pattern wins.
create table repository_rule (
    id          bigint generated always as identity primary key,
    project_id  bigint not null references project (id) on delete cascade,
    pattern     text not null unique,
    created_at  timestamptz not null default now()
);

create table environment (
    id          bigint generated always as identity primary key,
    name        text not null unique,
    -- ordering from least to most critical (dev < staging < prod)
    rank        integer not null default 0,
    created_at  timestamptz not null default now()
);

create table cluster (
    id              bigint generated always as identity primary key,
    environment_id  bigint not null references environment (id),
    name            text not null unique,
    created_at      timestamptz not null default now()
);

-- An image is repository + digest, one row however many projects scan it (two teams may both
-- run the same upstream image; each keeps its own findings and triage). For scanned artifacts
-- that are not images (a source repository, an SBOM) the digest is derived from the artifact's
-- type and name so repeated scans of the same artifact still meet; artifact_type tells them apart.
create table image (
    id             bigint generated always as identity primary key,
    repository     text not null,
    digest         text not null check (digest ~ '^[a-z0-9]+:[a-f0-9]{32,128}$'),
    artifact_type  text not null default 'container_image'
                   check (artifact_type in ('container_image', 'repository', 'filesystem', 'sbom', 'vm', 'other')),
    os_family      text,
    os_name        text,
    first_seen     timestamptz not null default now(),
    last_seen      timestamptz not null default now(),
    unique (repository, digest)
);

-- Tags are observations: tag -> digest at a time, never identity.
create table image_tag_observation (
    image_id     bigint not null references image (id) on delete cascade,
    tag          text not null,
    first_seen   timestamptz not null default now(),
    last_seen    timestamptz not null default now(),
    primary key (image_id, tag)
);
create index image_tag_lookup_idx on image_tag_observation (tag, last_seen desc);

create table scan (
    id                 bigint generated always as identity primary key,
    image_id           bigint not null references image (id),
    project_id         bigint not null references project (id),
    scanner            text not null,
    scanner_version    text,
    report_format      text not null check (report_format in ('trivy', 'grype', 'sarif', 'cyclonedx', 'openvex')),
    artifact_name      text,
    report_created_at  timestamptz,
    imported_at        timestamptz not null default now(),
    imported_by        text not null,
    -- the original report, gzip-compressed, so it can be re-processed and nothing is lost
    report_sha256      text not null,
    report_size        bigint not null,
    report_gzip        bytea not null,
    findings_total     integer not null default 0,
    findings_new       integer not null default 0,
    findings_unchanged integer not null default 0,
    findings_fixed     integer not null default 0,
    findings_reopened  integer not null default 0,
    severity_counts    jsonb not null default '{}'::jsonb,
    unique (project_id, image_id, report_sha256)
);
create index scan_project_idx on scan (project_id, imported_at desc);
create index scan_image_idx on scan (image_id, project_id, imported_at desc);
create index scan_imported_idx on scan (imported_at desc);

-- Descriptions live once per vulnerability (or check, or secret rule), not per finding.
create table vulnerability (
    id             text primary key,
    title          text,
    description    text,
    severity       text check (severity in ('CRITICAL', 'HIGH', 'MEDIUM', 'LOW', 'UNKNOWN')),
    cvss_score     numeric(3, 1),
    primary_url    text,
    reference_urls text[] not null default '{}',
    published_at   timestamptz,
    modified_at    timestamptz,
    updated_at     timestamptz not null default now()
);

create table finding (
    id                bigint generated always as identity primary key,
    image_id          bigint not null references image (id),
    project_id        bigint not null references project (id),
    kind              text not null check (kind in ('vulnerability', 'misconfiguration', 'secret')),
    -- sha256 over the identity fields of the kind (see FindingFingerprint)
    fingerprint       text not null,
    vulnerability_id  text references vulnerability (id),
    rule_id           text,
    package_name      text,
    installed_version text,
    fixed_version     text,
    package_path      text,
    purl              text,
    target            text,
    location          text,
    -- what the scanner showed as evidence (a secret's match), exactly as the scanner redacted it
    evidence          text,
    title             text,
    severity          text not null check (severity in ('CRITICAL', 'HIGH', 'MEDIUM', 'LOW', 'UNKNOWN')),
    status            text not null default 'open'
                      check (status in ('open', 'in_progress', 'fixed', 'risk_accepted', 'false_positive', 'not_affected')),
    occurrences       integer not null default 1,
    first_seen        timestamptz not null,
    last_seen         timestamptz not null,
    fixed_at          timestamptz,
    reopened_count    integer not null default 0,
    first_scan_id     bigint not null references scan (id),
    last_scan_id      bigint not null references scan (id),
    sla_due           date,
    assignee_id       bigint references app_user (id),
    unique (project_id, image_id, fingerprint)
);
create index finding_image_idx on finding (image_id);
create index finding_project_status_idx on finding (project_id, status, severity);
create index finding_vuln_idx on finding (vulnerability_id);
create index finding_open_sla_idx on finding (sla_due) where status in ('open', 'in_progress');
create index finding_last_seen_idx on finding (project_id, last_seen desc, id desc);

-- Append-only: who did what to which record, when, from where.
create table audit_event (
    id           bigint generated always as identity primary key,
    occurred_at  timestamptz not null default now(),
    actor        text not null,
    actor_type   text not null check (actor_type in ('user', 'token', 'system', 'anonymous')),
    action       text not null,
    target_type  text,
    target_id    text,
    team_id      bigint references team (id),
    outcome      text not null default 'success' check (outcome in ('success', 'failure', 'denied')),
    details      jsonb not null default '{}'::jsonb,
    source_ip    inet,
    request_id   text
);
create index audit_event_time_idx on audit_event (occurred_at desc);
create index audit_event_target_idx on audit_event (target_type, target_id);

create function audit_event_is_append_only() returns trigger language plpgsql as $$
begin
    raise exception 'audit_event is append-only (% refused)', tg_op using errcode = 'insufficient_privilege';
end;
$$;
create trigger audit_event_no_update before update or delete on audit_event
    for each row execute function audit_event_is_append_only();
create trigger audit_event_no_truncate before truncate on audit_event
    for each statement execute function audit_event_is_append_only();
