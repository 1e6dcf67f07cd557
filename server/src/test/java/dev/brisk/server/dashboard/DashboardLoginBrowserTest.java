package dev.brisk.server.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import dev.brisk.server.support.LocalBrisk;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The dashboard of a Brisk that requires keys, in a real headless Chromium: it asks for a key,
 * refuses a wrong one and one without the admin role, logs in with an admin key (kept in the
 * session, sent as a header — never in the URL), shows it is logged in and loads the tabs, and
 * logs out.
 */
class DashboardLoginBrowserTest {
    private static final String CHROMIUM = System.getProperty("brisk.chromium", "/usr/bin/chromium");
    private static final String CHROMEDRIVER = System.getProperty("brisk.chromedriver", "/usr/bin/chromedriver");
    private static final String ADMIN = "dashboard-login-admin-key-0123456789";

    @Test
    void asksForAnAdminKeyLogsInAndOut(@TempDir Path folder) throws Exception {
        try (LocalBrisk service = LocalBrisk.start(folder, false, env -> env.put("BRISK_ADMIN_KEY", ADMIN))) {
            String readKey = service.brisk() != null ? createReadKey(service) : null;
            ChromeOptions options = new ChromeOptions();
            options.setBinary(CHROMIUM);
            options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                    "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                    "--user-data-dir=" + Files.createDirectories(folder.resolve("chromium-profile")), "--lang=en-US");
            ChromeDriverService driverService = new ChromeDriverService.Builder()
                    .usingDriverExecutable(new File(CHROMEDRIVER)).usingAnyFreePort().build();
            WebDriver browser = new ChromeDriver(driverService, options);
            try {
                WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(30));
                browser.get(service.dashboard().toString());
                WebElement key = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("login-key")));
                assertThat(browser.findElement(By.tagName("main")).isDisplayed()).isFalse();

                key.sendKeys("not-a-key");
                browser.findElement(By.id("login-submit")).click();
                wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("login-error"), "not valid"));

                browser.findElement(By.id("login-key")).clear();
                browser.findElement(By.id("login-key")).sendKeys(readKey);
                browser.findElement(By.id("login-submit")).click();
                wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("login-error"), "admin role"));

                browser.findElement(By.id("login-key")).clear();
                browser.findElement(By.id("login-key")).sendKeys(ADMIN);
                browser.findElement(By.id("login-submit")).click();
                wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("logged-in")));
                assertThat(browser.findElement(By.id("logged-in")).getText()).contains("logged in");
                assertThat(browser.getCurrentUrl()).doesNotContain(ADMIN);
                assertThat(((JavascriptExecutor) browser).executeScript("return sessionStorage.getItem('brisk.apiKey')"))
                        .isEqualTo(ADMIN);
                // The tabs load through the key: the connection indicator leaves "connecting" for a status.
                wait.until(d -> !d.findElement(By.id("connection")).getText().contains("connecting")
                        && !d.findElement(By.id("connection")).getText().contains("API error"));
                browser.findElement(By.id("tab-models")).click();
                wait.until(d -> d.findElement(By.id("panel-models")).getText().contains("popular"));

                browser.findElement(By.id("logout")).click();
                wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("login-key")));
                assertThat(((JavascriptExecutor) browser).executeScript("return sessionStorage.getItem('brisk.apiKey')"))
                        .isNull();
            } finally {
                browser.quit();
                driverService.stop();
            }
        }
    }

    private static String createReadKey(LocalBrisk service) throws Exception {
        var request = java.net.http.HttpRequest.newBuilder(service.api().resolve("/keys"))
                .header("Authorization", "Bearer " + ADMIN).header("Content-Type", "application/json")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"role\":\"read\",\"name\":\"reader\"}")).build();
        var response = java.net.http.HttpClient.newHttpClient().send(request, java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        return dev.brisk.server.store.Json.MAPPER.readTree(response.body()).path("key").asText();
    }
}
