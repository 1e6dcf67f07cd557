package dev.brisk.server.ingest.kafka;

import dev.brisk.core.event.Event;
import dev.brisk.server.app.BriskConfig;
import dev.brisk.server.ingest.EventLogUnavailableException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The producing side of the Kafka event log: appends events to the topic, keyed by user id (so
 * one user's events keep their order in one partition), and returns only when the brokers have
 * acknowledged every one of them.
 */
public final class KafkaEventLog implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(KafkaEventLog.class);

    private final BriskConfig.Kafka config;
    private final String clientId;
    private final KafkaProducer<String, byte[]> producer;
    private final Counter failedAppends;
    private volatile String lastFailure;
    private volatile long lastFailureAt;

    public KafkaEventLog(BriskConfig.Kafka config, String clientId, MeterRegistry registry) {
        this.config = config;
        this.clientId = clientId;
        this.producer = new KafkaProducer<>(KafkaSettings.producer(config, clientId));
        this.failedAppends = Counter.builder("brisk.kafka.appends.failed")
                .description("Requests whose events the Kafka brokers did not acknowledge (answered 503)")
                .register(registry);
    }

    /**
     * Creates the topic with {@code BRISK_KAFKA_PARTITIONS} partitions (the broker's replication
     * factor) when it does not exist. Returns false, with a warning, when the brokers cannot be asked.
     */
    public boolean ensureTopic() {
        try (Admin admin = Admin.create(KafkaSettings.admin(config, clientId + "-admin"))) {
            Set<String> topics = admin.listTopics().names().get(config.timeoutMillis(), TimeUnit.MILLISECONDS);
            if (!topics.contains(config.topic())) {
                admin.createTopics(List.of(new NewTopic(config.topic(), Optional.of(config.partitions()), Optional.empty())))
                        .all().get(config.timeoutMillis(), TimeUnit.MILLISECONDS);
                log.info("Created the Kafka topic {} with {} partitions", config.topic(), config.partitions());
            }
            return true;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof TopicExistsException) {
                return true; // another instance created it meanwhile
            }
            log.warn("Cannot check the Kafka topic {} at {}: {}", config.topic(), config.bootstrap(), e.getCause().toString());
            return false;
        } catch (java.util.concurrent.TimeoutException | KafkaException e) {
            log.warn("Cannot check the Kafka topic {} at {}: {}", config.topic(), config.bootstrap(), e.toString());
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * Appends the events (each with its id) and waits until every one is acknowledged. Throws
     * {@link EventLogUnavailableException} when one is not within the configured timeout.
     */
    public void append(List<Event> events) throws InterruptedException {
        List<Future<RecordMetadata>> sent = new ArrayList<>(events.size());
        try {
            for (Event e : events) {
                Future<RecordMetadata> f = producer.send(new ProducerRecord<>(config.topic(), e.userId(), EventCodec.encode(e)));
                if (f.isDone()) {
                    f.get(); // failed at once (no metadata within max.block.ms): the rest would wait as long each
                }
                sent.add(f);
            }
            for (Future<RecordMetadata> f : sent) {
                f.get(); // bounded by the producer's delivery timeout
            }
        } catch (ExecutionException | KafkaException e) {
            Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
            failedAppends.increment();
            if (lastFailure == null) {
                log.warn("Appending to Kafka ({}) failed; POST /events answers 503: {}", config.bootstrap(), cause.toString());
            }
            lastFailure = cause.getMessage();
            lastFailureAt = System.currentTimeMillis();
            throw new EventLogUnavailableException("Kafka did not acknowledge the events: " + cause.getMessage(),
                    events.stream().map(Event::eventId).toList(), cause);
        }
        if (lastFailure != null) {
            log.info("Appends to Kafka succeed again");
            lastFailure = null;
        }
    }

    /** Why the last append failed, when it failed within the last {@code withinMillis}; otherwise null. */
    public String recentFailure(long withinMillis) {
        String failure = lastFailure;
        return failure != null && System.currentTimeMillis() - lastFailureAt < withinMillis ? failure : null;
    }

    public BriskConfig.Kafka config() {
        return config;
    }

    @Override
    public void close() {
        producer.close(java.time.Duration.ofSeconds(5));
    }
}
