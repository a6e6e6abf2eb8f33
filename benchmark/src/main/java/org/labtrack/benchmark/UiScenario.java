package org.labtrack.benchmark;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * LabTrack's web UI in headless Chromium (Debian's, named by path): time from navigation to
 * the first rendered runs table of a 10,000-run experiment, and to the first drawn chart of a
 * 100,000-point metric. The UI marks both moments with {@code performance.mark}; the figure is
 * the mark's time since navigation start, so it includes loading the page and its code, the
 * API calls behind the gateway and the rendering.
 */
final class UiScenario {
  private UiScenario() {
  }

  static void run(Http.Factory http, String user, String password, int runs, int points,
      int samples, Path chromium, Path chromedriver) throws Exception {
    Http setup = http.create(new Stats());
    String experiment = Workloads.createExperiment(setup, "bench-ui-" + runs);
    long start = System.nanoTime();
    ScaleScenarios.parallel(16, runs, i -> {
      String run = setup.post("preload", "runs/create", Payloads.createRun(experiment))
          .path("run").path("info").path("run_id").asText();
      List<Map<String, Object>> metrics = new ArrayList<>();
      List<Map<String, Object>> params = new ArrayList<>();
      for (int k = 0; k < 5; k++) {
        metrics.add(Map.of("key", "m" + k, "value", ThreadLocalRandom.current().nextDouble(),
            "timestamp", 1, "step", 0));
        params.add(Map.of("key", "p" + k, "value", Integer.toString(i % (k + 3))));
      }
      setup.post("preload", "runs/log-batch", Map.of("run_id", run, "metrics", metrics,
          "params", params));
    });
    String longRun = setup.post("preload", "runs/create", Payloads.createRun(experiment))
        .path("run").path("info").path("run_id").asText();
    ScaleScenarios.logLongMetric(setup, longRun, points, s -> Math.sin(s / 5000.0) + s * 1e-5);
    System.out.printf(Locale.ROOT, "%n(preloaded %d runs and a %d-point metric in %.0f s)%n",
        runs, points, (System.nanoTime() - start) / 1e9);

    ChromeOptions options = new ChromeOptions();
    options.setBinary(chromium.toFile());
    options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu",
        "--disable-dev-shm-usage", "--disable-background-networking", "--disable-quic",
        "--disable-component-update", "--disable-sync", "--no-first-run",
        "--window-size=1400,1000",
        "--user-data-dir=" + Files.createTempDirectory("labtrack-bench-chromium"));
    ChromeDriver driver = new ChromeDriver(new ChromeDriverService.Builder()
        .usingDriverExecutable(chromedriver.toFile()).usingAnyFreePort().build(), options);
    try {
      String base = setup.base();
      driver.get(base + "/");
      Object status = driver.executeScript("return fetch('/ajax-api/labtrack/v1/session', "
          + "{method: 'POST', headers: {'Content-Type': 'application/json', 'X-LabTrack-UI': '1'},"
          + " body: JSON.stringify({username: arguments[0], password: arguments[1]})})"
          + ".then(r => r.status)", user, password);
      ScaleScenarios.check(Long.valueOf(200).equals(status), "UI sign-in answered " + status);
      measure(driver, "runs table, 10k-run experiment, 100 rows/page",
          base + "/#/experiments/" + experiment, "labtrack:runs-table", samples);
      measure(driver, "runs table, 10k-run experiment, 1000 rows/page",
          base + "/#/experiments/" + experiment + "?ps=1000", "labtrack:runs-table", samples);
      measure(driver, "chart of a " + points + "-point metric (run page)",
          base + "/#/runs/" + longRun + "?metric=long", "labtrack:chart", samples);
    } finally {
      driver.quit();
    }
  }

  /** Loads {@code url} afresh {@code samples} times; ms from navigation to {@code mark}. */
  private static void measure(ChromeDriver driver, String label, String url, String mark,
      int samples) {
    List<Double> ms = new ArrayList<>();
    for (int i = 0; i < samples + 1; i++) {
      driver.get("about:blank");
      driver.get(url);
      Object at = new WebDriverWait(driver, Duration.ofSeconds(60)).until(d ->
          ((JavascriptExecutor) d).executeScript("const m = performance.getEntriesByName("
              + "arguments[0]); return m.length ? m[0].startTime : null;", mark));
      if (i > 0) { // the first load warms the browser's cache and the services' JIT
        ms.add(((Number) at).doubleValue());
      }
    }
    Collections.sort(ms);
    System.out.printf(Locale.ROOT, "UI first render  %-52s p50 %6.0f ms  min %6.0f  max %6.0f"
        + "  (%d loads)%n", label, ms.get(ms.size() / 2), ms.get(0), ms.get(ms.size() - 1),
        ms.size());
  }
}
