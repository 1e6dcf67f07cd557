package dev.brisk.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.brisk.server.TestService;
import dev.brisk.server.TestService.Response;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code GET /openapi.json} describes every route the service serves, and {@code GET /docs} is a
 * working Swagger UI page whose scripts are served locally.
 */
class DocsRoutesTest {
    @TempDir
    static Path dir;
    static TestService service;

    @BeforeAll
    static void start() {
        service = TestService.start(dir);
    }

    @AfterAll
    static void stop() {
        service.close();
    }

    @Test
    void openApiIsAnOpenApi3Document() {
        Response r = service.get("/openapi.json");
        JsonNode doc = r.expect(200);
        assertThat(r.contentType()).startsWith("application/json");
        assertThat(doc.path("openapi").asText()).startsWith("3.");
        assertThat(doc.path("info").path("title").asText()).isNotBlank();
        assertThat(doc.path("paths").isObject()).isTrue();
    }

    @Test
    void openApiDocumentsEveryServedRoute() {
        JsonNode paths = service.get("/openapi.json").expect(200).path("paths");
        List<String> missing = new ArrayList<>();
        for (Api.Route route : service.brisk().routes()) {
            if (route.path().startsWith("/docs") || route.path().equals("/openapi.json")) {
                continue;
            }
            JsonNode operation = paths.path(route.path()).path(route.method().toLowerCase(Locale.ROOT));
            if (!operation.isObject()) {
                missing.add(route.method() + " " + route.path());
            }
        }
        assertThat(missing).as("served routes missing from /openapi.json").isEmpty();
    }

    @Test
    void docsIsSwaggerUiServedLocally() {
        Response page = service.get("/docs");
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.contentType()).startsWith("text/html");
        assertThat(page.text()).contains("swagger-ui").contains("<html");

        Matcher script = Pattern.compile("src=\"(/webjars/[^\"]+\\.js)\"").matcher(page.text());
        assertThat(script.find()).as("a local script in %s", page.text()).isTrue();
        Response bundle = service.get(script.group(1));
        assertThat(bundle.status()).as(script.group(1)).isEqualTo(200);
        assertThat(bundle.text()).contains("SwaggerUIBundle");

        Response init = service.get("/docs/init.js");
        assertThat(init.status()).isEqualTo(200);
        assertThat(init.text()).contains("/openapi.json");
    }
}
