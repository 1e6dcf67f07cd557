package dev.brisk.server.http;

import io.javalin.http.Context;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Reads request bodies with a hard size limit, whether or not the client sent Content-Length
 * (a chunked body is counted as it streams in), so that no body over the limit is ever held.
 */
public final class Bodies {
    /**
     * Bodies up to this declared length are read into one array of their size, allocated before they
     * arrive (a single event or a small batch); larger ones grow as they stream in.
     */
    static final int DECLARED_AT_ONCE_BYTES = 64 * 1024;

    private final long maxBytes;

    public Bodies(long maxBytes) {
        this.maxBytes = maxBytes;
    }

    public long maxBytes() {
        return maxBytes;
    }

    /**
     * The body, inflated when sent with {@code Content-Encoding: gzip} (the limit then counts the
     * inflated bytes, so a small bomb cannot expand in memory); another encoding is 415.
     */
    public byte[] read(Context ctx) {
        String encoding = ctx.header("Content-Encoding");
        boolean gzip = encoding != null && encoding.trim().equalsIgnoreCase("gzip");
        if (encoding != null && !gzip && !encoding.trim().equalsIgnoreCase("identity")) {
            throw new ApiException(415, "unsupported_encoding", "Content-Encoding " + encoding
                    + " is not supported; send the body as it is or gzip-compressed", Map.of());
        }
        try (InputStream in = gzip ? new GZIPInputStream(ctx.req().getInputStream(), 16384) : ctx.req().getInputStream()) {
            long declared = gzip ? -1 : ctx.req().getContentLengthLong();
            if (declared >= 0 && declared <= Math.min(maxBytes, DECLARED_AT_ONCE_BYTES)) {
                return readDeclared(in, (int) declared);
            }
            // Larger (or undeclared) bodies grow with the bytes that arrive: a client that declares the
            // limit and sends nothing holds no more memory than it sent.
            ByteArrayOutputStream out = new ByteArrayOutputStream(8192);
            byte[] buffer = new byte[8192];
            long total = 0;
            int n;
            while ((n = in.read(buffer)) > 0) {
                total += n;
                if (total > maxBytes) {
                    throw tooLarge();
                }
                out.write(buffer, 0, n);
            }
            return out.toByteArray();
        } catch (ZipException | java.io.EOFException e) {
            throw ApiException.badRequest("The body is not valid gzip: " + e.getMessage());
        } catch (IOException e) {
            throw ApiException.badRequest("The body could not be read: " + e.getMessage());
        }
    }

    /**
     * A body of a length the client declared (Jetty ends the stream there): read into an array of that
     * size, without the copies a growing buffer makes; shorter when the stream ended early.
     */
    private static byte[] readDeclared(InputStream in, int length) throws IOException {
        byte[] body = new byte[length];
        int at = 0;
        int n;
        while (at < length && (n = in.read(body, at, length - at)) > 0) {
            at += n;
        }
        return at == length ? body : java.util.Arrays.copyOf(body, at);
    }

    /** The media type of a Content-Type header, lower case without parameters; empty when there is none. */
    public static String mime(String contentType) {
        if (contentType == null) {
            return "";
        }
        int semicolon = contentType.indexOf(';');
        return (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).trim().toLowerCase(java.util.Locale.ROOT);
    }

    ApiException tooLarge() {
        return new ApiException(413, "payload_too_large", "The body is over the limit of " + maxBytes + " bytes",
                Map.of("limit_bytes", maxBytes));
    }
}
