package dev.brisk.bench.http;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * One keep-alive HTTP/1.1 connection to a loopback port, used by one thread at a time. It writes
 * requests and reads responses (Content-Length or chunked) with blocking I/O and no pools,
 * executors or futures, so that on a 2-core machine the client takes as little CPU as possible
 * from the server it measures. A broken or closed connection is reopened on the next request.
 */
final class HttpConnection implements Closeable {
    private static final int TIMEOUT_MS = 30_000;
    /** Reconnect rather than reuse a connection idle this long: the server may be closing it (Jetty: 30 s). */
    private static final long MAX_IDLE_NANOS = 10_000_000_000L;

    private final String host;
    private final int port;
    private final byte[] hostHeader;
    private final ByteArrayOutputStream head = new ByteArrayOutputStream(512);
    private Socket socket;
    private InputStream in;
    private OutputStream out;
    private long lastUsed;

    HttpConnection(String host, int port) {
        this.host = host;
        this.port = port;
        this.hostHeader = ("\r\nHost: " + host + ":" + port).getBytes(StandardCharsets.US_ASCII);
    }

    /** A response: its status and its whole body. */
    record Response(int status, byte[] body) {
        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    Response get(String target) throws IOException {
        return exchange("GET", target, null, null);
    }

    Response delete(String target) throws IOException {
        return exchange("DELETE", target, null, null);
    }

    Response postJson(String target, byte[] body) throws IOException {
        return exchange("POST", target, "application/json", body);
    }

    private Response exchange(String method, String target, String contentType, byte[] body) throws IOException {
        if (socket != null && System.nanoTime() - lastUsed > MAX_IDLE_NANOS) {
            close();
        }
        if (socket == null) {
            open();
        }
        try {
            head.reset();
            ascii(method);
            head.write(' ');
            ascii(target);
            ascii(" HTTP/1.1");
            head.write(hostHeader);
            if (body != null) {
                ascii("\r\nContent-Type: ");
                ascii(contentType);
                ascii("\r\nContent-Length: ");
                ascii(Integer.toString(body.length));
            }
            ascii("\r\n\r\n");
            head.writeTo(out);
            if (body != null) {
                out.write(body);
            }
            out.flush();
            Response response = read();
            lastUsed = System.nanoTime();
            return response;
        } catch (IOException | RuntimeException e) {
            close();
            throw e;
        }
    }

    private Response read() throws IOException {
        String statusLine = line();
        if (!statusLine.startsWith("HTTP/1.")) {
            throw new IOException("Not an HTTP response: " + statusLine);
        }
        int status = Integer.parseInt(statusLine.substring(9, 12));
        long length = -1;
        boolean chunked = false;
        boolean closeAfter = false;
        for (String header = line(); !header.isEmpty(); header = line()) {
            int colon = header.indexOf(':');
            String name = header.substring(0, colon).trim().toLowerCase(Locale.ROOT);
            String value = header.substring(colon + 1).trim();
            switch (name) {
                case "content-length" -> length = Long.parseLong(value);
                case "transfer-encoding" -> chunked = value.toLowerCase(Locale.ROOT).contains("chunked");
                case "connection" -> closeAfter = value.equalsIgnoreCase("close");
                default -> { }
            }
        }
        byte[] body;
        if (chunked) {
            body = chunks();
        } else if (length >= 0) {
            body = in.readNBytes((int) length);
            if (body.length != length) {
                throw new EOFException("The body ended after " + body.length + " of " + length + " bytes");
            }
        } else {
            body = in.readAllBytes();
            closeAfter = true;
        }
        if (closeAfter) {
            close();
        }
        return new Response(status, body);
    }

    private byte[] chunks() throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        while (true) {
            String sizeLine = line();
            int semicolon = sizeLine.indexOf(';');
            int size = Integer.parseInt((semicolon < 0 ? sizeLine : sizeLine.substring(0, semicolon)).trim(), 16);
            if (size == 0) {
                while (!line().isEmpty()) {
                    // trailers are not used
                }
                return body.toByteArray();
            }
            byte[] chunk = in.readNBytes(size);
            if (chunk.length != size) {
                throw new EOFException("A chunk ended early");
            }
            body.write(chunk);
            line();
        }
    }

    private String line() throws IOException {
        StringBuilder line = new StringBuilder(64);
        while (true) {
            int b = in.read();
            if (b < 0) {
                throw new EOFException("The server closed the connection");
            }
            if (b == '\n') {
                int end = line.length();
                if (end > 0 && line.charAt(end - 1) == '\r') {
                    line.setLength(end - 1);
                }
                return line.toString();
            }
            line.append((char) b);
        }
    }

    private void ascii(String text) {
        for (int i = 0; i < text.length(); i++) {
            head.write(text.charAt(i));
        }
    }

    private void open() throws IOException {
        Socket s = new Socket();
        s.setTcpNoDelay(true);
        s.setSoTimeout(TIMEOUT_MS);
        s.connect(new InetSocketAddress(host, port), TIMEOUT_MS);
        socket = s;
        in = new BufferedInputStream(s.getInputStream(), 64 * 1024);
        out = new BufferedOutputStream(s.getOutputStream(), 64 * 1024);
    }

    @Override
    public void close() {
        if (socket != null) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing a broken socket: nothing to do
            }
            socket = null;
        }
    }
}
