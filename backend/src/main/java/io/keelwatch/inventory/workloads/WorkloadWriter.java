package io.keelwatch.inventory.workloads;

import io.keelwatch.inventory.WorkloadReport;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Writes one cluster's snapshot, set-based, in the caller's transaction: a handful of statements
 * whatever its size (workloads, image lookups, images, tag observations, containers, the two stops).
 * Snapshots of one cluster take turns (its row is locked first), so two agents posting at once
 * never stop each other's containers half-way.
 */
@Repository
class WorkloadWriter {

    private final JdbcClient jdbc;

    WorkloadWriter(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Counts of what the snapshot did: workloads and containers seen, new, stopped. */
    record Outcome(WorkloadReport.Counts workloads, WorkloadReport.Counts containers) {
    }

    /**
     * @param namespace what a complete snapshot covers (null: the whole cluster); what it covers and does
     *                  not show has stopped
     * @param projects  namespace → the project its rules give it to (namespaces no rule maps are absent)
     */
    Outcome write(long clusterId, String namespace, Snapshot snapshot, Map<String, Long> projects, Instant now) {
        jdbc.sql("select id from cluster where id = :id for no key update").param("id", clusterId).query(Long.class).single();
        Timestamp at = Timestamp.from(now);
        List<WorkloadKey> keys = snapshot.containers().stream().map(ObservedContainer::workload).distinct()
                .sorted(Comparator.comparing(WorkloadKey::namespace).thenComparing(WorkloadKey::kind).thenComparing(WorkloadKey::name))
                .toList();
        Map<WorkloadKey, Long> workloadIds = new HashMap<>();
        int[] newWorkloads = {0};
        if (!keys.isEmpty()) {
            jdbc.sql("""
                    insert into workload (cluster_id, namespace, kind, name, project_id, first_seen, last_seen)
                    select :cluster, w.namespace, w.kind, w.name, w.project, :now, :now
                    from unnest(cast(:namespaces as text[]), cast(:kinds as text[]), cast(:names as text[]), cast(:projects as bigint[]))
                         as w (namespace, kind, name, project)
                    on conflict (cluster_id, namespace, kind, name) do update
                        set last_seen = excluded.last_seen, stopped_at = null, project_id = excluded.project_id
                    returning id, namespace, kind, name, (xmax = 0) as inserted
                    """)
                    .param("cluster", clusterId)
                    .param("now", at)
                    .param("namespaces", keys.stream().map(WorkloadKey::namespace).toArray(String[]::new))
                    .param("kinds", keys.stream().map(WorkloadKey::kind).toArray(String[]::new))
                    .param("names", keys.stream().map(WorkloadKey::name).toArray(String[]::new))
                    .param("projects", keys.stream().map(k -> projects.get(k.namespace())).toArray(Long[]::new))
                    .query((rs, n) -> {
                        workloadIds.put(new WorkloadKey(rs.getString("namespace"), rs.getString("kind"), rs.getString("name")),
                                rs.getLong("id"));
                        newWorkloads[0] += rs.getBoolean("inserted") ? 1 : 0;
                        return null;
                    })
                    .list();
        }
        List<ObservedContainer> containers = snapshot.containers();
        Long[] imageIds = images(containers, at);
        List<Long> containerIds = new ArrayList<>();
        int[] newContainers = {0};
        if (!containers.isEmpty()) {
            jdbc.sql("""
                    insert into workload_container (workload_id, container, container_type, repository, reference, tag, image_id,
                                                    first_seen, last_seen)
                    select c.workload, c.container, c.type, c.repository, c.reference, c.tag, c.image, :now, :now
                    from unnest(cast(:workloads as bigint[]), cast(:containers as text[]), cast(:types as text[]),
                                cast(:repositories as text[]), cast(:references as text[]), cast(:tags as text[]),
                                cast(:images as bigint[])) as c (workload, container, type, repository, reference, tag, image)
                    on conflict (workload_id, container, repository, reference) do update
                        set last_seen = excluded.last_seen, stopped_at = null, tag = coalesce(excluded.tag, workload_container.tag),
                            image_id = excluded.image_id, container_type = excluded.container_type, seen_running = true
                    returning id, (xmax = 0) as inserted
                    """)
                    .param("now", at)
                    .param("workloads", containers.stream().map(c -> workloadIds.get(c.workload())).toArray(Long[]::new))
                    .param("containers", containers.stream().map(ObservedContainer::container).toArray(String[]::new))
                    .param("types", containers.stream().map(c -> c.type().value()).toArray(String[]::new))
                    .param("repositories", containers.stream().map(ObservedContainer::repository).toArray(String[]::new))
                    .param("references", containers.stream().map(ObservedContainer::reference).toArray(String[]::new))
                    .param("tags", containers.stream().map(ObservedContainer::tag).toArray(String[]::new))
                    .param("images", imageIds)
                    .query((rs, n) -> {
                        containerIds.add(rs.getLong("id"));
                        newContainers[0] += rs.getBoolean("inserted") ? 1 : 0;
                        return null;
                    })
                    .list();
        }
        int stoppedContainers = 0;
        int stoppedWorkloads = 0;
        if (snapshot.complete()) {
            stoppedContainers = jdbc.sql("""
                    update workload_container c set stopped_at = :now
                    from workload w
                    where w.id = c.workload_id and w.cluster_id = :cluster and (cast(:namespace as text) is null or w.namespace = :namespace)
                      and c.stopped_at is null and c.id <> all(cast(:seen as bigint[]))
                    """)
                    .param("now", at)
                    .param("cluster", clusterId)
                    .param("namespace", namespace)
                    .param("seen", containerIds.toArray(Long[]::new))
                    .update();
            stoppedWorkloads = jdbc.sql("""
                    update workload w set stopped_at = :now
                    where w.cluster_id = :cluster and (cast(:namespace as text) is null or w.namespace = :namespace)
                      and w.stopped_at is null and w.id <> all(cast(:seen as bigint[]))
                    """)
                    .param("now", at)
                    .param("cluster", clusterId)
                    .param("namespace", namespace)
                    .param("seen", workloadIds.values().toArray(Long[]::new))
                    .update();
        }
        return new Outcome(new WorkloadReport.Counts(keys.size(), newWorkloads[0], stoppedWorkloads),
                new WorkloadReport.Counts(containers.size(), newContainers[0], stoppedContainers));
    }

    /**
     * Whether every container an admission request names is already recorded, running or about to, in a workload not
     * stopped: the common case (a controller's next Pod), which is then this one read and no write.
     */
    boolean allRecorded(long clusterId, List<ObservedContainer> containers) {
        List<ObservedContainer> admitted = sorted(containers);
        return jdbc.sql("""
                select count(*) from unnest(cast(:namespaces as text[]), cast(:kinds as text[]), cast(:names as text[]),
                                            cast(:containers as text[]), cast(:repositories as text[]), cast(:references as text[]))
                                     as a (namespace, kind, name, container, repository, reference)
                join workload w on w.cluster_id = :cluster and w.namespace = a.namespace and w.kind = a.kind and w.name = a.name
                               and w.stopped_at is null
                join workload_container c on c.workload_id = w.id and c.container = a.container and c.repository = a.repository
                                         and c.reference = a.reference and c.stopped_at is null
                """)
                .param("cluster", clusterId)
                .param("namespaces", admitted.stream().map(c -> c.workload().namespace()).toArray(String[]::new))
                .param("kinds", admitted.stream().map(c -> c.workload().kind()).toArray(String[]::new))
                .param("names", admitted.stream().map(c -> c.workload().name()).toArray(String[]::new))
                .param("containers", admitted.stream().map(ObservedContainer::container).toArray(String[]::new))
                .param("repositories", admitted.stream().map(ObservedContainer::repository).toArray(String[]::new))
                .param("references", admitted.stream().map(ObservedContainer::reference).toArray(String[]::new))
                .query(Long.class).single() == admitted.size();
    }

    /**
     * Records containers an admission request lets in as about to run: new ones not yet seen running (a snapshot
     * confirms them), stopped ones back, running ones only stamped. Adds only, never stops, and takes no cluster lock:
     * admissions do not wait for snapshots. Rows are written in key order, as snapshots write them.
     *
     * @param projects namespace → the project its rules give it to
     */
    void admit(long clusterId, List<ObservedContainer> containers, Map<String, Long> projects, Instant now) {
        List<ObservedContainer> admitted = sorted(containers);
        Timestamp at = Timestamp.from(now);
        List<WorkloadKey> keys = admitted.stream().map(ObservedContainer::workload).distinct().toList();
        Map<WorkloadKey, Long> workloadIds = new HashMap<>();
        jdbc.sql("""
                insert into workload (cluster_id, namespace, kind, name, project_id, first_seen, last_seen)
                select :cluster, w.namespace, w.kind, w.name, w.project, :now, :now
                from unnest(cast(:namespaces as text[]), cast(:kinds as text[]), cast(:names as text[]), cast(:projects as bigint[]))
                     as w (namespace, kind, name, project)
                on conflict (cluster_id, namespace, kind, name) do update set stopped_at = null, project_id = excluded.project_id
                returning id, namespace, kind, name
                """)
                .param("cluster", clusterId)
                .param("now", at)
                .param("namespaces", keys.stream().map(WorkloadKey::namespace).toArray(String[]::new))
                .param("kinds", keys.stream().map(WorkloadKey::kind).toArray(String[]::new))
                .param("names", keys.stream().map(WorkloadKey::name).toArray(String[]::new))
                .param("projects", keys.stream().map(k -> projects.get(k.namespace())).toArray(Long[]::new))
                .query((rs, n) -> workloadIds.put(new WorkloadKey(rs.getString("namespace"), rs.getString("kind"), rs.getString("name")),
                        rs.getLong("id")))
                .list();
        Long[] imageIds = images(admitted, at);
        jdbc.sql("""
                insert into workload_container (workload_id, container, container_type, repository, reference, tag, image_id,
                                                first_seen, last_seen, admitted_at, seen_running)
                select c.workload, c.container, c.type, c.repository, c.reference, c.tag, c.image, :now, :now, :now, false
                from unnest(cast(:workloads as bigint[]), cast(:containers as text[]), cast(:types as text[]),
                            cast(:repositories as text[]), cast(:references as text[]), cast(:tags as text[]),
                            cast(:images as bigint[])) as c (workload, container, type, repository, reference, tag, image)
                on conflict (workload_id, container, repository, reference) do update
                    set admitted_at = excluded.admitted_at, stopped_at = null,
                        seen_running = workload_container.seen_running and workload_container.stopped_at is null,
                        tag = coalesce(excluded.tag, workload_container.tag), image_id = excluded.image_id,
                        container_type = excluded.container_type
                """)
                .param("now", at)
                .param("workloads", admitted.stream().map(c -> workloadIds.get(c.workload())).toArray(Long[]::new))
                .param("containers", admitted.stream().map(ObservedContainer::container).toArray(String[]::new))
                .param("types", admitted.stream().map(c -> c.type().value()).toArray(String[]::new))
                .param("repositories", admitted.stream().map(ObservedContainer::repository).toArray(String[]::new))
                .param("references", admitted.stream().map(ObservedContainer::reference).toArray(String[]::new))
                .param("tags", admitted.stream().map(ObservedContainer::tag).toArray(String[]::new))
                .param("images", imageIds)
                .update();
    }

    private static List<ObservedContainer> sorted(List<ObservedContainer> containers) {
        return containers.stream().sorted(Comparator.comparing((ObservedContainer c) -> c.workload().namespace())
                .thenComparing(c -> c.workload().kind()).thenComparing(c -> c.workload().name())
                .thenComparing(ObservedContainer::container).thenComparing(ObservedContainer::repository)
                .thenComparing(ObservedContainer::reference)).toList();
    }

    /**
     * The image row of each container that runs a digest (null for those known by tag only): an image
     * already known under any spelling of its repository, for a bare digest one known under any repository,
     * else a new row in the familiar spelling. The tags the specs name are recorded as observations.
     */
    private Long[] images(List<ObservedContainer> containers, Timestamp at) {
        Long[] ids = new Long[containers.size()];
        List<Integer> indexes = new ArrayList<>();
        List<String> spellings = new ArrayList<>();
        List<String> digests = new ArrayList<>();
        for (int i = 0; i < containers.size(); i++) {
            ObservedContainer c = containers.get(i);
            if (c.digest() != null) {
                for (String spelling : ImageReference.spellings(c.repository())) {
                    indexes.add(i);
                    spellings.add(spelling);
                    digests.add(c.digest());
                }
            }
        }
        if (indexes.isEmpty()) {
            return ids;
        }
        jdbc.sql("""
                select distinct on (w.idx) w.idx, i.id
                from unnest(cast(:indexes as int[]), cast(:spellings as text[]), cast(:digests as text[])) as w (idx, spelling, digest)
                join image i on i.digest = w.digest and i.repository = w.spelling
                order by w.idx, i.last_seen desc, i.id
                """)
                .param("indexes", indexes.toArray(Integer[]::new))
                .param("spellings", spellings.toArray(String[]::new))
                .param("digests", digests.toArray(String[]::new))
                .query((rs, n) -> ids[rs.getInt("idx")] = rs.getLong("id"))
                .list();
        List<Integer> bare = new ArrayList<>();
        for (int i = 0; i < containers.size(); i++) {
            if (ids[i] == null && containers.get(i).bareDigest()) {
                bare.add(i);
            }
        }
        if (!bare.isEmpty()) {
            jdbc.sql("""
                    select distinct on (w.idx) w.idx, i.id
                    from unnest(cast(:indexes as int[]), cast(:digests as text[])) as w (idx, digest)
                    join image i on i.digest = w.digest
                    order by w.idx, i.last_seen desc, i.id
                    """)
                    .param("indexes", bare.toArray(Integer[]::new))
                    .param("digests", bare.stream().map(i -> containers.get(i).digest()).toArray(String[]::new))
                    .query((rs, n) -> ids[rs.getInt("idx")] = rs.getLong("id"))
                    .list();
        }
        Map<String, List<Integer>> missing = new LinkedHashMap<>();
        for (int i = 0; i < containers.size(); i++) {
            ObservedContainer c = containers.get(i);
            if (ids[i] == null && c.digest() != null) {
                missing.computeIfAbsent(c.repository() + "@" + c.digest(), k -> new ArrayList<>()).add(i);
            }
        }
        if (!missing.isEmpty()) {
            // in (repository, digest) order, the order scan imports lock image rows in
            List<String> references = missing.keySet().stream().sorted().toList();
            jdbc.sql("""
                    insert into image (repository, digest, first_seen, last_seen)
                    select split_part(r, '@', 1), split_part(r, '@', 2), :now, :now from unnest(cast(:references as text[])) as r
                    order by 1, 2
                    on conflict (repository, digest) do nothing
                    """)
                    .param("now", at)
                    .param("references", references.toArray(String[]::new))
                    .update();
            jdbc.sql("""
                    select i.id, i.repository || '@' || i.digest as reference
                    from unnest(cast(:references as text[])) as r
                    join image i on i.repository = split_part(r, '@', 1) and i.digest = split_part(r, '@', 2)
                    """)
                    .param("references", references.toArray(String[]::new))
                    .query((rs, n) -> {
                        long id = rs.getLong("id");
                        missing.get(rs.getString("reference")).forEach(i -> ids[i] = id);
                        return null;
                    })
                    .list();
        }
        List<Long> tagged = new ArrayList<>();
        List<String> tags = new ArrayList<>();
        for (int i = 0; i < containers.size(); i++) {
            if (ids[i] != null && containers.get(i).tag() != null) {
                tagged.add(ids[i]);
                tags.add(containers.get(i).tag());
            }
        }
        if (!tagged.isEmpty()) {
            jdbc.sql("""
                    insert into image_tag_observation (image_id, tag, first_seen, last_seen)
                    select distinct t.image, t.tag, cast(:now as timestamptz), cast(:now as timestamptz)
                    from unnest(cast(:images as bigint[]), cast(:tags as text[])) as t (image, tag)
                    on conflict (image_id, tag) do update
                        set last_seen = greatest(image_tag_observation.last_seen, excluded.last_seen)
                    """)
                    .param("now", at)
                    .param("images", tagged.toArray(Long[]::new))
                    .param("tags", tags.toArray(String[]::new))
                    .update();
        }
        return ids;
    }
}
