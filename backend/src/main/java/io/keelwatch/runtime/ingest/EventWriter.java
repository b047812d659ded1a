package io.keelwatch.runtime.ingest;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes a batch of events and folds them into alerts in one statement: the events are inserted with
 * {@code ON CONFLICT DO NOTHING} on their content hash (a re-sent event is a duplicate whatever its
 * uuid), and only the rows actually inserted are counted into their alert's window with
 * {@code INSERT … ON CONFLICT DO UPDATE}. Runs in the caller's transaction.
 */
@Component
class EventWriter {

    private static final String WRITE = """
            with input as (
                select * from unnest(cast(:cluster as bigint[]), cast(:hash as text[]), cast(:ns as text[]),
                        cast(:pod as text[]), cast(:container as text[]), cast(:rule as text[]), cast(:window as text[]),
                        cast(:time as text[]), cast(:rank as int[]), cast(:hostname as text[]), cast(:source as text[]),
                        cast(:uuid as text[]), cast(:output as text[]), cast(:fields as text[]), cast(:tags as text[]),
                        cast(:project as bigint[]), cast(:team as bigint[]), cast(:repository as text[]),
                        cast(:tag as text[]), cast(:digest as text[]))
                    as i(cluster_id, hash, namespace, pod, container_id, rule, window_start, event_time, priority_rank,
                         hostname, source, uuid, output, output_fields, tags, project_id, team_id, image_repository,
                         image_tag, image_digest)
            ),
            inserted as (
                insert into runtime_event (cluster_id, content_hash, namespace, pod, container_id, rule, window_start,
                        event_time, priority_rank, hostname, source, uuid, output, output_fields, tags)
                select cluster_id, decode(hash, 'hex'), namespace, pod, container_id, rule, cast(window_start as timestamptz),
                       cast(event_time as timestamptz), priority_rank, hostname, source, uuid, output,
                       cast(output_fields as jsonb), array(select jsonb_array_elements_text(cast(tags as jsonb)))
                from input
                on conflict (cluster_id, content_hash, event_time) do nothing
                returning cluster_id, content_hash, namespace, pod, container_id, rule, window_start, event_time,
                          priority_rank, source
            ),
            folded as (
                insert into runtime_alert (cluster_id, namespace, pod, container_id, rule, window_start, priority_rank,
                        project_id, team_id, image_repository, image_tag, image_digest, source, event_count, first_seen, last_seen)
                select n.cluster_id, n.namespace, n.pod, n.container_id, n.rule, n.window_start, min(n.priority_rank),
                       min(i.project_id), min(i.team_id), max(i.image_repository), max(i.image_tag), max(i.image_digest),
                       max(n.source), count(*), min(n.event_time), max(n.event_time)
                from inserted n
                join input i on i.cluster_id = n.cluster_id and decode(i.hash, 'hex') = n.content_hash
                group by n.cluster_id, n.namespace, n.pod, n.container_id, n.rule, n.window_start
                order by n.cluster_id, n.namespace, n.pod, n.container_id, n.rule, n.window_start
                on conflict (cluster_id, namespace, pod, container_id, rule, window_start) do update set
                    event_count = runtime_alert.event_count + excluded.event_count,
                    first_seen = least(runtime_alert.first_seen, excluded.first_seen),
                    last_seen = greatest(runtime_alert.last_seen, excluded.last_seen),
                    priority_rank = least(runtime_alert.priority_rank, excluded.priority_rank),
                    image_repository = coalesce(runtime_alert.image_repository, excluded.image_repository),
                    image_tag = coalesce(runtime_alert.image_tag, excluded.image_tag),
                    image_digest = coalesce(runtime_alert.image_digest, excluded.image_digest)
                returning 1
            )
            select cluster_id, encode(content_hash, 'hex') as hash from inserted
            """;

    private final JdbcClient jdbc;
    private final JsonMapper json = JsonMapper.builder().build();

    EventWriter(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Writes distinct events (by {@link EventRow#key()}); the keys of those that were new. */
    Set<String> write(List<EventRow> rows) {
        List<String> inserted = jdbc.sql(WRITE)
                .param("cluster", rows.stream().map(EventRow::clusterId).toArray(Long[]::new))
                .param("hash", column(rows, r -> r.event().contentHash()))
                .param("ns", column(rows, r -> r.event().namespace()))
                .param("pod", column(rows, r -> r.event().pod()))
                .param("container", column(rows, r -> r.event().containerId()))
                .param("rule", column(rows, r -> r.event().rule()))
                .param("window", column(rows, r -> r.windowStart().toString()))
                .param("time", column(rows, r -> r.event().time().toString()))
                .param("rank", rows.stream().map(r -> r.event().priority().rank()).toArray(Integer[]::new))
                .param("hostname", column(rows, r -> r.event().hostname()))
                .param("source", column(rows, r -> r.event().source()))
                .param("uuid", column(rows, r -> r.event().uuid()))
                .param("output", column(rows, r -> r.event().output()))
                .param("fields", column(rows, r -> r.event().outputFieldsJson()))
                .param("tags", column(rows, r -> json.writeValueAsString(r.event().tags())))
                .param("project", rows.stream().map(EventRow::projectId).toArray(Long[]::new))
                .param("team", rows.stream().map(EventRow::teamId).toArray(Long[]::new))
                .param("repository", column(rows, r -> r.event().imageRepository()))
                .param("tag", column(rows, r -> r.event().imageTag()))
                .param("digest", column(rows, r -> r.event().imageDigest()))
                .query((rs, n) -> rs.getLong("cluster_id") + ":" + rs.getString("hash"))
                .list();
        return new HashSet<>(inserted);
    }

    private static String[] column(List<EventRow> rows, Function<EventRow, String> value) {
        return rows.stream().map(value).toArray(String[]::new);
    }
}
