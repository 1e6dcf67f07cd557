package dev.brisk.server.ingest.kafka;

import dev.brisk.core.event.Event;
import dev.brisk.server.app.BriskConfig;
import dev.brisk.server.ingest.IngestPipeline;
import dev.brisk.server.metrics.Health;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This instance's member of the consumer group: reads the events of the partitions the group
 * gives it and stores them through the ingest pipeline (the same idempotent writer, group commit
 * and after-commit steps — cache invalidation, the trainer's count, the live feed — as a direct
 * {@code POST /events}). Offsets are committed only after the database commit, so a crash
 * redelivers what was not stored yet, and the event ids keep a redelivered event from being
 * stored twice. A batch that cannot be stored (database away, queue full) is retried, not skipped.
 */
public final class KafkaEventConsumer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(KafkaEventConsumer.class);
    private static final Duration POLL = Duration.ofMillis(200);
    private static final long RETRY_FIRST_MILLIS = 200;
    private static final long RETRY_AT_MOST_MILLIS = 5_000;

    private final KafkaEventLog eventLog;
    private final BriskConfig.Kafka config;
    private final KafkaConsumer<String, byte[]> consumer;
    private final IngestPipeline pipeline;
    private final long ackTimeoutMillis;
    private final Timer storeDelay;
    private final Counter unreadable;
    private volatile boolean running = true;
    private volatile Thread thread;
    private volatile long lag;
    private volatile int partitions;
    private volatile String lastError;

    public KafkaEventConsumer(KafkaEventLog eventLog, String clientId, IngestPipeline pipeline, int maxPollRecords,
                              long ackTimeoutMillis, MeterRegistry registry) {
        this.eventLog = eventLog;
        this.config = eventLog.config();
        this.consumer = new KafkaConsumer<>(KafkaSettings.consumer(config, clientId, maxPollRecords));
        this.pipeline = pipeline;
        this.ackTimeoutMillis = ackTimeoutMillis;
        Gauge.builder("brisk.kafka.consumer.lag", () -> lag)
                .description("Events in this instance's partitions not stored yet (consumer lag)").register(registry);
        this.storeDelay = Timer.builder("brisk.kafka.store.delay")
                .description("From an event's append to Kafka to its commit in the database")
                .publishPercentiles(0.5, 0.95, 0.99).distributionStatisticExpiry(Duration.ofMinutes(1))
                .distributionStatisticBufferLength(3).register(registry);
        this.unreadable = Counter.builder("brisk.kafka.records.unreadable")
                .description("Records of the topic that hold no event (skipped)").register(registry);
    }

    /** Starts reading on a thread of {@code threads}. */
    public void start(ThreadFactory threads) {
        thread = threads.newThread(this::run);
        thread.start();
    }

    /** Events in this instance's partitions that are in the log but not stored yet. */
    public long lag() {
        return lag;
    }

    private void run() {
        try {
            // Created here when the brokers were away at start, before the topic is subscribed to.
            while (running && !eventLog.ensureTopic()) {
                pause(RETRY_AT_MOST_MILLIS);
            }
            consumer.subscribe(List.of(config.topic()));
            while (running) {
                ConsumerRecords<String, byte[]> records = consumer.poll(POLL);
                if (!records.isEmpty() && store(records)) {
                    commit();
                }
                measureLag();
            }
        } catch (WakeupException stopping) {
            // close() woke the poll up
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            lastError = e.toString();
            log.error("The Kafka consumer stopped; events are no longer stored by this instance", e);
        } finally {
            consumer.close(Duration.ofSeconds(5));
        }
    }

    /** Stores the records' events, retrying until they are committed; false when stopped first. */
    private boolean store(ConsumerRecords<String, byte[]> records) throws InterruptedException {
        List<Event> events = new ArrayList<>(records.count());
        List<Long> appendedAt = new ArrayList<>(records.count());
        for (ConsumerRecord<String, byte[]> r : records) {
            try {
                events.add(EventCodec.decode(r.value()));
                appendedAt.add(r.timestamp());
            } catch (IllegalArgumentException e) {
                unreadable.increment();
                log.warn("Skipped record {}-{}@{}: {}", r.topic(), r.partition(), r.offset(), e.getMessage());
            }
        }
        long pause = RETRY_FIRST_MILLIS;
        while (!events.isEmpty()) {
            try {
                pipeline.store(events, ackTimeoutMillis);
                break;
            } catch (RuntimeException e) {
                if (lastError == null) {
                    log.warn("Storing events read from Kafka failed; retrying: {}", e.toString());
                }
                lastError = e.getMessage();
                if (!running) {
                    return false; // not committed: redelivered to whoever reads the partition next
                }
                pause(pause);
                pause = Math.min(RETRY_AT_MOST_MILLIS, pause * 2);
            }
        }
        if (lastError != null) {
            log.info("Events read from Kafka are stored again");
            lastError = null;
        }
        long now = System.currentTimeMillis();
        appendedAt.forEach(t -> storeDelay.record(Math.max(0, now - t), TimeUnit.MILLISECONDS));
        return true;
    }

    private void commit() {
        try {
            try {
                consumer.commitSync();
            } catch (WakeupException stopping) {
                consumer.commitSync(); // a wake-up is spent by the call it interrupts: commit what is stored
            }
        } catch (KafkaException e) {
            // Partitions moved to another instance meanwhile: it reads them again from the last
            // commit, and the events already stored are recognised by their ids.
            log.debug("Offsets not committed: {}", e.toString());
        }
    }

    private void measureLag() {
        long total = 0;
        int assigned = 0;
        for (TopicPartition p : consumer.assignment()) {
            assigned++;
            OptionalLong behind = consumer.currentLag(p);
            if (behind.isPresent()) {
                total += behind.getAsLong();
            }
        }
        lag = total;
        partitions = assigned;
    }

    private void pause(long millis) throws InterruptedException {
        long until = System.currentTimeMillis() + millis;
        while (running && System.currentTimeMillis() < until) {
            Thread.sleep(Math.min(50, millis));
        }
    }

    /** "kafka" in {@code /ready}: the consumer's lag and partitions, and whether appends and stores succeed. */
    public Health health() {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("topic", config.topic());
        details.put("group", config.group());
        details.put("lag", lag);
        details.put("partitions", partitions);
        details.put("store_delay_p95_ms", Math.round(percentile(0.95)));
        Thread t = thread;
        if (t == null || !t.isAlive()) {
            return new Health("kafka", Health.DOWN, "the consumer has stopped: events are not stored by this instance",
                    details);
        }
        String appendFailure = eventLog.recentFailure(30_000);
        if (appendFailure != null) {
            return new Health("kafka", Health.DEGRADED, "appending to Kafka failed: " + appendFailure, details);
        }
        String storeFailure = lastError;
        if (storeFailure != null) {
            return new Health("kafka", Health.DEGRADED, "storing events read from Kafka fails: " + storeFailure, details);
        }
        return Health.up("kafka", details);
    }

    /** A percentile of the append-to-stored delay over the last minute, in milliseconds (0 before any). */
    private double percentile(double p) {
        for (var v : storeDelay.takeSnapshot().percentileValues()) {
            if (v.percentile() == p) {
                return v.value(TimeUnit.MILLISECONDS);
            }
        }
        return 0;
    }

    /** Stops reading; a batch being stored is finished and committed first, or left to be redelivered. */
    @Override
    public void close() {
        running = false;
        consumer.wakeup();
        Thread t = thread;
        if (t == null) {
            consumer.close(Duration.ZERO);
        } else {
            try {
                t.join(15_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
