package dev.brisk.server.http;

import dev.brisk.server.security.Role;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Properties;

/**
 * The API's description: {@code GET /openapi.json} (the OpenAPI 3 document, kept in the
 * resources beside the code and checked against the served routes by a test) and
 * {@code GET /docs} (Swagger UI from its WebJar, served locally).
 */
public final class DocsRoutes {
    private final String openApi;
    private final String docsPage;

    public DocsRoutes() {
        this.openApi = resource("/openapi.json");
        String version = swaggerUiVersion();
        this.docsPage = """
                <!doctype html>
                <html lang="en">
                <head>
                  <meta charset="utf-8">
                  <title>Brisk API</title>
                  <link rel="stylesheet" href="/webjars/swagger-ui/%1$s/swagger-ui.css">
                </head>
                <body>
                  <div id="swagger-ui"></div>
                  <script src="/webjars/swagger-ui/%1$s/swagger-ui-bundle.js"></script>
                  <script src="/docs/init.js"></script>
                </body>
                </html>
                """.formatted(version);
    }

    public void register(Api api) {
        api.get("/openapi.json", Role.PUBLIC, ctx -> {
            Query.of(ctx);
            ctx.contentType("application/json").result(openApi);
        });
        api.get("/docs", Role.PUBLIC, ctx -> ctx.html(docsPage));
        api.get("/docs/init.js", Role.PUBLIC, ctx -> ctx.contentType("text/javascript")
                .result("window.ui = SwaggerUIBundle({url: '/openapi.json', dom_id: '#swagger-ui'});\n"));
    }

    private static String swaggerUiVersion() {
        Properties p = new Properties();
        try (InputStream in = DocsRoutes.class.getResourceAsStream("/META-INF/maven/org.webjars/swagger-ui/pom.properties")) {
            if (in == null) {
                throw new IllegalStateException("The swagger-ui WebJar is missing from the classpath");
            }
            p.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return p.getProperty("version");
    }

    static String resource(String path) {
        try (InputStream in = DocsRoutes.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("Missing resource " + path);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
