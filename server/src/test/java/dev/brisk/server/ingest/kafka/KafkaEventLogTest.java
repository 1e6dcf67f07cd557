package dev.brisk.server.ingest.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.brisk.core.event.Event;
import dev.brisk.core.event.EventType;
import dev.brisk.core.event.EventTypes;
import dev.brisk.server.TestService;
import dev.brisk.server.ingest.EventLogUnavailableException;
import dev.brisk.server.support.EventSenders;
import dev.brisk.server.support.FreePort;
import dev.brisk.server.support.HttpJson;
import dev.brisk.server.support.KafkaBroker;
import dev.brisk.server.support.ServiceProcess;
import dev.brisk.server.support.SharedServices;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Kafka event log against a real single-node broker (started once for the class by
 * {@code scripts/kafka-dev}): what {@code POST /events} acknowledges is stored exactly once, through
 * an instance's kill, a broker restart and two instances sharing the partitions; an unreachable
 * broker is a 503 that stores nothing; {@code wait=stored} reads its own writes.
 */
class KafkaEventLogTest {
    private static Path brokerDir;
    private static KafkaBroker broker;

    @TempDir
    Path dir;

    @BeforeAll
    static void startBroker() throws Exception {
        brokerDir = Files.createTempDirectory("brisk-kafka-test");
        broker = new KafkaBroker(brokerDir);
    }

    @AfterAll
    static void stopBroker() throws Exception {
        if (broker != null) {
            broker.close();
        }
        try (var paths = Files.walk(brokerDir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    @Test
    void acknowledgedEventsAreStoredOnceAndWaitStoredReadsItsWrites() throws Exception {
        try (TestService service = TestService.start(dir, false, broker.settings(KafkaBroker.freshTopic("once")))) {
            List<Map<String, Object>> batch = new ArrayList<>();
            for (int i = 0; i < 30; i++) {
                batch.add(TestService.with(TestService.event("u" + (i % 5), "i" + i, "view", null), "event_id", "once-" + i));
            }
            assertThat(service.post("/events", batch).expect(200).path("accepted").asInt()).isEqualTo(30);
            // A retry of the same events is appended again and stored once.
            assertThat(service.post("/events", batch).expect(200).path("accepted").asInt()).isEqualTo(30);
            assertThat(TestService.eventually(java.time.Duration.ofSeconds(30),
                    () -> storedIds(service).size() == 30)).as("every acknowledged event stored").isTrue();
            assertThat(storedIds(service).values()).allMatch(n -> n == 1);

            JsonNode answer = service.post("/events?wait=stored", TestService.event("reader", "i7", "click", Instant.now()))
                    .expect(200);
            assertThat(answer.path("accepted").asInt()).isEqualTo(1);
            assertThat(service.storedEvents("reader")).as("read right after wait=stored").isEqualTo(1);
            service.post("/events?wait=later", TestService.event("reader", "i7", "click", null)).assertError(400);

            assertThat(TestService.eventually(java.time.Duration.ofSeconds(10), () -> {
                JsonNode kafka = component(service, "kafka");
                return kafka.path("status").asText().equals("up") && kafka.path("details").path("lag").asLong() == 0
                        && kafka.path("details").path("partitions").asInt() == 4;
            })).as("/ready shows the consumer's lag and partitions: %s", component(service, "kafka")).isTrue();
            assertThat(service.get("/metrics").text()).contains("brisk_kafka_consumer_lag")
                    .contains("brisk_kafka_store_delay_seconds");
        }
    }

    @Test
    void anUnreachableBrokerIsA503ThatStoresNothing() throws Exception {
        Map<String, String> settings = new HashMap<>();
        settings.put("BRISK_KAFKA_BOOTSTRAP", "127.0.0.1:" + FreePort.find());
        settings.put("BRISK_KAFKA_TIMEOUT_MS", "1500");
        try (TestService service = TestService.start(dir, false, settings)) {
            TestService.Response refused = service.post("/events",
                    List.of(TestService.event("nobody", "i1", "view", null), TestService.event("nobody", "i2", "view", null)));
            refused.assertError(503);
            assertThat(refused.retryAfter()).isNotNull();
            assertThat(refused.error().path("details").path("event_ids").size()).isEqualTo(2);
            assertThat(component(service, "kafka").path("status").asText()).isEqualTo("degraded");
            Thread.sleep(2_000);
            assertThat(service.storedEvents("nobody")).isZero();
        }
    }

    /**
     * A request whose produce fails partway (a record over the producer's {@code max.request.size}
     * in the middle, after the first records were sent) is aborted as a whole: once the consumer
     * has stored a later event of the same partition, none of the request's events is stored. The
     * request goes to a log of the test's own on the service's topic, since the API's validation
     * keeps every record far below that size.
     */
    @Test
    void aRequestThatFailsPartwayStoresNoneOfItsEvents() throws Exception {
        try (TestService service = TestService.start(dir, false, broker.settings(KafkaBroker.freshTopic("partway")));
             KafkaEventLog eventLog = new KafkaEventLog(service.config().kafka(), "test-partway", new SimpleMeterRegistry())
                     .start(task -> {
                         Thread t = new Thread(task, "test-kafka-append");
                         t.setDaemon(true);
                         return t;
                     })) {
            // The service appends and stores (so the brokers' transaction log is ready before the test's own log needs it).
            service.post("/events?wait=stored", TestService.event("partway-warm-up", "i1", "view", null)).expect(200);
            EventType view = EventTypes.BUILT_IN.fromStored("view");
            List<Event> request = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                Map<String, Object> metadata = i == 6 ? Map.of("blob", "x".repeat(2_000_000)) : null;
                request.add(new Event("partway-" + i, "partway-user", "i" + i, view, Double.NaN,
                        System.currentTimeMillis(), null, "test", null, metadata));
            }
            assertThatThrownBy(() -> eventLog.append(request)).isInstanceOf(EventLogUnavailableException.class)
                    .hasRootCauseInstanceOf(RecordTooLargeException.class);
            // The same user, so the same partition: stored only after everything appended before it was read.
            service.post("/events?wait=stored", TestService.with(
                    TestService.event("partway-user", "i99", "view", null), "event_id", "partway-marker")).expect(200);
            assertThat(storedIds(service).keySet()).as("stored events of the failed request")
                    .filteredOn(id -> id.startsWith("partway-")).containsOnly("partway-marker");

            // The log still commits the next request: the aborted transaction left no harm behind.
            eventLog.append(List.of(request.get(0)));
            assertThat(TestService.eventually(java.time.Duration.ofSeconds(30),
                    () -> storedIds(service).containsKey("partway-0"))).as("a later request is stored").isTrue();
        }
    }

    @Test
    void twoInstancesShareThePartitionsAndStoreEveryEventOnce() throws Exception {
        String schema = SharedServices.freshSchema("kafka2");
        Map<String, String> settings = new HashMap<>(SharedServices.oneCluster(schema, SharedServices.freshRedisPrefix("kafka2")));
        settings.putAll(broker.settings(KafkaBroker.freshTopic("two")));
        try (TestService a = TestService.start(false, settings); TestService b = TestService.start(false, settings)) {
            assertThat(TestService.eventually(java.time.Duration.ofSeconds(40), () ->
                    component(a, "kafka").path("details").path("partitions").asInt() > 0
                            && component(b, "kafka").path("details").path("partitions").asInt() > 0
                            && component(a, "kafka").path("details").path("partitions").asInt()
                            + component(b, "kafka").path("details").path("partitions").asInt() == 4))
                    .as("the four partitions are split between the two instances").isTrue();
            EventSenders senders = new EventSenders(4, List.of(new HttpJson(a.port()), new HttpJson(b.port())));
            assertThat(HttpJson.eventually(60_000, () -> senders.acknowledged().size() >= 500)).isTrue();
            senders.stop();
            assertEveryAcknowledgedStoredOnce(senders.acknowledged(), SharedServices.POSTGRES_URL, schema);
        } finally {
            SharedServices.dropSchema(schema);
        }
    }

    @Test
    void aKilledInstanceLosesNoAcknowledgedEvent() throws Exception {
        String schema = SharedServices.freshSchema("kafkakill");
        Map<String, String> env = new HashMap<>(broker.settings(KafkaBroker.freshTopic("kill")));
        env.put("BRISK_DEMO_DATA", "false");
        env.put("BRISK_DB_URL", SharedServices.POSTGRES_URL);
        env.put("BRISK_DB_USER", SharedServices.POSTGRES_USER);
        env.put("BRISK_DB_SCHEMA", schema);
        try (ServiceProcess service = new ServiceProcess(env, dir.resolve("service.log"))) {
            service.start();
            EventSenders senders = new EventSenders(4, List.of(new HttpJson(service.port())));
            assertThat(HttpJson.eventually(60_000, () -> senders.acknowledged().size() >= 500)).isTrue();
            service.kill();
            senders.stop();
            assertThat(senders.refused()).as("requests that failed once the process was gone").isPositive();
            // A new instance in the same group takes the dead one's partitions from its last committed offsets.
            service.start();
            assertEveryAcknowledgedStoredOnce(senders.acknowledged(), SharedServices.POSTGRES_URL, schema);
        } finally {
            SharedServices.dropSchema(schema);
        }
    }

    @Test
    void aBrokerRestartLosesNoAcknowledgedEvent() throws Exception {
        try (TestService service = TestService.start(dir, false, broker.settings(KafkaBroker.freshTopic("restart")))) {
            EventSenders senders = new EventSenders(2, List.of(new HttpJson(service.port())));
            assertThat(HttpJson.eventually(60_000, () -> senders.acknowledged().size() >= 200)).isTrue();
            broker.kill();
            broker.start();
            int before = senders.acknowledged().size();
            assertThat(HttpJson.eventually(90_000, () -> senders.acknowledged().size() >= before + 200))
                    .as("appends are acknowledged again after the restart").isTrue();
            senders.stop();
            assertEveryAcknowledgedStoredOnce(senders.acknowledged(), service.config().dbUrl(), schemaOf(service));
        }
    }

    private static void assertEveryAcknowledgedStoredOnce(Set<String> acknowledged, String jdbcUrl, String schema) {
        assertThat(acknowledged).isNotEmpty();
        boolean all = HttpJson.eventually(90_000, () -> {
            try {
                return EventSenders.storedIds(jdbcUrl, schema).keySet().containsAll(acknowledged);
            } catch (Exception e) {
                return false;
            }
        });
        Map<String, Integer> stored;
        try {
            stored = EventSenders.storedIds(jdbcUrl, schema);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        List<String> missing = acknowledged.stream().filter(id -> !stored.containsKey(id)).toList();
        assertThat(all && missing.isEmpty()).as("acknowledged but not stored: %s", missing.size()).isTrue();
        assertThat(stored.values()).as("stored more than once").allMatch(n -> n == 1);
    }

    /** The PostgreSQL schema the suite gave a service, or null on SQLite. */
    private static String schemaOf(TestService service) {
        return service.config().dbSchema().isEmpty() ? null : service.config().dbSchema();
    }

    private static Map<String, Integer> storedIds(TestService service) {
        try {
            return EventSenders.storedIds(service.config().dbUrl(), schemaOf(service));
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static JsonNode component(TestService service, String name) {
        for (JsonNode c : service.get("/ready").json().path("components")) {
            if (name.equals(c.path("component").asText())) {
                return c;
            }
        }
        return com.fasterxml.jackson.databind.node.MissingNode.getInstance();
    }
}
