package dev.brisk.server.ingest.kafka;

import dev.brisk.server.app.BriskConfig;
import java.util.Properties;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** The Kafka clients' settings, derived from Brisk's few variables so that the guarantees hold whatever is set. */
final class KafkaSettings {
    /** The brokers' default {@code transaction.max.timeout.ms}: a longer transaction timeout is refused. */
    private static final int MOST_TRANSACTION_MILLIS = 900_000;

    private KafkaSettings() {
    }

    static Properties admin(BriskConfig.Kafka config, String clientId) {
        Properties p = new Properties();
        p.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, config.bootstrap());
        p.put(CommonClientConfigs.CLIENT_ID_CONFIG, clientId);
        p.put(CommonClientConfigs.REQUEST_TIMEOUT_MS_CONFIG, config.timeoutMillis());
        p.put(CommonClientConfigs.DEFAULT_API_TIMEOUT_MS_CONFIG, config.timeoutMillis());
        return p;
    }

    /**
     * Every append waits for all in-sync replicas ({@code acks=all}); the idempotent producer keeps
     * retries from writing an event twice or out of order within a partition, and the transactional
     * id makes it write in transactions that the consumers see only once committed. An append that
     * the brokers do not take within {@code timeoutMillis} (a third waiting for metadata, the rest
     * for delivery) fails, and with it the request. A transaction left open by a process that died
     * is aborted by the brokers after twice that (at most the brokers' default ceiling of 15 min),
     * unless a producer with the same id comes back first.
     */
    static Properties producer(BriskConfig.Kafka config, String clientId, String transactionalId) {
        int blockMillis = config.timeoutMillis() / 3;
        int deliveryMillis = config.timeoutMillis() - blockMillis;
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrap());
        p.put(ProducerConfig.CLIENT_ID_CONFIG, clientId + "-producer");
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5);
        p.put(ProducerConfig.LINGER_MS_CONFIG, 2);
        p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, blockMillis);
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, deliveryMillis);
        p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, deliveryMillis - 10);
        p.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
        p.put(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, Math.min(2 * config.timeoutMillis(), MOST_TRANSACTION_MILLIS));
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        return p;
    }

    /**
     * Offsets are committed by hand, only after the events they cover are committed in the database
     * (at-least-once delivery, made exactly-once in effect by the event ids); a new group starts
     * from the beginning of the topic so that nothing appended before the first consumer is lost.
     * Only committed transactions are read ({@code read_committed}): the events of an aborted
     * request are never stored.
     */
    static Properties consumer(BriskConfig.Kafka config, String clientId, int maxPollRecords) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrap());
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId + "-consumer");
        p.put(ConsumerConfig.GROUP_ID_CONFIG, config.group());
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, maxPollRecords);
        // A dead instance's partitions move to the others after 10 s rather than the default 45 s.
        p.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, 10_000);
        p.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, 3_000);
        p.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        return p;
    }
}
