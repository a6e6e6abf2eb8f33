package org.labtrack.it.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedCondition;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Debian's headless Chromium driven by Debian's chromedriver, both named by path so Selenium
 * never looks for (or downloads) a browser of its own. Without them the test is skipped,
 * unless {@code LABTRACK_REQUIRE_BROWSER=1} (CI) makes that a failure.
 */
public final class Browser implements AutoCloseable {
  private static final Path CHROMIUM = Path.of(System.getenv()
      .getOrDefault("LABTRACK_CHROMIUM", "/usr/bin/chromium"));
  private static final Path CHROMEDRIVER = Path.of(System.getenv()
      .getOrDefault("LABTRACK_CHROMEDRIVER", "/usr/bin/chromedriver"));
  private static final Path SCREENSHOTS = Path.of(System.getProperty("labtrack.it.screenshot-dir",
      "target/screenshots"));

  private final ChromeDriver driver;
  private final Path downloads;
  private final Path profile;

  private Browser(ChromeDriver driver, Path downloads, Path profile) {
    this.driver = driver;
    this.downloads = downloads;
    this.profile = profile;
  }

  public static Browser start() {
    boolean present = Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
    if (!present && "1".equals(System.getenv("LABTRACK_REQUIRE_BROWSER"))) {
      throw new IllegalStateException("LABTRACK_REQUIRE_BROWSER=1 but " + CHROMIUM + " or "
          + CHROMEDRIVER + " is missing (apt-get install chromium chromium-driver)");
    }
    Assumptions.assumeTrue(present, "no chromium/chromedriver here: browser tests skipped");
    try {
      Path profile = Files.createTempDirectory("labtrack-chromium");
      Path downloads = Files.createTempDirectory("labtrack-downloads");
      ChromeOptions options = new ChromeOptions();
      options.setBinary(CHROMIUM.toFile());
      // The flags that keep Chromium quiet on a machine without outside network access.
      options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu",
          "--disable-dev-shm-usage", "--disable-background-networking", "--disable-quic",
          "--disable-component-update", "--disable-sync", "--no-first-run",
          "--window-size=1400,1000", "--user-data-dir=" + profile);
      options.setExperimentalOption("prefs", Map.of(
          "download.default_directory", downloads.toString(),
          "download.prompt_for_download", false));
      ChromeDriverService service = new ChromeDriverService.Builder()
          .usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
      return new Browser(new ChromeDriver(service, options), downloads, profile);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public WebDriver driver() {
    return driver;
  }

  public Path downloads() {
    return downloads;
  }

  public void open(String url) {
    driver.get(url);
  }

  public WebElement find(String css) {
    return waitFor(d -> {
      List<WebElement> found = d.findElements(By.cssSelector(css));
      return found.isEmpty() || !found.get(0).isDisplayed() ? null : found.get(0);
    }, "element " + css);
  }

  public List<WebElement> all(String css) {
    return driver.findElements(By.cssSelector(css));
  }

  public boolean present(String css) {
    return !driver.findElements(By.cssSelector(css)).isEmpty();
  }

  public <T> T waitFor(ExpectedCondition<T> condition, String what) {
    // The UI re-renders tables wholesale, so an element found a moment ago may be gone.
    return new WebDriverWait(driver, Duration.ofSeconds(20)).withMessage("waiting for " + what)
        .ignoring(StaleElementReferenceException.class).until(condition);
  }

  public Object script(String js, Object... args) {
    return ((JavascriptExecutor) driver).executeScript(js, args);
  }

  /** The page as a PNG under target/screenshots, kept as test output. */
  public Path screenshot(String name) {
    try {
      Files.createDirectories(SCREENSHOTS);
      Path file = SCREENSHOTS.resolve(name + ".png");
      Files.write(file, driver.getScreenshotAs(OutputType.BYTES));
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    driver.quit();
    for (Path dir : List.of(downloads, profile)) {
      try (var files = Files.walk(dir)) {
        files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      } catch (IOException e) {
        // temporary files only
      }
    }
  }
}
