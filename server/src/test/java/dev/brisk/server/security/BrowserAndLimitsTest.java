package dev.brisk.server.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.brisk.server.TestService;
import dev.brisk.server.support.RawHttp;
import dev.brisk.server.support.RawHttp.Reply;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a web page in the operator's browser can and cannot do (415 for form and text bodies, 403
 * across sites, CORS only for the allowed origin, with correct preflight answers), the security
 * headers, and the per-role rate limit (429 with Retry-After, counted in /metrics). The service is
 * open (no keys, loopback), as the probe found it.
 */
class BrowserAndLimitsTest {
    private static final String APP = "https://app.example.com";

    @TempDir
    static Path dir;
    static TestService service;
    static RawHttp http;

    @BeforeAll
    static void start() {
        service = TestService.start(dir, false, Map.of("BRISK_CORS_ORIGINS", APP));
        http = new RawHttp(service.port());
    }

    @AfterAll
    static void stop() {
        service.close();
    }

    @Test
    void statesChangeOnlyWithJson() {
        Reply text = http.send("POST", "/simulator/start", "{\"users\":5}", Map.of("Content-Type", "text/plain"));
        assertThat(text.status()).as(text.text()).isEqualTo(415);
        assertThat(text.json().path("error").path("code").asText()).isEqualTo("unsupported_media_type");
        Reply form = http.send("POST", "/models/popular/train", "a=b",
                Map.of("Content-Type", "application/x-www-form-urlencoded"));
        assertThat(form.status()).isEqualTo(415);
        Reply ndjsonElsewhere = http.send("PUT", "/items/i1", "{\"title\":\"x\"}", Map.of("Content-Type", "application/x-ndjson"));
        assertThat(ndjsonElsewhere.status()).isEqualTo(415);
        Reply ndjsonEvents = http.send("POST", "/events", "{\"user_id\":\"u\",\"item_id\":\"i\",\"event_type\":\"view\"}\n",
                Map.of("Content-Type", "application/x-ndjson"));
        assertThat(ndjsonEvents.status()).as(ndjsonEvents.text()).isEqualTo(200);
    }

    @Test
    void aBodylessSeedPostPassesButNotFromAnotherSite() {
        assertThat(http.send("POST", "/cache/invalidate/u1", null, Map.of()).status()).isEqualTo(200);
        Reply crossSite = http.send("POST", "/cache/invalidate/u1", null, Map.of("Origin", "https://evil.example"));
        assertThat(crossSite.status()).isEqualTo(403);
        assertThat(crossSite.json().path("error").path("code").asText()).isEqualTo("cross_site_request");
        assertThat(http.send("POST", "/cache/invalidate/u1", null, Map.of("Sec-Fetch-Site", "cross-site")).status())
                .isEqualTo(403);
        assertThat(http.send("POST", "/cache/invalidate/u1", null, Map.of("Origin", APP)).status()).isEqualTo(200);
    }

    @Test
    void corsAnswersPreflightsForTheAllowedOriginOnly() {
        Reply allowed = http.send("OPTIONS", "/events", null, Map.of("Origin", APP,
                "Access-Control-Request-Method", "POST", "Access-Control-Request-Headers", "authorization, content-type"));
        assertThat(allowed.status()).isEqualTo(204);
        assertThat(allowed.header("Access-Control-Allow-Origin")).isEqualTo(APP);
        assertThat(allowed.header("Access-Control-Allow-Methods")).contains("POST");
        assertThat(allowed.header("Access-Control-Allow-Headers")).containsIgnoringCase("authorization")
                .containsIgnoringCase("content-type");
        assertThat(allowed.header("Vary")).contains("Origin");

        Reply other = http.send("OPTIONS", "/events", null, Map.of("Origin", "https://evil.example",
                "Access-Control-Request-Method", "POST"));
        assertThat(other.status()).isEqualTo(403);
        assertThat(other.header("Access-Control-Allow-Origin")).isNull();

        assertThat(http.get("/health", Map.of("Origin", APP)).header("Access-Control-Allow-Origin")).isEqualTo(APP);
        assertThat(http.get("/health", Map.of("Origin", "https://evil.example")).header("Access-Control-Allow-Origin")).isNull();
    }

    @Test
    void theDashboardAndTheDocsCarrySecurityHeaders() {
        for (String page : new String[] {"/dashboard/", "/docs"}) {
            Reply r = http.get(page, Map.of());
            assertThat(r.status()).isEqualTo(200);
            String csp = r.header("Content-Security-Policy");
            assertThat(csp).as(page).contains("frame-ancestors 'none'").contains("script-src 'self'");
            assertThat(csp.substring(csp.indexOf("script-src"))).startsWith("script-src 'self';");
            assertThat(r.header("X-Content-Type-Options")).isEqualTo("nosniff");
            assertThat(r.header("Referrer-Policy")).isEqualTo("no-referrer");
            assertThat(r.text()).as("no inline script in %s", page).doesNotContainPattern("<script>[^<]");
        }
    }

    @Test
    void overTheRateOfItsRoleACallerGets429WithRetryAfter(@TempDir Path own) {
        try (TestService limitedService = TestService.start(own, false, Map.of("BRISK_RATE_LIMIT_ADMIN", "2"))) {
            overTheRate(new RawHttp(limitedService.port()));
        }
    }

    private static void overTheRate(RawHttp http) {
        Reply limited = null;
        for (int i = 0; i < 20 && limited == null; i++) {
            Reply r = http.get("/cache/stats", Map.of());
            if (r.status() == 429) {
                limited = r;
            } else {
                assertThat(r.status()).isEqualTo(200);
            }
        }
        assertThat(limited).as("a 429 within 20 quick calls at 2 per second").isNotNull();
        assertThat(Integer.parseInt(limited.header("Retry-After"))).isGreaterThanOrEqualTo(1);
        assertThat(limited.json().path("error").path("code").asText()).isEqualTo("rate_limited");
        // Reads have their own, much higher limit: the admin bucket being empty does not hold them up.
        assertThat(http.get("/popular", Map.of()).status()).isEqualTo(200);
        String metrics = prometheus(http);
        assertThat(metrics).containsPattern("brisk_http_rate_limited_total\\{role=\"admin\"} [1-9]");
    }

    private static String prometheus(RawHttp http) {
        for (int i = 0; i < 50; i++) {
            Reply r = http.get("/metrics", Map.of());
            if (r.status() == 200) {
                return r.text();
            }
            sleep();
        }
        throw new AssertionError("/metrics stayed rate limited");
    }

    private static void sleep() {
        try {
            Thread.sleep(200);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
