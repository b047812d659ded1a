package io.keelwatch.runtime.ingest;

import io.keelwatch.inventory.InventoryService;
import java.util.Collection;
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
 * {@code INSERT … ON CONFLICT DO UPDATE}; a new alert is filed under its namespace's owner by inventory's rules, read in
 * the same statement (an alert keeps the owner it was first filed under). Runs in the caller's transaction.
 */
@Component
class EventWriter {

    /** With the owner of each new alert's namespace ({@code %s}: inventory's rules, as SQL) filed as it is folded. */
    private static final String WRITE = """
            with input as (
                select * from unnest(cast(:cluster as bigint[]), cast(:hash as text[]), cast(:ns as text[]),
                        cast(:pod as text[]), cast(:container as text[]), cast(:rule as text[]), cast(:window as text[]),
                        cast(:time as text[]), cast(:rank as int[]), cast(:hostname as text[]), cast(:source as text[]),
                        cast(:uuid as text[]), cast(:output as text[]), cast(:fields as text[]), cast(:tags as text[]),
                        cast(:repository as text[]), cast(:tag as text[]), cast(:digest as text[]))
                    as i(cluster_id, hash, namespace, pod, container_id, rule, window_start, event_time, priority_rank,
                         hostname, source, uuid, output, output_fields, tags, image_repository, image_tag, image_digest)
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
                select g.cluster_id, g.namespace, g.pod, g.container_id, g.rule, g.window_start, g.priority_rank,
                       o.project_id, o.team_id, g.image_repository, g.image_tag, g.image_digest, g.source, g.events,
                       g.first_seen, g.last_seen
                from (
                    select n.cluster_id, n.namespace, n.pod, n.container_id, n.rule, n.window_start,
                           min(n.priority_rank) as priority_rank, max(i.image_repository) as image_repository,
                           max(i.image_tag) as image_tag, max(i.image_digest) as image_digest, max(n.source) as source,
                           count(*) as events, min(n.event_time) as first_seen, max(n.event_time) as last_seen
                    from inserted n
                    join input i on i.cluster_id = n.cluster_id and decode(i.hash, 'hex') = n.content_hash
                    group by n.cluster_id, n.namespace, n.pod, n.container_id, n.rule, n.window_start
                ) g
                left join lateral (%s) o on true
                order by g.cluster_id, g.namespace, g.pod, g.container_id, g.rule, g.window_start
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

    private final String write;

    private final JdbcClient jdbc;
    private final JsonMapper json = JsonMapper.builder().build();

    EventWriter(JdbcClient jdbc, InventoryService inventory) {
        this.jdbc = jdbc;
        this.write = WRITE.formatted(inventory.namespaceOwnerSql("g.cluster_id", "g.namespace"));
    }

    /** Writes distinct events (by {@link EventRow#key()}); the keys of those that were new. */
    Set<String> write(Collection<EventRow> rows) {
        List<String> inserted = jdbc.sql(write)
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
                .param("repository", column(rows, r -> r.event().imageRepository()))
                .param("tag", column(rows, r -> r.event().imageTag()))
                .param("digest", column(rows, r -> r.event().imageDigest()))
                .query((rs, n) -> rs.getLong("cluster_id") + ":" + rs.getString("hash"))
                .list();
        return new HashSet<>(inserted);
    }

    private static String[] column(Collection<EventRow> rows, Function<EventRow, String> value) {
        return rows.stream().map(value).toArray(String[]::new);
    }
}
