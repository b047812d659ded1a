package io.keelwatch.runtime.ingest;

import io.keelwatch.platform.KeelwatchException;
import io.keelwatch.runtime.FalcoEventIngest;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.kafka.listener.BatchMessageListener;
import org.springframework.kafka.listener.ConcurrentMessageListenerContainer;
import org.springframework.kafka.listener.ContainerProperties;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.util.backoff.FixedBackOff;

/**
 * Consumes Falcosidekick's Kafka output (off unless {@code keelwatch.runtime.kafka.enabled}): each topic is
 * bound to the cluster whose Falcosidekick writes it. A batch of records is stored through the same
 * reader, group commit and writer as the HTTP endpoint, and the batch's offsets are committed only after
 * the database commit (at least once): a record delivered again after a crash or a rebalance is a
 * duplicate by its content. A record that is no Falco event is skipped and counted
 * ({@code keelwatch.runtime.kafka.skipped}); a failure to store (database away, writer overloaded, a
 * topic's cluster not yet created) keeps the batch and tries it again every few seconds, for as long as it
 * takes, so no event is skipped for a passing fault.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "keelwatch.runtime.kafka.enabled", havingValue = "true")
class KafkaEventConsumer {

    private static final Logger log = LoggerFactory.getLogger(KafkaEventConsumer.class);

    @Bean
    ConcurrentMessageListenerContainer<byte[], byte[]> falcoEventsContainer(KafkaProperties kafka, KafkaIngestSettings settings,
            FalcoEventReader reader, FalcoEventIngest ingest, MeterRegistry meters) {
        Map<String, Object> consumer = new HashMap<>(kafka.buildConsumerProperties());
        consumer.put(ConsumerConfig.GROUP_ID_CONFIG, settings.groupId());
        consumer.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        consumer.putIfAbsent(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        consumer.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        consumer.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        Counter skipped = Counter.builder("keelwatch.runtime.kafka.skipped")
                .description("Kafka records that were no valid Falco event, skipped").register(meters);
        ContainerProperties properties = new ContainerProperties(settings.topics().keySet().toArray(String[]::new));
        properties.setAckMode(ContainerProperties.AckMode.BATCH);
        properties.setMessageListener((BatchMessageListener<byte[], byte[]>) records -> {
            Map<String, List<FalcoEvent>> byCluster = new LinkedHashMap<>();
            for (ConsumerRecord<byte[], byte[]> record : records) {
                try {
                    FalcoEvent event = reader.readOne(record.value() == null ? new byte[0] : record.value());
                    byCluster.computeIfAbsent(settings.topics().get(record.topic()), c -> new ArrayList<>()).add(event);
                } catch (KeelwatchException e) {
                    skipped.increment();
                    log.warn("Skipped record {}-{}@{}: {}", record.topic(), record.partition(), record.offset(), e.getMessage());
                }
            }
            byCluster.forEach(ingest::ingestDelivered);
        });
        ConcurrentMessageListenerContainer<byte[], byte[]> container =
                new ConcurrentMessageListenerContainer<>(new DefaultKafkaConsumerFactory<>(consumer), properties);
        container.setConcurrency(settings.concurrency());
        container.setCommonErrorHandler(new DefaultErrorHandler(
                new FixedBackOff(settings.retryInterval().toMillis(), FixedBackOff.UNLIMITED_ATTEMPTS)));
        return container;
    }
}
