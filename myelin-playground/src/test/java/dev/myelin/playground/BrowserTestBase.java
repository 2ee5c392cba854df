package dev.myelin.playground;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import dev.myelin.Model;
import dev.myelin.ModelFile;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.logging.Level;
import org.junit.jupiter.api.AfterEach;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The playground in a real browser: Debian's headless Chromium driven by Selenium through Debian's
 * chromedriver (no driver downloads). Screenshots go to target/screenshots. Without the two
 * binaries the test is skipped locally and fails in CI (CI=true), naming the packages to install.
 * After every test the page must have logged no console error (JavaScript exceptions, failed
 * requests) and caught no uncaught error or rejected promise.
 */
abstract class BrowserTestBase {
    static final String CHROMIUM = System.getenv().getOrDefault("MYELIN_CHROMIUM", "/usr/bin/chromium");
    static final String CHROMEDRIVER = System.getenv().getOrDefault("MYELIN_CHROMEDRIVER", "/usr/bin/chromedriver");
    static PlaygroundServer server;
    static ChromeDriverService service;
    static WebDriver driver;
    static Path downloads;
    static Path profile;
    static Path shots = Path.of("target", "screenshots");

    @BeforeAll
    static void start() throws Exception {
        start(1440, 1080);
    }

    static void start(int width, int height) throws Exception {
        boolean present = new File(CHROMIUM).canExecute() && new File(CHROMEDRIVER).canExecute();
        if (!present) {
            String message = "the browser tests need Debian's headless Chromium and its driver at " + CHROMIUM + " and "
                    + CHROMEDRIVER + ": run apt-get install -y chromium chromium-driver";
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                fail(message);
            }
            Assumptions.abort(message);
        }
        server = PlaygroundServer.start("127.0.0.1", 0);
        downloads = Files.createTempDirectory("myelin-downloads");
        profile = Files.createTempDirectory("myelin-chromium");
        Files.createDirectories(shots);
        System.setProperty("webdriver.chrome.driver", CHROMEDRIVER);
        service = new ChromeDriverService.Builder().usingDriverExecutable(new File(CHROMEDRIVER)).usingAnyFreePort().build();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM);
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--user-data-dir=" + profile, "--window-size=" + width + "," + height, "--force-device-scale-factor=1");
        Map<String, Object> prefs = new HashMap<>();
        prefs.put("download.default_directory", downloads.toString());
        prefs.put("download.prompt_for_download", false);
        options.setExperimentalOption("prefs", prefs);
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        driver = new ChromeDriver(service, options);
        driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(10));
    }

    /** Fails on any console error the page logged since the last check, or any error it caught. */
    @AfterEach
    void noConsoleErrors() {
        if (driver == null) {
            return;
        }
        List<String> severe = driver.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(e -> e.getLevel().intValue() >= Level.SEVERE.intValue()).map(LogEntry::getMessage).toList();
        assertThat(severe).as("console errors").isEmpty();
        Object caught = js("return window.playground ? window.playground.errors : []");
        assertThat((List<?>) caught).as("uncaught errors").isEmpty();
    }

    @AfterAll
    static void stop() {
        if (driver != null) {
            driver.quit();
        }
        if (service != null) {
            service.stop();
        }
        if (server != null) {
            server.stop();
        }
    }

    static String url() {
        return "http://127.0.0.1:" + server.port() + "/";
    }

    static Object js(String script, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(script, args);
    }

    static WebDriverWait waitFor(int seconds) {
        return new WebDriverWait(driver, Duration.ofSeconds(seconds), Duration.ofMillis(50));
    }

    static long epoch() {
        return ((Number) js("return window.playground.lastFrame ? window.playground.lastFrame.epoch : -1")).longValue();
    }

    static double testLoss() {
        return Double.parseDouble(driver.findElement(By.id("test-loss")).getText());
    }

    static void screenshot(String name) throws Exception {
        byte[] png = ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES);
        Files.write(shots.resolve(name + ".png"), png);
    }
}
