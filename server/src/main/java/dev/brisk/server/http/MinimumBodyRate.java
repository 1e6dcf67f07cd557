package dev.brisk.server.http;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import java.io.IOException;
import org.eclipse.jetty.http.BadMessageException;

/**
 * Cuts off a request body that arrives slower than a minimum rate (408), after a grace period.
 * Jetty's own check compares the bytes arrived with the time since the body's first byte at every
 * read, with no grace: a small body read a few milliseconds late because the server is busy (a GC
 * pause, a queue for a thread) fails it, and a valid event of 2 bytes a second is answered 408 after
 * 2 ms. Here the clock starts when the handler first asks for the body, and a body that has come at
 * the rate since the grace ended is read whatever its size.
 */
final class MinimumBodyRate implements Filter {
    /** How long any body may take before its rate counts. */
    static final long GRACE_NANOS = 1_000_000_000L;

    private final long bytesPerSecond;

    MinimumBodyRate(long bytesPerSecond) {
        this.bytesPerSecond = bytesPerSecond;
    }

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        if (bytesPerSecond <= 0 || !(request instanceof HttpServletRequest http)) {
            chain.doFilter(request, response);
            return;
        }
        chain.doFilter(new HttpServletRequestWrapper(http) {
            private ServletInputStream timed;

            @Override
            public ServletInputStream getInputStream() throws IOException {
                if (timed == null) {
                    timed = new Timed(super.getInputStream(), bytesPerSecond);
                }
                return timed;
            }
        }, response);
    }

    /** The body, checked for its rate before every read. */
    static final class Timed extends ServletInputStream {
        private final ServletInputStream body;
        private final long bytesPerSecond;
        private final long started = System.nanoTime();
        private long read;

        Timed(ServletInputStream body, long bytesPerSecond) {
            this.body = body;
            this.bytesPerSecond = bytesPerSecond;
        }

        private void check() {
            long late = System.nanoTime() - started - GRACE_NANOS;
            if (late > 0 && read < bytesPerSecond * (late / 1_000_000L) / 1_000L) {
                throw new BadMessageException(408, "Request content data rate < " + bytesPerSecond + " B/s");
            }
        }

        @Override
        public int read() throws IOException {
            check();
            int b = body.read();
            if (b >= 0) {
                read++;
            }
            return b;
        }

        @Override
        public int read(byte[] into, int offset, int length) throws IOException {
            check();
            int n = body.read(into, offset, length);
            if (n > 0) {
                read += n;
            }
            return n;
        }

        @Override
        public boolean isFinished() {
            return body.isFinished();
        }

        @Override
        public boolean isReady() {
            return body.isReady();
        }

        @Override
        public void setReadListener(ReadListener listener) {
            body.setReadListener(listener);
        }
    }
}
