package io.github.promexport.deployment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TimeoutException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

import io.quarkus.test.QuarkusDevModeTest;

/**
 * The Dev UI card opened in a real headless Chromium (Debian's, driven by Selenium through Debian's chromedriver): the
 * extensions page shows the card, its link opens the page, and the page lists the families with their cardinality,
 * filtered by name. Everything the Dev UI loads comes from the application: the build machine has no Internet.
 */
class DevUiCardInHeadlessBrowserTest {

    private static final int HTTP_PORT = Ports.free(DevUiCardInHeadlessBrowserTest.class);
    private static final String ORIGIN = "http://localhost:" + HTTP_PORT;

    /**
     * Every element matching a CSS selector below a node, through every shadow root: Lit components keep their DOM in
     * one, and the elements they slot stay in the light DOM.
     */
    private static final String DEEP_QUERY = """
            const all = (node, selector, found) => {
                node.querySelectorAll(selector).forEach(e => found.push(e));
                node.querySelectorAll('*').forEach(e => { if (e.shadowRoot) all(e.shadowRoot, selector, found); });
                return found;
            };
            const root = arguments[0] || document;
            const found = all(root, arguments[1], []);
            return root.shadowRoot ? all(root.shadowRoot, arguments[1], found) : found;
            """;

    @RegisterExtension
    static final QuarkusDevModeTest dev = new QuarkusDevModeTest()
            .withApplicationRoot(jar -> jar.addClass(CustomerOrderMeters.class).addAsResource(
                    new StringAsset("quarkus.http.port=" + HTTP_PORT + "\n"), "application.properties"));

    private Path profile;
    private ChromeDriver browser;

    @BeforeEach
    void startBrowser() throws IOException {
        profile = Files.createTempDirectory("devui-chromium");
        ChromeOptions options = new ChromeOptions()
                .setBinary(System.getProperty("chromium", "/usr/bin/chromium"))
                .addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                        "--disable-background-networking", "--disable-component-update", "--disable-sync",
                        "--disable-dev-shm-usage", "--window-size=1400,1000", "--user-data-dir=" + profile);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(Path.of(System.getProperty("webdriver.chrome.driver", "/usr/bin/chromedriver"))
                        .toFile())
                .usingAnyFreePort()
                .build();
        browser = new ChromeDriver(service, options);
    }

    @AfterEach
    void stopBrowser() throws IOException {
        if (browser != null) {
            // quit() ends the browser and the driver process it started.
            browser.quit();
        }
        try (Stream<Path> files = Files.walk(profile)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
    }

    @Test
    void cardOpensThePageThatListsTheFamiliesWithTheirCardinality() throws IOException {
        assertEquals(200, Http.get(URI.create(ORIGIN + "/q/metrics"), Duration.ofSeconds(30)).statusCode(),
                "one scrape, for the page's last scrape");
        browser.get(ORIGIN + "/q/dev-ui/extensions");
        WebElement link = waitFor(Duration.ofSeconds(60), "the card's Metrics link", () -> deep("qwc-extension")
                .stream().filter(card -> deepText(card).contains("Prometheus Export"))
                .flatMap(card -> deepWithin(card, "qwc-extension-link").stream())
                .filter(l -> deepText(l).contains("Metrics")).flatMap(l -> deepWithin(l, "a").stream()).findFirst()
                .orElse(null));
        // A WebDriver click on an element inside a shadow root fails in chromedriver; the DOM's click() is what the
        // Dev UI's router listens to.
        ((JavascriptExecutor) browser).executeScript("arguments[0].click()", link);

        WebElement page = waitFor(Duration.ofSeconds(30), "the Metrics page",
                () -> deep("qwc-prometheus-export-metrics").stream().findFirst().orElse(null));
        // The grid renders only the rows in view: the family with the most series comes first.
        waitFor(Duration.ofSeconds(30), "the family list",
                () -> deepText(page).contains("devui_orders_total") ? page : null);
        String before = deepText(page);
        assertTrue(before.contains("http://localhost:" + HTTP_PORT + "/q/metrics"), "the route's URL: " + before);
        assertTrue(before.contains("not configured"), "no dedicated exporter configured: " + before);
        assertTrue(before.contains("customer (" + CustomerOrderMeters.CUSTOMERS + ")"),
                "the label with the most values and their count: " + before);
        assertTrue(before.contains("jvm_memory_used_bytes"), "the JVM's families are listed too: " + before);
        assertTrue(before.contains("Duration") && before.contains("Size") && before.contains("text/plain"),
                "the last scrape: " + before);

        WebElement filter = deepWithin(page, "#filter input").get(0);
        filter.sendKeys("^devui_");
        Pattern oneFamily = Pattern.compile("(^|\\D)1 of \\d+ families,\\s+" + CustomerOrderMeters.CUSTOMERS + " series");
        waitFor(Duration.ofSeconds(30), "the filtered list", () -> oneFamily.matcher(deepText(page)).find() ? page : null);
        assertTrue(deepText(page).contains("devui_orders_total"));

        filter.sendKeys("(");
        WebElement error = waitFor(Duration.ofSeconds(30), "the filter error",
                () -> deepWithin(page, "#error").stream().findFirst().orElse(null));
        assertTrue(error.getText().contains("is not a valid regular expression"), error.getText());

        List<String> elsewhere = ((List<?>) ((JavascriptExecutor) browser).executeScript(
                "return performance.getEntriesByType('resource').map(e => e.name)")).stream().map(String::valueOf)
                .filter(url -> !url.startsWith(ORIGIN) && !url.startsWith("ws://localhost:" + HTTP_PORT)).toList();
        assertEquals(List.of(), elsewhere, "the Dev UI loads nothing from outside the application");
    }

    /** Waits until {@code probe} finds something; on a timeout, leaves a screenshot in target/ for whoever debugs. */
    private <T> T waitFor(Duration timeout, String what, Supplier<T> probe) {
        try {
            return new WebDriverWait(browser, timeout).withMessage("waiting for " + what).until(driver -> probe.get());
        } catch (TimeoutException e) {
            try {
                Files.write(Path.of("target", "devui-timeout.png"), browser.getScreenshotAs(OutputType.BYTES));
            } catch (IOException | RuntimeException ignored) {
                e.addSuppressed(ignored);
            }
            throw e;
        }
    }

    private List<WebElement> deep(String selector) {
        return deepWithin(null, selector);
    }

    /** Every element matching a CSS selector below {@code root} (the document when null), in light and shadow DOM. */
    @SuppressWarnings("unchecked")
    private List<WebElement> deepWithin(WebElement root, String selector) {
        return (List<WebElement>) ((JavascriptExecutor) browser).executeScript(DEEP_QUERY, root, selector);
    }

    /** The text of an element and of every shadow root below it, as a user reads it. */
    private String deepText(WebElement root) {
        return String.valueOf(((JavascriptExecutor) browser).executeScript("""
                const text = node => {
                    let result = '';
                    if (node.shadowRoot) result += text(node.shadowRoot);
                    node.childNodes.forEach(child => {
                        result += child.nodeType === Node.TEXT_NODE ? child.textContent : text(child);
                    });
                    return result;
                };
                return text(arguments[0]);
                """, root));
    }
}
