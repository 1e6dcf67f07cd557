package dev.brisk.server.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.brisk.server.TestService;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The probe's slow-body flood: 400 connections from one client address, each sending a
 * {@code POST /events} body one byte a second. Another client (another loopback address) keeps
 * getting {@code /health} and a cached {@code /recommend} with p99 under 100 ms, because one address
 * may hold only {@code BRISK_MAX_CONNECTIONS_PER_CLIENT} connections and a body slower than
 * {@code BRISK_MIN_BODY_BYTES_PER_SECOND} is cut off. Loopback only, bounded: 400 sockets, about
 * 10 seconds, then everything is closed.
 */
class SlowClientsTest {
    private static final int SLOW = 400;
    private static final long MEASURE_MILLIS = 8_000;

    @Test
    void aFloodOfSlowBodiesDoesNotStarveOtherClients(@TempDir Path dir) throws Exception {
        try (TestService service = TestService.start(dir, false, Map.of())) {
            service.put("/items/i1", Map.of("title", "One")).expect(201);
            service.put("/items/i2", Map.of("title", "Two")).expect(201);
            service.post("/events", List.of(Map.of("user_id", "u1", "item_id", "i1", "event_type", "view"))).expect(200);
            String recommend = "/recommend?user_id=u1&n=5";
            service.get(recommend).expect(200);
            for (int i = 0; i < 50; i++) { // warm-up
                service.get("/health").expect(200);
                service.get(recommend).expect(200);
            }

            List<Socket> slow = new ArrayList<>();
            AtomicBoolean dripping = new AtomicBoolean(true);
            Thread dripper = new Thread(() -> drip(slow, dripping), "slow-body-dripper");
            try {
                for (int i = 0; i < SLOW; i++) {
                    slow.add(openSlowBody(service.port()));
                }
                dripper.start();

                List<Long> health = new ArrayList<>();
                List<Long> cached = new ArrayList<>();
                long end = System.nanoTime() + MEASURE_MILLIS * 1_000_000;
                while (System.nanoTime() < end) {
                    health.add(timed(() -> assertThat(service.get("/health").status()).isEqualTo(200)));
                    cached.add(timed(() -> assertThat(service.get(recommend).expect(200).path("cached").asBoolean()).isTrue()));
                    Thread.sleep(20);
                }
                assertThat(health.size()).isGreaterThan(100);
                assertThat(p99(health)).as("p99 of /health in ms, %s samples", health.size()).isLessThan(100);
                assertThat(p99(cached)).as("p99 of a cached /recommend in ms, %s samples", cached.size()).isLessThan(100);

                long closedByServer = slow.stream().filter(SlowClientsTest::closedByServer).count();
                assertThat(closedByServer).as("slow connections the server closed (at most 64 kept per address,"
                        + " and bodies slower than the minimum rate cut off)").isGreaterThanOrEqualTo(SLOW - 64);
            } finally {
                dripping.set(false);
                dripper.join(5_000);
                for (Socket s : slow) {
                    s.close();
                }
            }
        }
    }

    /**
     * The limit counts connections that are open: a client that opens and closes many more than it
     * in turn (one request per connection, or none at all) is never refused.
     */
    @Test
    void closedConnectionsNoLongerCount(@TempDir Path dir) throws Exception {
        try (TestService service = TestService.start(dir, false, Map.of("BRISK_MAX_CONNECTIONS_PER_CLIENT", "4"))) {
            for (int i = 0; i < 40; i++) {
                try (Socket s = new Socket()) {
                    s.bind(new InetSocketAddress("127.0.0.3", 0));
                    s.connect(new InetSocketAddress("127.0.0.1", service.port()), 5_000);
                    s.setSoTimeout(5_000);
                    if (i % 2 == 1) {
                        continue; // opened and closed without a request
                    }
                    s.getOutputStream().write("GET /health HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"
                            .getBytes(StandardCharsets.US_ASCII));
                    String answer = new String(s.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
                    assertThat(answer).as("connection %d", i).startsWith("HTTP/1.1 200");
                }
                Thread.sleep(20); // the server sees the close before the next connection opens
            }
        }
    }

    /** A connection from 127.0.0.2 that announces a 100 kB body and sends its first byte. */
    private static Socket openSlowBody(int port) throws IOException {
        Socket s = new Socket();
        s.bind(new InetSocketAddress("127.0.0.2", 0));
        s.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
        s.getOutputStream().write(("POST /events HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                + "Content-Length: 100000\r\n\r\n[").getBytes(StandardCharsets.US_ASCII));
        return s;
    }

    /** One more byte on every slow connection each second, as the probe did (every 3 s there). */
    private static void drip(List<Socket> slow, AtomicBoolean dripping) {
        while (dripping.get()) {
            for (Socket s : slow) {
                try {
                    OutputStream out = s.getOutputStream();
                    out.write(' ');
                    out.flush();
                } catch (IOException closed) {
                    // the server cut it off: fine
                }
            }
            try {
                Thread.sleep(1_000);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private static boolean closedByServer(Socket s) {
        try {
            s.setSoTimeout(50);
            InputStream in = s.getInputStream();
            while (true) {
                if (in.read() < 0) {
                    return true; // an answer (408 or 400) then end of stream, or just closed
                }
            }
        } catch (SocketTimeoutException stillOpen) {
            return false;
        } catch (IOException reset) {
            return true;
        }
    }

    private static long timed(Runnable call) {
        long start = System.nanoTime();
        call.run();
        return (System.nanoTime() - start) / 1_000_000;
    }

    private static long p99(List<Long> millis) {
        long[] sorted = millis.stream().mapToLong(Long::longValue).toArray();
        Arrays.sort(sorted);
        return sorted[(int) Math.ceil(sorted.length * 0.99) - 1];
    }
}
