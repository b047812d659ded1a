-- What runs where: the workloads a cluster's snapshots (kubectl's Pod and controller lists) show,
-- each container with the image it runs, and when an image was last scanned, which the drift a
-- running container shows (never scanned, scanned long ago) is read from.

-- When the newest scan of an image was made: the report's own time, never later than its import (a
-- report claiming a future time cannot hide that an image has not been scanned for long). Kept on
-- the image, which inventory owns, so what runs can be compared without reading the findings' tables.
alter table image add column last_scanned_at timestamptz;
update image i set last_scanned_at = s.scanned
from (select image_id, max(least(coalesce(report_created_at, imported_at), imported_at)) as scanned
      from scan group by image_id) s
where s.image_id = i.id;

-- A cluster's workload: its top controller (a Pod folds into its ReplicaSet's Deployment, a Job into
-- its CronJob), or a Pod no controller owns. Its project follows the cluster's namespace rules at
-- each snapshot; null: no rule maps the namespace, and only leads, auditors and admins see it.
create table workload (
    id          bigint generated always as identity primary key,
    cluster_id  bigint not null references cluster (id) on delete cascade,
    namespace   text not null check (namespace ~ '^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$'),
    kind        text not null check (kind ~ '^[A-Za-z][A-Za-z0-9]{0,62}$'),
    name        text not null check (length(name) between 1 and 253),
    project_id  bigint references project (id),
    first_seen  timestamptz not null,
    last_seen   timestamptz not null,
    -- set when a snapshot covering the workload's namespace no longer shows any of its containers
    stopped_at  timestamptz,
    unique (cluster_id, namespace, kind, name)
);
create index workload_project_idx on workload (project_id, cluster_id);

-- One container of a workload running one image. The image is the digest the runtime reports
-- (status.containerStatuses[].imageID) or the spec pins; a container known only by a tag has no
-- image row and is itself drift. reference = the digest, else the tag: a rollout that changes a
-- container's image is a new row, and the old one stops.
create table workload_container (
    id              bigint generated always as identity primary key,
    workload_id     bigint not null references workload (id) on delete cascade,
    container       text not null check (length(container) between 1 and 253),
    container_type  text not null check (container_type in ('init', 'container', 'ephemeral')),
    repository      text not null check (length(repository) between 1 and 512),
    reference       text not null check (length(reference) between 1 and 200),
    tag             text check (length(tag) between 1 and 128),
    image_id        bigint references image (id),
    first_seen      timestamptz not null,
    last_seen       timestamptz not null,
    stopped_at      timestamptz,
    unique (workload_id, container, repository, reference),
    check ((image_id is null) = (reference !~ '^[a-z0-9]+:[a-f0-9]{32,128}$'))
);
create index workload_container_image_idx on workload_container (image_id) where stopped_at is null;
