package io.keelwatch.runtime.ingest;

import java.time.Duration;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The Kafka consumer of Falcosidekick's Kafka output; the broker's address and client settings are
 * Spring Boot's {@code spring.kafka.*}.
 *
 * @param enabled       off by default: the HTTP endpoint needs no broker
 * @param topics        topic → the name of the cluster whose Falcosidekick writes it (one topic per cluster)
 * @param groupId       the consumer group every replica joins, so each record is stored by one of them
 * @param concurrency   consumers per replica (at most the topics' partitions are used)
 * @param retryInterval how long to wait before storing a batch again that could not be stored
 */
@ConfigurationProperties("keelwatch.runtime.kafka")
public record KafkaIngestSettings(@DefaultValue("false") boolean enabled, Map<String, String> topics,
        @DefaultValue("keelwatch-falco") String groupId, @DefaultValue("1") int concurrency,
        @DefaultValue("5s") Duration retryInterval) {

    public KafkaIngestSettings {
        topics = topics == null ? Map.of() : Map.copyOf(topics);
        if (enabled && topics.isEmpty()) {
            throw new IllegalStateException("keelwatch.runtime.kafka.enabled needs keelwatch.runtime.kafka.topics.<topic>=<cluster name>.");
        }
    }
}
