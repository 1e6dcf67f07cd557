package dev.brisk.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.brisk.server.TestService;
import dev.brisk.server.support.RawHttp;
import dev.brisk.server.support.RawHttp.Reply;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One test per defect the probe found (the 503-for-stored-events one is {@code RefusedEventsTest}):
 * NUL and lone surrogates are refused with 400 on both databases, the HTTP server's own errors are
 * JSON, a reused event id with other content is reported, gzip bodies are inflated within the limit.
 */
class ProbeDefectsTest {
    private static final Map<String, String> JSON = Map.of("Content-Type", "application/json");

    @TempDir
    static Path dir;
    static TestService service;
    static RawHttp http;

    @BeforeAll
    static void start() {
        service = TestService.start(dir, false, Map.of("BRISK_MAX_BODY_BYTES", "65536"));
        http = new RawHttp(service.port());
    }

    @AfterAll
    static void stop() {
        service.close();
    }

    @Test
    void nulInAStoredStringIsA400WithoutSqlInTheMessage() {
        Reply item = http.send("PUT", "/items/nul-item", "{\"title\":\"bad\\u0000title\"}", JSON);
        assertThat(item.status()).as(item.text()).isEqualTo(400);
        assertThat(item.header("Retry-After")).isNull();
        assertThat(item.text()).doesNotContainIgnoringCase("insert").doesNotContainIgnoringCase("psql")
                .doesNotContainIgnoringCase("sqlite");
        assertThat(http.get("/items/nul-item", Map.of()).status()).isEqualTo(404);

        Reply event = http.send("POST", "/events",
                "{\"user_id\":\"u-nul\",\"item_id\":\"i1\",\"event_type\":\"view\",\"metadata\":{\"note\":\"a\\u0000b\"}}", JSON);
        assertThat(event.status()).as(event.text()).isEqualTo(400);
        assertThat(http.get("/users/u-nul/activity", Map.of()).json().path("events").size()).isZero();
    }

    @Test
    void aLoneSurrogateIsA400SoTwoIdsNeverBecomeOne() {
        Reply event = http.send("POST", "/events",
                "[{\"user_id\":\"u\\ud800\",\"item_id\":\"i1\",\"event_type\":\"view\"},"
                        + "{\"user_id\":\"u-ok\",\"item_id\":\"i1\",\"event_type\":\"view\"}]", JSON);
        assertThat(event.status()).as(event.text()).isEqualTo(200);
        assertThat(event.json().path("accepted").asInt()).isEqualTo(1);
        assertThat(event.json().path("rejected").get(0).path("index").asInt()).isZero();
        assertThat(event.json().path("rejected").get(0).path("reason").asText()).contains("surrogate");
        Reply title = http.send("PUT", "/items/sur", "{\"title\":\"x\\udc00y\"}", JSON);
        assertThat(title.status()).isEqualTo(400);
        assertThat(http.get("/users/u%3F/activity", Map.of()).json().path("events").size()).isZero();
    }

    @Test
    void theServersOwnErrorsAreJson() throws IOException {
        Reply longUri = http.get("/recommend?user_id=" + "a".repeat(20_000), Map.of());
        assertThat(longUri.status()).isEqualTo(414);
        assertThat(longUri.json().path("error").path("code").asText()).isEqualTo("uri_too_long");

        Reply bigHeader = http.get("/health", Map.of("X-Filler", "b".repeat(20_000)));
        assertThat(bigHeader.status()).isEqualTo(431);
        assertThat(bigHeader.json().path("error").path("code").asText()).isEqualTo("headers_too_large");

        String raw = raw("GET /health HTTP/1.1\r\nHost: x\r\nContent-Length: nope\r\n\r\n");
        assertThat(raw).startsWith("HTTP/1.1 400");
        assertThat(raw).containsIgnoringCase("content-type: application/json");
        assertThat(raw.substring(raw.indexOf("\r\n\r\n") + 4)).contains("\"error\"").contains("\"code\"");
    }

    @Test
    void aReusedEventIdWithOtherContentIsReportedAsAConflict() {
        String first = "{\"event_id\":\"e-conflict\",\"user_id\":\"u-c\",\"item_id\":\"i1\",\"event_type\":\"view\"}";
        assertThat(http.send("POST", "/events", first, JSON).json().path("accepted").asInt()).isEqualTo(1);
        Reply retry = http.send("POST", "/events", first, JSON);
        assertThat(retry.json().path("duplicates").asInt()).isEqualTo(1);
        assertThat(retry.json().path("conflicts").size()).isZero();

        Reply other = http.send("POST", "/events", "[{\"user_id\":\"u-c\",\"item_id\":\"i9\",\"event_type\":\"view\"},"
                + first.replace("\"i1\"", "\"i2\"") + "]", JSON);
        assertThat(other.status()).isEqualTo(200);
        assertThat(other.json().path("duplicates").asInt()).isEqualTo(1);
        assertThat(other.json().path("conflicts").size()).isEqualTo(1);
        assertThat(other.json().path("conflicts").get(0).path("index").asInt()).isEqualTo(1);
        assertThat(other.json().path("conflicts").get(0).path("event_id").asText()).isEqualTo("e-conflict");
        assertThat(http.get("/users/u-c/activity", Map.of()).text()).contains("\"i1\"").doesNotContain("\"i2\"");
    }

    @Test
    void aGzipBodyIsInflatedWithinTheLimit() throws IOException {
        byte[] events = gzip("[{\"user_id\":\"u-gz\",\"item_id\":\"i1\",\"event_type\":\"view\"}]");
        Reply ok = http.send("POST", "/events", events, Map.of("Content-Type", "application/json", "Content-Encoding", "gzip"));
        assertThat(ok.status()).as(ok.text()).isEqualTo(200);
        assertThat(ok.json().path("accepted").asInt()).isEqualTo(1);

        String padded = "[" + " ".repeat(200_000) + "]"; // small compressed, over the 64 KiB limit inflated
        Reply bomb = http.send("POST", "/events", gzip(padded), Map.of("Content-Type", "application/json", "Content-Encoding", "gzip"));
        assertThat(bomb.status()).isEqualTo(413);

        Reply brotli = http.send("POST", "/events", "x", Map.of("Content-Type", "application/json", "Content-Encoding", "br"));
        assertThat(brotli.status()).isEqualTo(415);
        Reply broken = http.send("POST", "/events", "not gzip", Map.of("Content-Type", "application/json", "Content-Encoding", "gzip"));
        assertThat(broken.status()).isEqualTo(400);
    }

    private static byte[] gzip(String text) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(text.getBytes(StandardCharsets.UTF_8));
        }
        return out.toByteArray();
    }

    private static String raw(String request) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", service.port())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
