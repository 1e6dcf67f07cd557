package dev.brisk.server.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.brisk.server.support.LocalBrisk;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.logging.Level;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The dashboard in a real headless Chromium (Debian's chromium and chromedriver) against a real
 * Brisk with the demo data, on the dashboard's own port. Each tab is driven as a person would, and
 * a screenshot of each is saved under target/dashboard-screenshots for a person to look at. No
 * step may leave an error in the browser's console, except the network errors a step provokes on
 * purpose.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DashboardBrowserTest {
    // Debian's packages; -Dbrisk.chromium= and -Dbrisk.chromedriver= point elsewhere.
    private static final String CHROMIUM = System.getProperty("brisk.chromium", "/usr/bin/chromium");
    private static final String CHROMEDRIVER = System.getProperty("brisk.chromedriver", "/usr/bin/chromedriver");
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final Path SCREENSHOTS = Path.of("target", "dashboard-screenshots");
    private static final int WIDTH = 1440;
    private static final int HEIGHT = 1000;

    @TempDir
    static Path folder;
    static LocalBrisk service;
    static ChromeDriverService driverService;
    static WebDriver browser;
    static final List<Predicate<String>> expectedConsoleErrors = new ArrayList<>();

    @BeforeAll
    static void start() throws IOException {
        assertThat(new File(CHROMIUM)).as("Debian's chromium (apt-get install chromium chromium-driver)").exists();
        assertThat(new File(CHROMEDRIVER)).as("Debian's chromedriver (apt-get install chromium-driver)").exists();
        Files.createDirectories(SCREENSHOTS);
        service = LocalBrisk.start(folder, true);

        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM);
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--user-data-dir=" + Files.createDirectories(folder.resolve("chromium-profile")),
                "--window-size=" + WIDTH + "," + HEIGHT, "--lang=en-US");
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        // The driver's path is given, so Selenium Manager has nothing to look up or download.
        driverService = new ChromeDriverService.Builder().usingDriverExecutable(new File(CHROMEDRIVER))
                .usingAnyFreePort().build();
        browser = new ChromeDriver(driverService, options);
        browser.manage().timeouts().scriptTimeout(Duration.ofSeconds(30));
        browser.get(service.dashboard().toString());
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.quit();
        }
        if (driverService != null) {
            driverService.stop();
        }
        if (service != null) {
            service.close();
        }
    }

    @AfterEach
    void noErrorsInTheConsole() {
        List<String> errors = new ArrayList<>();
        for (LogEntry entry : browser.manage().logs().get(LogType.BROWSER)) {
            String message = entry.getMessage();
            if (entry.getLevel().intValue() >= Level.SEVERE.intValue()
                    && expectedConsoleErrors.stream().noneMatch(expected -> expected.test(message))) {
                errors.add(message);
            }
        }
        expectedConsoleErrors.clear();
        assertThat(errors).as("errors in the browser console").isEmpty();
    }

    @Test
    @Order(1)
    void overviewShowsEveryComponentTheTotalsAndCharts() {
        assertThat(browser.getCurrentUrl()).contains("/dashboard/");
        tab("overview");
        waitUntil("five components", () -> texts("#overview-health .component .name").size() == 5);
        assertThat(attributes("#overview-health .component", "data-component"))
                .containsExactlyInAnyOrder("database", "cache", "models", "change_feed", "ingest");
        // Counted independently of /metrics/realtime, which the page shows: the demo data's 1,200
        // items, and the users with events as the engagement report counts them.
        long users = service.json("/analytics/engagement?window=3650d").path("active_users").asLong();
        assertThat(users).isPositive();
        waitUntil("the totals", () -> text("#total-users").equals(String.format("%,d", users)));
        assertThat(text("#total-items")).isEqualTo("1,200");
        assertThat(text("#overview-health")).containsIgnoringCase("up");
        waitUntil("the charts", () -> received("overview-events") > 0 && received("overview-latency") > 0);
        assertThat(browser.findElement(By.id("connection")).getText()).contains("up");
        // A service up for a minute or two shows that time across the latency chart, not a dot on half an hour.
        long uptime = service.json("/metrics/realtime").path("uptime_seconds").asLong();
        double axisStart = ((Number) js("return window.briskCharts['overview-latency'].chart.options.scales.x.min;")).doubleValue();
        assertThat(-axisStart).as("the latency axis spans the data, up %s s", uptime).isLessThan(Math.max(600, 2 * uptime + 120));
        // Each figure says what it means; no lookup yet is said, not shown as 0%.
        for (String id : List.of("cache-hit-rate", "freshness-p99", "total-users", "events-1m")) {
            find("#" + id);
            // Read in one step: the totals are drawn anew every second, so an element found first may be gone.
            assertThat((String) js("const e = document.getElementById('" + id + "'); return e ? e.parentElement.title : '';"))
                    .as(id + " explained").isNotBlank();
        }
        JsonNode cache = service.json("/metrics/realtime").path("cache");
        if (cache.path("hits").asLong() + cache.path("misses").asLong() == 0) {
            assertThat(text("#cache-hit-rate")).isEqualTo("no lookups yet");
        }
        assertThat(text("#overview-totals")).contains("share of lists served from the cache");
        screenshotAtBothWidths("1-overview");
    }

    @Test
    @Order(2)
    void recommendationsShowAListForAKnownUserWithTheModelsOfTheApi() {
        // The models train in the background after start; a retrain between the two requests below
        // would (rightly) make the first list stale, so wait until every model is trained.
        waitUntil("every model trained", () -> {
            for (var m : service.json("/models").path("models")) {
                if (!"ready".equals(m.path("state").asText()) || m.path("queued").asBoolean()) {
                    return false;
                }
            }
            return true;
        });
        tab("recommendations");
        Set<String> served = new HashSet<>();
        service.json("/models").path("models").forEach(m -> served.add(m.path("type").asText()));
        waitUntil("the models", () -> new HashSet<>(values("#rec-model-a option")).equals(served));
        assertThat(values("#rec-model-b option")).containsAll(served);

        type("#rec-user", "u1");
        if (served.size() > 1) {
            List<String> models = new ArrayList<>(served);
            new Select(find("#rec-model-a")).selectByValue(models.get(0));
            new Select(find("#rec-model-b")).selectByValue(models.get(1));
        }
        find("#rec-go").click();
        int panels = Math.min(2, served.size());
        waitUntil("the lists", () -> browser.findElements(By.cssSelector(".rec-result .rec-table tbody tr")).size() == 10 * panels);
        for (WebElement row : browser.findElements(By.cssSelector(".rec-result .rec-table tbody tr"))) {
            List<WebElement> cells = row.findElements(By.tagName("td"));
            assertThat(cells.get(1).getText()).as("title").isNotBlank();
            assertThat(cells.get(3).getText()).as("score").matches("[0-9.,]+");
            assertThat(cells.get(4).getText()).as("explanation").isNotBlank();
        }
        assertThat(text(".rec-result .result-head")).contains("computed").contains("took").contains("version");

        find("#rec-go").click();
        waitUntil("the cached list", () -> text(".rec-result .result-head").contains("from cache"));
        screenshot("2-recommendations");
    }

    @Test
    @Order(3)
    void anEventSentFromTheSimulatorAppearsInTheFeedAndInTheUsersActivity() {
        tab("realtime");
        waitUntil("an item to send", () -> !find("#sim-item").getAttribute("value").isBlank());
        type("#sim-user", "browser-user");
        new Select(find("#sim-type")).selectByValue("rating");
        type("#sim-rating", "4.5");
        find("#sim-send").click();
        waitUntil("the acknowledgement", () -> text("#sim-result").startsWith("Stored"));
        Matcher m = Pattern.compile("as event (\\S+) ").matcher(text("#sim-result"));
        assertThat(m.find()).isTrue();
        String eventId = m.group(1);

        String row = "tr[data-event-id='" + eventId + "']";
        waitUntil("the event in the live feed", () -> !browser.findElements(By.cssSelector("#feed-rows " + row)).isEmpty());
        assertThat(text("#feed-rows " + row)).contains("browser-user").contains("rating").contains("4.5");
        waitUntil("the event in the user's activity", () -> !browser.findElements(By.cssSelector("#activity-rows " + row)).isEmpty());
        assertThat(text("#activity-profile")).contains("browser-user").contains("rating 1");

        // The viewer pages through a longer history with next_before.
        type("#activity-user", "u1");
        find("#activity-load").click();
        waitUntil("u1's history", () -> text("#activity-page").startsWith("page 1") && rows("#activity-rows") == 20);
        List<String> first = attributes("#activity-rows tr", "data-event-id");
        find("#activity-older").click();
        waitUntil("the second page", () -> text("#activity-page").startsWith("page 2"));
        assertThat(attributes("#activity-rows tr", "data-event-id")).doesNotContainAnyElementsOf(first);
        assertThat(text("#activity-sessions")).containsIgnoringCase("Latest sessions");
    }

    @Test
    @Order(4)
    void theChartsReceiveNewPointsOverTime() {
        tab("realtime");
        List<String> charts = List.of("overview-events", "overview-latency", "realtime-events-by-type",
                "realtime-hit-rate", "realtime-latency");
        waitUntil("a point in every chart", () -> charts.stream().allMatch(id -> received(id) > 0));
        Map<String, Long> before = new java.util.HashMap<>();
        charts.forEach(id -> before.put(id, received(id)));
        waitUntil("new points in every chart", () -> charts.stream().allMatch(id -> received(id) > before.get(id)));
        for (String id : charts) {
            Object axes = js("const c = window.briskCharts[arguments[0]].chart;"
                    + "return [c.options.scales.x.title.text, c.options.scales.y.title.text, c.options.plugins.legend.position];", id);
            assertThat(axes.toString()).as(id + " has axis titles and a legend").doesNotContain("null").contains("top");
        }
    }

    @Test
    @Order(5)
    void aSimulatedCrowdStartedFromTheDashboardRunsAndStops() {
        tab("realtime");
        type("#crowd-users", "4");
        type("#crowd-rate", "10");
        type("#crowd-duration", "120");
        find("#crowd-start").click();
        waitUntil("the crowd running", () -> text("#crowd-status").contains("running"));
        waitUntil("crowd events accepted", () -> crowdAccepted() >= 40);
        waitUntil("crowd users in the feed", () -> texts("#feed-rows tr td:nth-child(2)").stream().anyMatch(t -> t.startsWith("sim-u")));
        waitUntil("recommendation latency on the chart", () -> ((Number) js(
                "return window.briskCharts['realtime-latency'].chart.data.datasets[2].data.filter(p => p.y !== null).length;")).intValue() > 2);
        screenshot("3-realtime");
        find("#crowd-stop").click();
        waitUntil("the crowd stopped", () -> text("#crowd-status").contains("stopped"));
        assertThat(text("#crowd-status")).contains("POST /events").contains("GET /recommend");
        JsonNode run = service.json("/simulator").path("run");
        assertThat(run.path("state").asText()).isEqualTo("stopped");
        assertThat(text("#crowd-events")).startsWith(String.format("%,d sent · %,d accepted",
                run.at("/events/sent").asLong(), run.at("/events/accepted").asLong()));
        tab("overview");
        screenshot("1b-overview-after-traffic");
    }

    @Test
    @Order(6)
    void modelsShowOneTableTheirMetricsTheTrainerAndTheHistoryAndRetrainOnRequest() {
        tab("models");
        JsonNode answer = service.json("/models");
        int models = answer.path("models").size();
        waitUntil("a row per model", () -> browser.findElements(By.cssSelector("#model-table tbody tr.model")).size() == models);
        waitUntil("a metrics row per model", () -> browser.findElements(By.cssSelector("#model-metrics-table tbody tr")).size() == models);
        String popular = "#model-table tr.model[data-model='popular']";
        String version = versionOf(service.json("/models"), "popular");
        waitUntil("the version", () -> text(popular).contains(version));
        assertThat(text("#model-metrics-table thead")).contains("ndcg@10").contains("recall@20");
        assertThat(text("#model-metrics-table tr[data-model='hybrid']")).matches("(?s)hybrid.*0[.][0-9]+.*");
        assertThat(text("#model-training-instance")).isEqualTo(answer.at("/trainer/training_instance").asText());
        waitUntil("the training history chart", () -> received("models-history") > 0);
        assertThat(text("#model-history-note")).contains("stored run");

        click(popular + " button.retrain");
        waitUntil("the retrained model", () -> text("#model-table tr.model-progress[data-model='popular']").contains("Trained: version"));
        String newVersion = versionOf(service.json("/models"), "popular");
        assertThat(newVersion).isNotEqualTo(version);
        assertThat(text(popular)).contains(newVersion);
        waitUntil("the new run in the history", () -> {
            long runs = service.json("/models/history").path("runs").size();
            return ((Number) js("return window.briskCharts['models-history'].chart.data.labels.length;")).longValue() == runs;
        });
        screenshotAtBothWidths("4-models");
    }

    @Test
    @Order(7)
    void analyticsShowActiveUsersClickThroughPerModelTheFunnelAndTopItems() {
        tab("analytics");
        new Select(find("#analytics-window")).selectByValue("3650d");
        service.brisk().flushRecommendationLogs();
        JsonNode report = service.json("/analytics/engagement?window=3650d");
        waitUntil("the active users", () -> text("#analytics-active-users").equals(String.format("%,d", report.path("active_users").asLong())));
        JsonNode ctr = report.path("click_through_by_model");
        assertThat(ctr.size()).as("lists were served by the steps before").isPositive();
        waitUntil("a row per model that served", () -> rows("#analytics-ctr-table tbody") >= ctr.size());
        assertThat(texts("#analytics-ctr-table tbody td:first-child")).contains(ctr.get(0).path("model").asText());
        assertThat(texts("#analytics-funnel-table tbody td:first-child")).containsExactly("view", "click", "purchase");
        assertThat(text("#analytics-funnel-table tbody tr:first-child")).contains(String.format("%,d", report.at("/funnel/0/users").asLong()));
        String topItem = report.at("/top_items/0/item_id").asText();
        assertThat(attributes("#analytics-top-table tbody tr", "data-item").get(0)).isEqualTo(topItem);
        waitUntil("the charts", () -> received("analytics-ctr") > 0 && received("analytics-funnel") > 0 && received("analytics-hours") > 0);
        screenshotAtBothWidths("5-analytics");
    }

    @Test
    @Order(8)
    void searchFindsAUserAndAnItemAndTheirPagesShowWhatIsKnown() {
        tab("browse");
        JsonNode item = service.json("/items?q=i1&limit=1").path("items").get(0);
        String title = item.path("title").asText();
        type("#browse-query", "u1");
        waitUntil("the user in the results", () -> texts("#browse-users li").contains("u1"));
        String part = title.substring(title.length() / 3, Math.min(title.length(), title.length() / 3 + 5)).trim();
        type("#browse-query", part);
        waitUntil("the item found by a part of its title", () -> attributes("#browse-items li", "data-item").contains(item.path("item_id").asText()));

        browser.get(service.dashboard() + "#browse/user/u1");
        waitUntil("the user's history", () -> rows("#user-history-table tbody") > 0);
        waitUntil("the user's recommendations", () -> rows("#user-recs-table tbody") == 10);
        String firstEvent = service.json("/users/u1/activity?limit=1").at("/events/0/event_id").asText();
        assertThat(attributes("#user-history-table tbody tr", "data-event-id").get(0)).isEqualTo(firstEvent);
        assertThat(text("#user-interactions")).isEqualTo(String.format("%,d", service.json("/users/u1/profile").path("total_interactions").asLong()));
        new Select(find("#user-rec-model")).selectByValue("popular");
        waitUntil("the popular list", () -> text("#user-recs h2").startsWith("Recommendations") && text("#user-recs h2").contains("popular ·"));
        screenshotAtBothWidths("6-browse-user");

        String recommended = attributes("#user-recs-table tbody tr", "data-item").get(0);
        click("#user-recs-table tbody tr:first-child a");
        waitUntil("the item page", () -> browser.getCurrentUrl().endsWith("#browse/item/" + recommended));
        long total = service.json("/items/" + recommended + "/activity?limit=1").path("total_events").asLong();
        waitUntil("the item's figures", () -> text("#item-total-events").equals(String.format("%,d", total)));
        waitUntil("similar items", () -> rows("#item-similar-table tbody") > 0);
        assertThat(text("#item-about h2")).contains(service.json("/items/" + recommended).path("title").asText());
        screenshotAtBothWidths("6-browse-item");
    }

    @Test
    @Order(9)
    void anExperimentIsStartedWatchedLiveAndStopped() {
        tab("experiments");
        waitUntil("the experiments", () -> !text("#experiments").contains("Loading"));
        assertThat(text("#experiments-none")).contains("No experiments yet");
        // Start one through the form: the hybrid against popularity, with twice the users on the control.
        type("#exp-name", "Hybrid against popular");
        waitUntil("the models in the form", () -> browser.findElements(By.cssSelector(".exp-variant-model option")).size() >= 10);
        new Select(browser.findElements(By.cssSelector(".exp-variant-model")).get(1)).selectByValue("popular");
        WebElement weight = browser.findElements(By.cssSelector(".exp-variant-weight")).get(0);
        weight.clear();
        weight.sendKeys("2");
        find("#exp-create").click();
        waitUntil("the running experiment", () -> text("#experiment-table").contains("running"));
        JsonNode running = service.json("/experiments");
        String id = running.path("running").asText();
        assertThat(running.path("experiments").get(0).path("variants").get(1).path("model").asText()).isEqualTo("popular");
        assertThat(running.path("experiments").get(0).path("variants").get(0).path("weight").asDouble()).isEqualTo(2.0);

        // Traffic while the page watches: lists for 60 users, clicks on some.
        for (int u = 0; u < 60; u++) {
            JsonNode list = service.json("/recommend?user_id=dash-exp-" + u + "&n=5");
            assertThat(list.path("experiment").path("id").asText()).isEqualTo(id);
            if (u % 3 == 0) {
                service.post("/events", "{\"user_id\":\"dash-exp-" + u + "\",\"item_id\":\""
                        + list.path("items").get(0).path("item_id").asText() + "\",\"event_type\":\"click\","
                        + "\"recommendation_id\":\"" + list.path("request_id").asText() + "\"}");
            }
        }
        service.brisk().flushRecommendationLogs();
        waitUntil("the 60 users in the results table", () -> texts("#exp-results tbody td:nth-child(3)").stream()
                .mapToLong(cell -> Long.parseLong(cell.replace(",", ""))).sum() == 60);
        assertThat(texts("#exp-results tbody tr")).hasSize(2);
        waitUntil("the service's verdict", () -> text("#exp-verdict")
                .equals(service.json("/experiments/" + id + "/results").path("verdict").asText()));
        assertThat(text("#exp-verdict")).isNotBlank();
        assertThat(text("#exp-srm")).containsIgnoringCase("weights");
        assertThat(text("#exp-mde")).contains("users per arm");
        waitUntil("the charts", () -> received("experiment-ctr") > 0 && received("experiment-conversion") > 0);
        screenshot("9-experiments");

        click(".exp-stop");
        waitUntil("the stopped experiment", () -> text("#experiment-table").contains("stopped"));
        assertThat(service.json("/experiments/" + id).path("status").asText()).isEqualTo("stopped");
        assertThat(service.json("/recommend?user_id=dash-exp-1&n=5").path("experiment").isNull()).isTrue();
        screenshot("9-experiments-stopped");
    }

    @Test
    @Order(10)
    void aNarrowWindowHasNoSidewaysScrolling() {
        browser.manage().window().setSize(new Dimension(420, 900));
        try {
            for (String name : List.of("overview", "recommendations", "realtime", "models", "analytics", "browse")) {
                tab(name);
                pause(500);
                long overflow = ((Number) js("return document.documentElement.scrollWidth - window.innerWidth;")).longValue();
                assertThat(overflow).as(name + " fits a narrow window").isLessThanOrEqualTo(0);
            }
            tab("realtime");
            screenshot("6-realtime-narrow");
            tab("overview");
            screenshot("6-overview-narrow");
        } finally {
            browser.manage().window().setSize(new Dimension(WIDTH, HEIGHT));
        }
    }

    @Test
    @Order(11)
    void errorsOfTheApiAreShown() {
        tab("realtime");
        type("#sim-item", "");
        find("#sim-send").click();
        expectedConsoleErrors.add(message -> message.contains("/events") && message.contains("400"));
        waitUntil("the API's message", () -> text("#simulator").contains("item_id"));
        assertThat(text("#simulator")).contains("HTTP 400").contains("invalid_input");
    }

    @Test
    @Order(12)
    void whenTheServiceStopsTheDashboardSaysSoAndKeepsTheLastFigures() {
        tab("overview");
        service.close();
        expectedConsoleErrors.add(message -> message.contains("ERR_CONNECTION_REFUSED") || message.contains("Failed to fetch"));
        waitUntil("the connection state", () -> text("#connection").contains("unreachable"));
        waitUntil("the error", () -> text("#overview-health").contains("Cannot read the live figures"));
        assertThat(texts("#overview-health .component")).hasSize(5);
        screenshot("7-overview-service-down");
    }

    @Test
    @Order(13)
    void aFailedComponentShowsAsFailedWhileTheRestKeepsUpdating() throws IOException {
        int nothingListens;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            nothingListens = socket.getLocalPort();
        }
        // A Redis that is not there: the cache serves from memory and says it is degraded.
        try (LocalBrisk degraded = LocalBrisk.start(Files.createDirectories(folder.resolve("degraded")), true, env -> {
            env.put("BRISK_REDIS_URL", "redis://127.0.0.1:" + nothingListens);
            env.put("BRISK_REDIS_TIMEOUT_MS", "100");
        })) {
            // The page of the stopped service went on trying until it was left.
            String stoppedService = "127.0.0.1:" + service.brisk().dashboardPort() + "/";
            expectedConsoleErrors.add(message -> message.contains(stoppedService) && message.contains("ERR_CONNECTION_REFUSED"));
            browser.get(degraded.dashboard().toString());
            tab("overview");
            waitUntil("the degraded cache", () -> !browser.findElements(
                    By.cssSelector("#overview-health .component.degraded[data-component='cache']")).isEmpty());
            // The models of a fresh service train in the background: wait for them to be up too.
            waitUntil("the other components up", () ->
                    browser.findElements(By.cssSelector("#overview-health .component.up")).size() == 4);
            assertThat(text("#connection")).contains("degraded");
            long before = received("overview-latency");
            waitUntil("the charts still updating", () -> received("overview-latency") > before);
            screenshot("8-overview-cache-degraded");
            browser.get("about:blank"); // leave before the service stops, so the page does not call a closed port
        }
    }

    // --- helpers ---

    private static void tab(String name) {
        find("#tab-" + name).click();
        waitUntil("tab " + name, () -> find("#panel-" + name).isDisplayed());
    }

    private static WebElement find(String css) {
        return browser.findElement(By.cssSelector(css));
    }

    /**
     * Clicks the first match, scrolled to the middle of the window (not under the sticky header);
     * a card redrawn between finding and clicking is found again (a few times at most).
     */
    private static void click(String css) {
        for (int attempt = 1; ; attempt++) {
            try {
                WebElement element = find(css);
                js("arguments[0].scrollIntoView({block: 'center'});", element);
                element.click();
                return;
            } catch (org.openqa.selenium.StaleElementReferenceException redrawn) {
                if (attempt == 5) {
                    throw redrawn;
                }
            }
        }
    }

    /** The text of the first match, or "". The dashboard redraws often, so a stale element is read again. */
    private static String text(String css) {
        return fresh(() -> {
            List<WebElement> found = browser.findElements(By.cssSelector(css));
            return found.isEmpty() ? "" : found.get(0).getText();
        });
    }

    private static List<String> texts(String css) {
        return fresh(() -> browser.findElements(By.cssSelector(css)).stream().map(WebElement::getText).toList());
    }

    private static <T> T fresh(java.util.function.Supplier<T> read) {
        for (int attempt = 1; ; attempt++) {
            try {
                return read.get();
            } catch (org.openqa.selenium.StaleElementReferenceException e) {
                if (attempt == 5) {
                    throw e;
                }
            }
        }
    }

    private static List<String> values(String css) {
        return attributes(css, "value");
    }

    private static List<String> attributes(String css, String attribute) {
        return fresh(() -> browser.findElements(By.cssSelector(css)).stream().map(e -> e.getAttribute(attribute)).toList());
    }

    private static int rows(String css) {
        return browser.findElements(By.cssSelector(css + " tr")).size();
    }

    private static void type(String css, String value) {
        WebElement input = find(css);
        input.clear();
        if (!value.isEmpty()) {
            input.sendKeys(value);
        }
    }

    private static Object js(String script, Object... args) {
        return ((JavascriptExecutor) browser).executeScript(script, args);
    }

    private static long received(String chart) {
        Object value = js("const c = window.briskCharts && window.briskCharts[arguments[0]]; return c ? c.received : -1;", chart);
        return ((Number) value).longValue();
    }

    private static long crowdAccepted() {
        Matcher m = Pattern.compile("sent · ([0-9,]+) accepted").matcher(text("#crowd-events"));
        return m.find() ? Long.parseLong(m.group(1).replace(",", "")) : 0;
    }

    private static void waitUntil(String what, java.util.function.BooleanSupplier condition) {
        new WebDriverWait(browser, WAIT, Duration.ofMillis(200)).withMessage("waiting for " + what)
                .ignoring(org.openqa.selenium.StaleElementReferenceException.class)
                .until(driver -> condition.getAsBoolean());
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String versionOf(JsonNode models, String type) {
        for (JsonNode m : models.path("models")) {
            if (m.path("type").asText().equals(type)) {
                return m.path("version").asText();
            }
        }
        throw new AssertionError("no model " + type + " in " + models);
    }

    /**
     * Screenshots at 1400 and 1920 pixels wide; at each width, no card's content is wider than
     * the card (nothing pushed out of view or under the next card).
     */
    private static void screenshotAtBothWidths(String name) {
        Dimension size = browser.manage().window().getSize();
        try {
            for (int width : List.of(1400, 1920)) {
                browser.manage().window().setSize(new Dimension(width, HEIGHT));
                pause(400);
                Object overflowing = js("return [...document.querySelectorAll('.panel:not([hidden]) .card-body, .panel:not([hidden]) .table-scroll')]"
                        + ".filter(b => b.scrollWidth > b.clientWidth + 1).map(b => b.closest('.card').id || b.closest('.card').textContent.slice(0, 40));");
                assertThat((List<?>) overflowing).as(name + " at " + width + " px: cards whose content is cut off").isEmpty();
                screenshot(name + "-" + width);
            }
        } finally {
            browser.manage().window().setSize(size);
        }
    }

    /** The whole page: the window grows to the page's height for the picture, then shrinks back. */
    private static void screenshot(String name) {
        Dimension size = browser.manage().window().getSize();
        long height = ((Number) js("return document.documentElement.scrollHeight;")).longValue();
        browser.manage().window().setSize(new Dimension(size.getWidth(), (int) Math.min(6000, Math.max(size.getHeight(), height + 120))));
        pause(600); // let the charts follow the new size before the picture
        try {
            Files.write(SCREENSHOTS.resolve(name + ".png"), ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } finally {
            browser.manage().window().setSize(size);
        }
    }
}
