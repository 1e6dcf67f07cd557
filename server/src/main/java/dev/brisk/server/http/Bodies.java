package dev.brisk.server.http;

import io.javalin.http.Context;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;

/**
 * Reads request bodies with a hard size limit, whether or not the client sent Content-Length
 * (a chunked body is counted as it streams in), so that no body over the limit is ever held.
 */
public final class Bodies {
    private final long maxBytes;

    public Bodies(long maxBytes) {
        this.maxBytes = maxBytes;
    }

    public long maxBytes() {
        return maxBytes;
    }

    public byte[] read(Context ctx) {
        try (InputStream in = ctx.req().getInputStream()) {
            ByteArrayOutputStream out = new ByteArrayOutputStream(8192);
            byte[] buffer = new byte[16384];
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
        } catch (IOException e) {
            throw ApiException.badRequest("The body could not be read: " + e.getMessage());
        }
    }

    ApiException tooLarge() {
        return new ApiException(413, "payload_too_large", "The body is over the limit of " + maxBytes + " bytes",
                Map.of("limit_bytes", maxBytes));
    }
}
