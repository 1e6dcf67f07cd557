package dev.brisk.server.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.brisk.server.TestService;
import dev.brisk.server.store.Json;
import dev.brisk.server.support.PrometheusText;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Grafana dashboard in {@code ops/grafana/brisk.json} cannot rot: every metric its queries name
 * is in a live scrape of {@code /metrics}, latency panels take quantiles of histograms summed
 * across instances, and the data source is a variable.
 */
class GrafanaDashboardTest {
    /** A metric selected in PromQL: a name followed by its label matchers. */
    private static final Pattern SELECTED = Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)\\s*\\{");
    private static final Pattern LABEL_VALUES = Pattern.compile("label_values\\(([a-zA-Z_:][a-zA-Z0-9_:]*)");

    @TempDir
    Path dir;

    private static JsonNode dashboard() throws Exception {
        Path folder = Path.of("").toAbsolutePath();
        while (folder != null && !Files.exists(folder.resolve("ops/grafana/brisk.json"))) {
            folder = folder.getParent();
        }
        assertThat(folder).as("ops/grafana/brisk.json above the working directory").isNotNull();
        return Json.MAPPER.readTree(folder.resolve("ops/grafana/brisk.json").toFile());
    }

    private static List<String> expressions(JsonNode dashboard) {
        List<String> exprs = new ArrayList<>();
        dashboard.findValues("expr").forEach(e -> exprs.add(e.asText()));
        return exprs;
    }

    @Test
    void everyMetricTheDashboardQueriesIsInALiveScrape() throws Exception {
        JsonNode dashboard = dashboard();
        List<String> exprs = expressions(dashboard);
        assertThat(exprs).hasSizeGreaterThan(20);
        Set<String> scraped;
        try (TestService service = TestService.start(dir)) {
            service.get("/health").expect(200);
            scraped = new PrometheusText(service.get("/metrics").text()).seriesNames();
        }
        List<String> used = new ArrayList<>();
        for (String expr : exprs) {
            Matcher m = SELECTED.matcher(expr);
            int before = used.size();
            while (m.find()) {
                used.add(m.group(1));
            }
            assertThat(used.size()).as("a metric selected in " + expr).isGreaterThan(before);
        }
        Matcher variables = LABEL_VALUES.matcher(dashboard.path("templating").toString());
        while (variables.find()) {
            used.add(variables.group(1));
        }
        assertThat(used).as("metric names in ops/grafana/brisk.json").allSatisfy(name ->
                assertThat(scraped).as("series named in the dashboard").contains(name));
    }

    @Test
    void latencyPanelsAggregateHistogramsAcrossInstances() throws Exception {
        JsonNode dashboard = dashboard();
        List<String> quantiles = expressions(dashboard).stream().filter(e -> e.contains("histogram_quantile")).toList();
        assertThat(quantiles).hasSizeGreaterThanOrEqualTo(5)
                .allSatisfy(e -> assertThat(e).containsPattern("histogram_quantile\\(0\\.\\d+, sum by \\(le(, [a-z]+)?\\) \\(rate\\(brisk_[a-z_]+_seconds_bucket\\{"));
        assertThat(dashboard.path("templating").path("list").findValuesAsText("type")).contains("datasource");
        dashboard.findValues("datasource").stream().filter(JsonNode::isObject)
                .forEach(ds -> assertThat(ds.path("uid").asText()).isEqualTo("${datasource}"));
    }
}
