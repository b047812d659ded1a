-- Raw Falco events are kept for a number of days per priority, then purged. Deleting old rows one by one
-- from a table taking thousands of events a second would cost as much as writing them (and bloat the
-- table), so runtime_event becomes a table partitioned by day of event_time: a purge drops whole days.
--
-- Why event_time, not received_at: the duplicate check must include the partition key (PostgreSQL's rule
-- for unique constraints of a partitioned table). event_time is part of the content hash's input, so the
-- same event sent twice, days apart, always has the same (cluster_id, content_hash, event_time) and meets
-- its first copy in the same partition; received_at differs per copy and would let a re-sent event be
-- stored twice.
--
-- Partitions are made ahead by RetentionJob (runtime.ingest); runtime_event_default takes events whose
-- day has no partition: back-filled events older than the first partition, or events dated beyond the
-- days made ahead (the job moves those into their day's partition when it makes it). Folded alerts
-- (runtime_alert) are another table and outlive their raw events.
alter table runtime_event rename to runtime_event_v21;
alter table runtime_event_v21 rename constraint runtime_event_pkey to runtime_event_v21_pkey;
alter table runtime_event_v21 rename constraint runtime_event_cluster_id_content_hash_key to runtime_event_v21_dedup;
alter index runtime_event_alert_idx rename to runtime_event_v21_alert_idx;

create table runtime_event (
    id            bigint not null default nextval('runtime_event_id_seq'),
    cluster_id    bigint not null references cluster (id),
    content_hash  bytea not null,
    namespace     text not null,
    pod           text not null,
    container_id  text not null,
    rule          text not null,
    window_start  timestamptz not null,
    event_time    timestamptz not null,
    priority_rank smallint not null check (priority_rank between 0 and 7),
    hostname      text,
    source        text,
    uuid          text,
    output        text,
    output_fields jsonb not null,
    tags          text[] not null,
    received_at   timestamptz not null default now(),
    primary key (id, event_time),
    constraint runtime_event_dedup unique (cluster_id, content_hash, event_time)
) partition by range (event_time);
alter sequence runtime_event_id_seq owned by runtime_event.id;
create index runtime_event_alert_idx on runtime_event (cluster_id, namespace, pod, container_id, rule, window_start, event_time desc, id desc);

create table runtime_event_default partition of runtime_event default;

-- today and the next seven days (UTC); the job keeps that many ahead
do $$
declare
    day date;
begin
    for day in select generate_series(cast(now() at time zone 'UTC' as date), cast(now() at time zone 'UTC' as date) + 7, interval '1 day') loop
        execute format('create table %I partition of runtime_event for values from (%L) to (%L)',
                'runtime_event_p' || to_char(day, 'YYYYMMDD'),
                cast(day as timestamp) at time zone 'UTC', cast(day + 1 as timestamp) at time zone 'UTC');
    end loop;
end
$$;

-- existing events keep their ids; those older than today go to the default partition, which the purge
-- empties row by row as their days pass the retention
insert into runtime_event (id, cluster_id, content_hash, namespace, pod, container_id, rule, window_start, event_time,
        priority_rank, hostname, source, uuid, output, output_fields, tags, received_at)
select id, cluster_id, content_hash, namespace, pod, container_id, rule, window_start, event_time,
       priority_rank, hostname, source, uuid, output, output_fields, tags, received_at
from runtime_event_v21;

drop table runtime_event_v21;
