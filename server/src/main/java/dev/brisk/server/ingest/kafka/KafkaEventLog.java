package dev.brisk.server.ingest.kafka;

import dev.brisk.core.event.Event;
import dev.brisk.server.app.BriskConfig;
import dev.brisk.server.ingest.EventLogUnavailableException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.InvalidRecordException;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The producing side of the Kafka event log: appends events to the topic, keyed by user id (so
 * one user's events keep their order in one partition), in Kafka transactions, and returns only
 * when the transaction holding them is committed. A request that fails is aborted as a whole: the
 * consumers read with {@code read_committed}, so none of its events is ever stored.
 *
 * <p>Transactions are grouped: {@link #PRODUCERS} transactional producers, each on a thread of its
 * own, take every request waiting when they become free (up to {@link #MOST_EVENTS_PER_TRANSACTION}
 * events) and commit them in one transaction, then answer each. A transaction costs a few round
 * trips to the coordinator whatever it holds, so under load one commit serves many requests, while
 * an idle service commits each request at once. A request whose own record is refused (too large)
 * is taken out of its group and the others are tried again without it, so it fails alone.
 *
 * <p>Producer {@code n} has the transactional id {@code <group>-<instance>-<n>}: an instance that
 * restarts with the same {@code BRISK_INSTANCE_ID} fences its former self (a paused process can no
 * longer commit) and aborts the transactions it left open at once; otherwise they are aborted by
 * the brokers after {@code transaction.timeout.ms} (twice {@code BRISK_KAFKA_TIMEOUT_MS}).
 */
public final class KafkaEventLog implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(KafkaEventLog.class);

    /** Transactional producers of an instance: while one commits, the next collects the requests that arrived. */
    static final int PRODUCERS = 4;
    /** Events of one transaction at most (a request larger than this is one transaction of its own). */
    static final int MOST_EVENTS_PER_TRANSACTION = 5_000;
    /** Commits that timed out are retried this often before the outcome is given up as unknown. */
    private static final int COMMIT_ATTEMPTS = 3;
    private static final long TAKE_MILLIS = 200;

    private final BriskConfig.Kafka config;
    private final String clientId;
    private final BlockingQueue<Request> waiting = new LinkedBlockingQueue<>();
    private final List<Thread> appenders = new ArrayList<>();
    private final Counter failedAppends;
    private final DistributionSummary requestsPerTransaction;
    private volatile boolean running = true;
    private volatile String lastFailure;
    private volatile long lastFailureAt;

    public KafkaEventLog(BriskConfig.Kafka config, String clientId, MeterRegistry registry) {
        this.config = config;
        this.clientId = clientId;
        this.failedAppends = Counter.builder("brisk.kafka.appends.failed")
                .description("Requests whose events the Kafka brokers did not acknowledge (answered 503)")
                .register(registry);
        this.requestsPerTransaction = DistributionSummary.builder("brisk.kafka.transaction.requests")
                .description("Requests committed together in one Kafka transaction").register(registry);
    }

    /** Starts the appenders, one thread (of {@code threads}) per transactional producer. */
    public KafkaEventLog start(java.util.concurrent.ThreadFactory threads) {
        for (int n = 0; n < PRODUCERS; n++) {
            Thread t = threads.newThread(new Appender(n)::run);
            appenders.add(t);
            t.start();
        }
        return this;
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
     * Appends the events (each with its id) in a transaction and waits until it is committed.
     * Throws {@link EventLogUnavailableException} when it is aborted (or its outcome is unknown),
     * within about the configured timeout.
     */
    public void append(List<Event> events) throws InterruptedException {
        if (!running) {
            throw new EventLogUnavailableException("The Kafka event log is closed", ids(events), null);
        }
        Request request = new Request(events);
        waiting.add(request);
        if (!running && waiting.remove(request)) {
            request.done.completeExceptionally(new KafkaException("the service is stopping"));
        }
        Throwable failure;
        try {
            request.done.get();
            failure = null;
        } catch (ExecutionException e) {
            failure = e.getCause();
        }
        if (failure != null) {
            failedAppends.increment();
            if (lastFailure == null) {
                log.warn("Appending to Kafka ({}) failed; POST /events answers 503: {}", config.bootstrap(), failure.toString());
            }
            lastFailure = failure.getMessage();
            lastFailureAt = System.currentTimeMillis();
            throw new EventLogUnavailableException("Kafka did not acknowledge the events: " + failure.getMessage(),
                    ids(events), failure);
        }
        if (lastFailure != null) {
            log.info("Appends to Kafka succeed again");
            lastFailure = null;
        }
    }

    private static List<String> ids(List<Event> events) {
        return events.stream().map(Event::eventId).toList();
    }

    /** One request's events and its answer: completed once their transaction is committed, or failed. */
    private static final class Request {
        final List<Event> events;
        final CompletableFuture<Void> done = new CompletableFuture<>();
        final List<Future<RecordMetadata>> sent = new ArrayList<>();

        Request(List<Event> events) {
            this.events = events;
        }
    }

    /** A record of a request was refused for what it is (not for the brokers' state): only that request fails. */
    private static final class RefusedRecord extends Exception {
        final Request request;

        RefusedRecord(Request request, Throwable cause) {
            super(cause.getMessage(), cause);
            this.request = request;
        }
    }

    /** One transactional producer and the thread that commits groups of waiting requests with it. */
    private final class Appender {
        private final String transactionalId;
        private KafkaProducer<String, byte[]> producer;
        private boolean initialised;

        Appender(int n) {
            this.transactionalId = config.group() + "-" + clientId + "-" + n;
        }

        void run() {
            try {
                try {
                    producer(); // registered before the first request (the brokers' transaction log may be created now)
                } catch (RuntimeException e) {
                    log.debug("The Kafka producer {} is not registered yet: {}", transactionalId, e.toString());
                }
                while (running) {
                    Request first = waiting.poll(TAKE_MILLIS, TimeUnit.MILLISECONDS);
                    if (first != null) {
                        commit(group(first));
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                discard(Duration.ofSeconds(5));
            }
        }

        /** The first request and those waiting behind it, up to the events of one transaction. */
        private List<Request> group(Request first) {
            List<Request> group = new ArrayList<>();
            group.add(first);
            int events = first.events.size();
            Request next;
            while ((next = waiting.peek()) != null && events + next.events.size() <= MOST_EVENTS_PER_TRANSACTION) {
                Request taken = waiting.poll();
                if (taken == null) {
                    break; // another appender took it
                }
                group.add(taken);
                events += taken.events.size();
            }
            return group;
        }

        /** Commits the requests in one transaction; a request with a refused record fails alone. */
        private void commit(List<Request> group) {
            List<Request> left = new ArrayList<>(group);
            while (!left.isEmpty()) {
                try {
                    transact(left);
                    requestsPerTransaction.record(left.size());
                    left.forEach(r -> r.done.complete(null));
                    return;
                } catch (RefusedRecord refused) {
                    refused.request.done.completeExceptionally(refused.getCause());
                    left.remove(refused.request);
                } catch (RuntimeException e) {
                    left.forEach(r -> r.done.completeExceptionally(e));
                    return;
                }
            }
        }

        private void transact(List<Request> requests) throws RefusedRecord {
            KafkaProducer<String, byte[]> p = producer();
            boolean committing = false;
            try {
                p.beginTransaction();
                for (Request r : requests) {
                    r.sent.clear();
                    for (Event e : r.events) {
                        Future<RecordMetadata> f = p.send(new ProducerRecord<>(config.topic(), e.userId(), EventCodec.encode(e)));
                        r.sent.add(f);
                        if (f.isDone()) {
                            refusedAtOnce(r, f); // the transaction cannot commit now: no use sending the rest
                        }
                    }
                }
                committing = true;
                commitOrGiveUp(p);
            } catch (RuntimeException e) {
                if (committing && !initialised) {
                    throw e; // the commit's outcome is unknown and the producer is gone
                }
                abort(p);
                RefusedRecord refused = refusedAtDelivery(requests);
                if (refused != null && requests.size() > 1) {
                    throw refused;
                }
                throw e;
            } catch (RefusedRecord refused) {
                abort(p);
                throw refused;
            }
        }

        /** A send that failed before it left: the record itself is refused, or the producer cannot send at all. */
        private void refusedAtOnce(Request r, Future<RecordMetadata> f) throws RefusedRecord {
            try {
                f.get();
            } catch (ExecutionException e) {
                if (isRecordRefused(e.getCause())) {
                    throw new RefusedRecord(r, e.getCause());
                }
                throw e.getCause() instanceof KafkaException k ? k : new KafkaException(e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new KafkaException("interrupted", e);
            }
        }

        /** The first request of an aborted transaction whose own record the brokers refused, if any. */
        private RefusedRecord refusedAtDelivery(List<Request> requests) {
            for (Request r : requests) {
                for (Future<RecordMetadata> f : r.sent) {
                    if (f.isDone()) {
                        try {
                            f.get();
                        } catch (ExecutionException e) {
                            if (isRecordRefused(e.getCause())) {
                                return new RefusedRecord(r, e.getCause());
                            }
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                            return null;
                        }
                    }
                }
            }
            return null;
        }

        /**
         * Commits; a commit that times out may have reached the brokers, so it is retried, and when
         * it still times out the producer is closed: the outcome is then unknown, which the 503's
         * event ids cover (a retry with them stores each event once).
         */
        private void commitOrGiveUp(KafkaProducer<String, byte[]> p) {
            for (int attempt = 1; ; attempt++) {
                try {
                    p.commitTransaction();
                    return;
                } catch (org.apache.kafka.common.errors.TimeoutException e) {
                    if (attempt == COMMIT_ATTEMPTS) {
                        discard(Duration.ZERO);
                        throw new KafkaException("the commit of the transaction was not acknowledged: " + e.getMessage(), e);
                    }
                }
            }
        }

        /** Aborts the transaction; a producer that cannot (fenced, brokers away) is replaced by a new one. */
        private void abort(KafkaProducer<String, byte[]> p) {
            try {
                p.abortTransaction();
            } catch (RuntimeException e) {
                if (e instanceof ProducerFencedException) {
                    log.warn("The Kafka transactional id {} was taken over by another producer: BRISK_INSTANCE_ID"
                            + " must differ between running instances", transactionalId);
                }
                discard(Duration.ZERO);
            }
        }

        /** The producer, created and registered with the transaction coordinator on first use after a failure. */
        private KafkaProducer<String, byte[]> producer() {
            if (producer == null) {
                producer = new KafkaProducer<>(KafkaSettings.producer(config, clientId, transactionalId));
            }
            if (!initialised) {
                try {
                    producer.initTransactions(); // fences an older producer with this id and aborts what it left open
                } catch (KafkaException e) {
                    discard(Duration.ZERO);
                    throw e;
                }
                initialised = true;
            }
            return producer;
        }

        private void discard(Duration wait) {
            if (producer != null) {
                try {
                    producer.close(wait);
                } catch (KafkaException e) {
                    log.debug("Closing a Kafka producer: {}", e.toString());
                }
            }
            producer = null;
            initialised = false;
        }
    }

    /** A record the brokers (or the producer) refuse for itself: retrying it cannot succeed. */
    private static boolean isRecordRefused(Throwable t) {
        return t instanceof RecordTooLargeException || t instanceof InvalidRecordException
                || t instanceof SerializationException;
    }

    /** Why the last append failed, when it failed within the last {@code withinMillis}; otherwise null. */
    public String recentFailure(long withinMillis) {
        String failure = lastFailure;
        return failure != null && System.currentTimeMillis() - lastFailureAt < withinMillis ? failure : null;
    }

    public BriskConfig.Kafka config() {
        return config;
    }

    /** Stops the producers after the transactions under way; requests still waiting are answered 503. */
    @Override
    public void close() {
        running = false;
        for (Thread t : appenders) {
            try {
                t.join(15_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        Request left;
        while ((left = waiting.poll()) != null) {
            left.done.completeExceptionally(new KafkaException("the service is stopping"));
        }
    }
}
