package dev.brisk.server.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.brisk.server.TestService;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.eclipse.jetty.http.BadMessageException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A body slower than {@code BRISK_MIN_BODY_BYTES_PER_SECOND} is cut off with 408 once a grace of a
 * second has passed; a small body read late because the server was busy is read, which Jetty's own
 * check (no grace, counted from the body's first byte) refused after a few milliseconds.
 */
class MinimumBodyRateTest {

    /** A body whose every read takes {@code millis} and gives one byte, {@code size} of them. */
    private static ServletInputStream body(int size, long millis) {
        return new ServletInputStream() {
            private int left = size;

            @Override
            public int read() {
                if (left == 0) {
                    return -1;
                }
                try {
                    Thread.sleep(millis);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                left--;
                return '7';
            }

            @Override
            public boolean isFinished() {
                return left == 0;
            }

            @Override
            public boolean isReady() {
                return true;
            }

            @Override
            public void setReadListener(ReadListener listener) {
            }
        };
    }

    @Test
    void aSmallBodyReadLateIsRead() throws Exception {
        MinimumBodyRate.Timed timed = new MinimumBodyRate.Timed(body(2, 0), 1_024);
        Thread.sleep(50); // the handler busy before it reads: Jetty's check cut 2 bytes off after 2 ms
        assertThat(timed.readAllBytes()).hasSize(2);
    }

    @Test
    void aBodyOfOneByteEveryFifthOfASecondIsCutOffAfterTheGrace() {
        MinimumBodyRate.Timed timed = new MinimumBodyRate.Timed(body(100, 200), 1_024);
        long started = System.nanoTime();
        assertThatThrownBy(timed::readAllBytes).isInstanceOfSatisfying(BadMessageException.class,
                e -> assertThat(e.getCode()).isEqualTo(408));
        assertThat((System.nanoTime() - started) / 1_000_000L).as("ms until cut off")
                .isGreaterThanOrEqualTo(MinimumBodyRate.GRACE_NANOS / 1_000_000L);
    }

    /** Over HTTP: a POST /events trickling a byte every quarter second is answered 408 and stores nothing. */
    @Test
    void aTricklingBodyIsAnswered408(@TempDir Path dir) throws Exception {
        try (TestService service = TestService.start(dir, false, Map.of());
             Socket socket = new Socket("127.0.0.1", service.port())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST /events HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                    + "Content-Length: 200\r\n\r\n[").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream answer = new ByteArrayOutputStream();
            try {
                for (int i = 0; i < 20 && in.available() == 0; i++) {
                    Thread.sleep(250);
                    out.write(' ');
                    out.flush();
                }
            } catch (java.io.IOException closed) {
                // the server answered and closed while bytes were still coming
            }
            byte[] buffer = new byte[4_096];
            int n;
            while (!answer.toString(StandardCharsets.UTF_8).contains("request_timeout") && (n = in.read(buffer)) > 0) {
                answer.write(buffer, 0, n);
            }
            assertThat(answer.toString(StandardCharsets.UTF_8)).startsWith("HTTP/1.1 408").contains("request_timeout");
            assertThat(service.storedEvents("anyone")).isZero();
        }
    }
}
