package io.keelwatch.runtime.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.keelwatch.inventory.InventoryService;
import io.keelwatch.testsupport.KeelwatchIntegrationTest;
import io.keelwatch.testsupport.TestWorld;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.admin.AdminClient;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.ConcurrentMessageListenerContainer;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.test.context.TestPropertySource;

/**
 * A real Kafka broker (KRaft, in the test JVM) and the consumer of Falcosidekick's Kafka output: records
 * written as Sidekick writes them (the FalcoPayload's JSON as the value, no key) are stored for the
 * topic's cluster; a record arriving before its cluster exists is kept and stored once the cluster is
 * made (no skip on a passing fault); a record that is no Falco event is skipped and counted; the same
 * event with another uuid is a duplicate; and when the whole topic is delivered again (the group's
 * offsets reset to the start, as after a crash before the offset commit) nothing is stored twice and no
 * alert counts an event twice.
 */
@KeelwatchIntegrationTest
@EmbeddedKafka(topics = "falco.prod-kafka", partitions = 2, bootstrapServersProperty = "spring.kafka.bootstrap-servers")
@TestPropertySource(properties = {"keelwatch.runtime.kafka.enabled=true",
        "keelwatch.runtime.kafka.topics[falco.prod-kafka]=prod-kafka", "keelwatch.runtime.kafka.retry-interval=300ms",
        "spring.kafka.producer.acks=all"})
class KafkaEventsAreStoredOnceEvenWhenRedeliveredIT {

    @Autowired
    KafkaTemplate<String, String> kafka;
    @Autowired
    ConcurrentMessageListenerContainer<byte[], byte[]> container;
    @Autowired
    EmbeddedKafkaBroker broker;
    @Autowired
    InventoryService inventory;
    @Autowired
    TestWorld world;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    MeterRegistry meters;

    @Test
    void recordsAreStoredOnceForTheTopicsClusterAndARedeliveryChangesNothing() throws Exception {
        String topic = "falco.prod-kafka";
        // before the cluster exists: the consumer keeps trying
        kafka.send(topic, payload("a1", "web-1", "2024-05-01T12:00:00.000000001Z")).get();
        Thread.sleep(1_500);
        String environment = inventory.createEnvironment("kafka", world.admin()).name();
        inventory.createCluster("prod-kafka", environment, null, world.admin());
        await(() -> events() == 1, "the first record stored once its cluster exists");

        kafka.send(topic, payload("b2", "web-1", "2024-05-01T12:00:05Z")).get();
        kafka.send(topic, "{\"rule\":\"no priority\",\"time\":\"2024-05-01T12:00:05Z\",\"output_fields\":{}}").get();
        kafka.send(topic, payload("c3", "web-2", "2024-05-01T12:00:00.000000001Z")).get();
        kafka.send(topic, payload("a1-again", "web-1", "2024-05-01T12:00:00.000000001Z")).get(); // a1 with a new uuid
        await(() -> events() == 3 && skipped() >= 1, "three distinct events stored, the bad record skipped");
        assertThat(skipped()).isEqualTo(1);
        long folded = jdbc.sql("select sum(event_count) from runtime_alert a join cluster c on c.id = a.cluster_id where c.name = 'prod-kafka'")
                .query(Long.class).single();
        assertThat(folded).isEqualTo(3);

        // delivered again from the start: the group's offsets go back to 0 while its consumers are stopped
        await(() -> committedOffsets(topic) == 5, "all five records acknowledged");
        container.stop();
        try (AdminClient admin = admin()) {
            resetToStart(admin, topic);
        }
        container.start();
        await(() -> skipped() >= 2, "the whole topic delivered again");
        await(() -> committedOffsets(topic) == 5, "the redelivery acknowledged");
        assertThat(events()).isEqualTo(3);
        assertThat(jdbc.sql("select sum(event_count) from runtime_alert a join cluster c on c.id = a.cluster_id where c.name = 'prod-kafka'")
                .query(Long.class).single()).isEqualTo(folded);
    }

    /** json.Marshal of types.FalcoPayload: no trailing newline (the Kafka output does not use an encoder). */
    static String payload(String uuid, String pod, String time) {
        return "{\"uuid\":\"" + uuid + "\",\"output\":\"A shell was spawned\",\"priority\":\"Notice\",\"rule\":\"Terminal shell in container\","
                + "\"time\":\"" + time + "\",\"output_fields\":{\"k8s.ns.name\":\"shop\",\"k8s.pod.name\":\"" + pod + "\","
                + "\"container.id\":\"0123456789ab\",\"proc.cmdline\":\"sh\"},\"source\":\"syscall\",\"tags\":[\"shell\"],\"hostname\":\"worker-1\"}";
    }

    private long events() {
        return jdbc.sql("select count(*) from runtime_event e join cluster c on c.id = e.cluster_id where c.name = 'prod-kafka'")
                .query(Long.class).single();
    }

    private double skipped() {
        return meters.counter("keelwatch.runtime.kafka.skipped").count();
    }

    private long committedOffsets(String topic) {
        try (AdminClient admin = admin()) {
            Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets("keelwatch-falco")
                    .partitionsToOffsetAndMetadata().get();
            return offsets.entrySet().stream().filter(e -> e.getKey().topic().equals(topic) && e.getValue() != null)
                    .mapToLong(e -> e.getValue().offset()).sum();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private AdminClient admin() {
        return AdminClient.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.getBrokersAsString()));
    }

    /** Refused while the group still has members: the stopped consumers leave it within moments. */
    private static void resetToStart(AdminClient admin, String topic) {
        for (int attempt = 1; ; attempt++) {
            try {
                admin.alterConsumerGroupOffsets("keelwatch-falco", Map.of(new TopicPartition(topic, 0), new OffsetAndMetadata(0),
                        new TopicPartition(topic, 1), new OffsetAndMetadata(0))).all().get();
                return;
            } catch (Exception e) {
                if (attempt == 50) {
                    throw new IllegalStateException(e);
                }
                try {
                    Thread.sleep(200);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(interrupted);
                }
            }
        }
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Not within 60 s: " + what);
            }
            Thread.sleep(200);
        }
    }
}
