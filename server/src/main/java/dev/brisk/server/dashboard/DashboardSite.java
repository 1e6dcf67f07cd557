package dev.brisk.server.dashboard;

import dev.brisk.server.http.ErrorMapper;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Serves the operator's dashboard: the static app under {@code /dashboard/} (HTML, CSS and ES
 * modules from {@code src/main/resources/dashboard}, no build step) and its chart library from
 * the Chart.js WebJar under {@code /dashboard/vendor/}, with the library's licence. Nothing is
 * loaded from the internet.
 * <p>The same site is mounted on the API port and on the dashboard's own port; the page calls the
 * API with absolute paths ({@code /metrics/realtime}), which works on both because the dashboard
 * port serves the API routes as well (see {@code Brisk}).
 */
public final class DashboardSite {
    public static final String PATH = "/dashboard";

    private static final Pattern SAFE_PATH = Pattern.compile("([A-Za-z0-9_-][A-Za-z0-9_.-]*/)*[A-Za-z0-9_-][A-Za-z0-9_.-]*\\.[a-z0-9]{1,5}");
    private static final Map<String, String> TYPES = Map.of(
            "html", "text/html; charset=utf-8",
            "css", "text/css; charset=utf-8",
            "js", "text/javascript; charset=utf-8",
            "svg", "image/svg+xml",
            "json", "application/json",
            "md", "text/markdown; charset=utf-8",
            "png", "image/png");

    private final String chartJsVersion = webJarVersion("org.webjars.npm", "chart.js");
    private final Map<String, byte[]> files = new ConcurrentHashMap<>();

    /** Mounts the site on a server; {@code redirectRoot} also sends {@code /} to the dashboard. */
    public void register(Javalin app, boolean redirectRoot) {
        if (redirectRoot) {
            app.get("/", ctx -> ctx.redirect(PATH + "/"));
        }
        // Javalin ignores trailing slashes when matching, so one handler sees both forms; the page's
        // relative links need the slash.
        app.get(PATH, ctx -> {
            if (ctx.path().endsWith("/")) {
                serve(ctx, "index.html");
            } else {
                ctx.redirect(PATH + "/");
            }
        });
        app.get(PATH + "/<file>", ctx -> serve(ctx, ctx.pathParam("file")));
    }

    private void serve(Context ctx, String file) {
        Optional<byte[]> body = SAFE_PATH.matcher(file).matches() && !file.contains("..") ? find(file) : Optional.empty();
        if (body.isEmpty()) {
            ErrorMapper.answer(ctx, 404, "not_found", "No dashboard file " + file, Map.of());
            return;
        }
        String extension = file.substring(file.lastIndexOf('.') + 1);
        ctx.header("Cache-Control", file.startsWith("vendor/") ? "public, max-age=86400" : "no-cache");
        ctx.header("X-Content-Type-Options", "nosniff");
        ctx.contentType(TYPES.getOrDefault(extension, "application/octet-stream")).result(body.get());
    }

    /** Files are read once; names that match no file are not remembered. */
    private Optional<byte[]> find(String file) {
        byte[] known = files.get(file);
        if (known != null) {
            return Optional.of(known);
        }
        Optional<byte[]> loaded = load(file);
        loaded.ifPresent(bytes -> files.put(file, bytes));
        return loaded;
    }

    private Optional<byte[]> load(String file) {
        return switch (file) {
            // The UMD build defines window.Chart and needs no other module; its source map is not shipped.
            case "vendor/chart.umd.min.js" -> read(webJar("dist/chart.umd.min.js"))
                    .map(bytes -> withoutSourceMap(new String(bytes, StandardCharsets.UTF_8)));
            case "vendor/chart.js.LICENSE.md" -> read(webJar("LICENSE.md"));
            default -> file.startsWith("vendor/") ? Optional.empty() : read("/dashboard/" + file);
        };
    }

    private String webJar(String path) {
        return "/META-INF/resources/webjars/chart.js/" + chartJsVersion + "/" + path;
    }

    private static byte[] withoutSourceMap(String script) {
        return script.replaceAll("(?m)^//# sourceMappingURL=.*$", "").getBytes(StandardCharsets.UTF_8);
    }

    private static Optional<byte[]> read(String resource) {
        try (InputStream in = DashboardSite.class.getResourceAsStream(resource)) {
            return in == null ? Optional.empty() : Optional.of(in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String webJarVersion(String group, String artifact) {
        Properties p = new Properties();
        String resource = "/META-INF/maven/" + group + "/" + artifact + "/pom.properties";
        try (InputStream in = DashboardSite.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("The " + artifact + " WebJar is missing from the classpath");
            }
            p.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return p.getProperty("version");
    }
}
