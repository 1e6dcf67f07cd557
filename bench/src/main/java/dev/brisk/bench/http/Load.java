package dev.brisk.bench.http;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A closed-loop load: a fixed number of clients, each on its own connection, sending the next
 * request as soon as the previous answer arrived. Requests that start during the warm-up are not
 * counted (but the events they carried are: see {@link Result#eventsAcknowledgedInAll()}); the figures cover the requests started in the measured window, and the window ends
 * when the last of them is answered. The server's CPU time over the window (when the server is a
 * process of its own) gives the cores it used and its CPU cost per request, figures that hold
 * even when other processes share the machine; the time its threads waited for a core tells how
 * much of the latency is that sharing.
 */
final class Load {
    /** One request of a client; {@code seq} numbers a client's requests. */
    @FunctionalInterface
    interface Call {
        HttpConnection.Response send(HttpConnection connection, SplittableRandom random, int client, long seq)
                throws IOException;
    }

    /** What the answers of a phase carry besides their status. */
    enum Reads { NOTHING, RECOMMEND, INGEST }

    /** A phase's definition. */
    record Phase(String name, String what, int port, int clients, Duration warmup, Duration measure, Reads reads,
                 Call call, ServerUnderTest server) {
    }

    /** A phase's figures; latencies in milliseconds. */
    record Result(String name, String what, int clients, long requests, long errors, String firstError,
                  double seconds, double requestsPerSecond, long events, double eventsPerSecond,
                  Samples.Summary client, Samples.Summary serverTook, double cachedFraction, long measuredFrom,
                  long measuredTo, double serverCores, double serverCpuMicrosPerRequest,
                  double serverRunQueueWaitMicrosPerRequest, long eventsAcknowledgedInAll) {
    }

    private Load() {
    }

    static Result run(Phase phase) throws InterruptedException {
        long wallAtStart = System.currentTimeMillis();
        long nanoAtStart = System.nanoTime();
        long warmupEnd = nanoAtStart + phase.warmup().toNanos();
        long measureEnd = warmupEnd + phase.measure().toNanos();
        List<Client> clients = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        AtomicLong lastAnswer = new AtomicLong(warmupEnd);
        for (int i = 0; i < phase.clients(); i++) {
            Client client = new Client(phase, i, warmupEnd, measureEnd, lastAnswer);
            clients.add(client);
            Thread t = new Thread(client, "load-" + phase.name() + "-" + i);
            t.setDaemon(true);
            threads.add(t);
        }
        threads.forEach(Thread::start);
        Thread.sleep(Math.max(0, (warmupEnd - System.nanoTime()) / 1_000_000));
        long cpuAtStart = phase.server().cpuNanos();
        long waitAtStart = phase.server().runQueueWaitNanos();
        for (Thread t : threads) {
            t.join();
        }
        long cpuAtEnd = phase.server().cpuNanos();
        long waitAtEnd = phase.server().runQueueWaitNanos();
        long requests = 0;
        long errors = 0;
        long events = 0;
        long eventsInAll = 0;
        long cached = 0;
        String firstError = null;
        List<Samples> latencies = new ArrayList<>();
        List<Samples> took = new ArrayList<>();
        for (Client c : clients) {
            requests += c.requests;
            errors += c.errors;
            events += c.events;
            eventsInAll += c.eventsInAll;
            cached += c.cached;
            firstError = firstError == null ? c.firstError : firstError;
            latencies.add(c.latency);
            took.add(c.took);
        }
        double seconds = (lastAnswer.get() - warmupEnd) / 1e9;
        double cpuSeconds = cpuAtStart < 0 || cpuAtEnd < 0 ? Double.NaN : (cpuAtEnd - cpuAtStart) / 1e9;
        double waitSeconds = waitAtStart < 0 || waitAtEnd < 0 ? Double.NaN : (waitAtEnd - waitAtStart) / 1e9;
        Samples.Summary serverTook = phase.reads() == Reads.RECOMMEND ? Samples.summarize(took, 1_000.0) : null;
        return new Result(phase.name(), phase.what(), phase.clients(), requests, errors, firstError, seconds,
                requests / seconds, events, events / seconds, Samples.summarize(latencies, 1e6), serverTook,
                requests == 0 ? 0 : (double) cached / requests,
                wallAtStart + (warmupEnd - nanoAtStart) / 1_000_000, wallAtStart + (lastAnswer.get() - nanoAtStart) / 1_000_000,
                cpuSeconds / seconds, requests == 0 ? Double.NaN : cpuSeconds * 1e6 / requests,
                requests == 0 ? Double.NaN : waitSeconds * 1e6 / requests, eventsInAll);
    }

    private static final class Client implements Runnable {
        private final Phase phase;
        private final int id;
        private final long measureStart;
        private final long measureEnd;
        private final AtomicLong lastAnswer;
        private final Samples latency = new Samples();
        private final Samples took = new Samples();
        private long requests;
        private long errors;
        private long events;
        private long eventsInAll;
        private long cached;
        private String firstError;

        Client(Phase phase, int id, long measureStart, long measureEnd, AtomicLong lastAnswer) {
            this.phase = phase;
            this.id = id;
            this.measureStart = measureStart;
            this.measureEnd = measureEnd;
            this.lastAnswer = lastAnswer;
        }

        @Override
        public void run() {
            SplittableRandom random = new SplittableRandom(0x5eed + id * 7919L + phase.name().hashCode());
            try (HttpConnection connection = new HttpConnection("127.0.0.1", phase.port())) {
                long seq = 0;
                while (true) {
                    long start = System.nanoTime();
                    if (start >= measureEnd) {
                        return;
                    }
                    boolean counted = start >= measureStart;
                    HttpConnection.Response response;
                    try {
                        response = phase.call().send(connection, random, id, seq++);
                    } catch (IOException | RuntimeException e) {
                        if (counted) {
                            requests++;
                            errors++;
                            firstError = firstError == null ? e.toString() : firstError;
                            lastAnswer.accumulateAndGet(System.nanoTime(), Math::max);
                        }
                        continue;
                    }
                    long end = System.nanoTime();
                    if (phase.reads() == Reads.INGEST && response.status() == 200) {
                        double accepted = AnswerFields.number(response.body(), "accepted");
                        eventsInAll += Double.isNaN(accepted) ? 0 : (long) accepted;
                    }
                    if (counted) {
                        lastAnswer.accumulateAndGet(end, Math::max);
                        record(response, end - start);
                    }
                }
            }
        }

        private void record(HttpConnection.Response response, long nanos) {
            requests++;
            latency.add(nanos);
            if (response.status() != 200) {
                errors++;
                if (firstError == null) {
                    firstError = response.status() + " " + abbreviate(response.text());
                }
                return;
            }
            switch (phase.reads()) {
                case RECOMMEND -> {
                    double tookMs = AnswerFields.number(response.body(), "took_ms");
                    if (!Double.isNaN(tookMs)) {
                        took.add(Math.round(tookMs * 1_000.0));
                    }
                    if (AnswerFields.isTrue(response.body(), "cached")) {
                        cached++;
                    }
                }
                case INGEST -> {
                    double accepted = AnswerFields.number(response.body(), "accepted");
                    events += Double.isNaN(accepted) ? 0 : (long) accepted;
                }
                default -> { }
            }
        }

        private static String abbreviate(String text) {
            return text.length() <= 300 ? text : text.substring(0, 300) + "...";
        }
    }

    /** Reads top-level scalar fields from a JSON answer without decoding it all. */
    static final class AnswerFields {
        private AnswerFields() {
        }

        static double number(byte[] body, String field) {
            int at = valueStart(body, field);
            if (at < 0) {
                return Double.NaN;
            }
            int end = at;
            while (end < body.length && body[end] != ',' && body[end] != '}') {
                end++;
            }
            try {
                return Double.parseDouble(new String(body, at, end - at, StandardCharsets.US_ASCII).trim());
            } catch (NumberFormatException e) {
                return Double.NaN;
            }
        }

        static boolean isTrue(byte[] body, String field) {
            int at = valueStart(body, field);
            return at >= 0 && at + 4 <= body.length && body[at] == 't' && body[at + 1] == 'r';
        }

        private static int valueStart(byte[] body, String field) {
            byte[] needle = ("\"" + field + "\":").getBytes(StandardCharsets.US_ASCII);
            outer:
            for (int i = 0; i + needle.length <= body.length; i++) {
                for (int j = 0; j < needle.length; j++) {
                    if (body[i + j] != needle[j]) {
                        continue outer;
                    }
                }
                return i + needle.length;
            }
            return -1;
        }
    }
}
