package org.labtrack.benchmark;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/** LabTrack's own scenarios: search and history at scale, and many steady writers. */
final class ScaleScenarios {
  private ScaleScenarios() {
  }

  /** runs/search with a metric filter and a metric order over experiments of growing size. */
  static void search(Http.Factory http, List<Integer> sizes, int samples) throws Exception {
    for (int size : sizes) {
      Http setup = http.create(new Stats());
      String experiment = Workloads.createExperiment(setup, "bench-search-" + size);
      long loadStart = System.nanoTime();
      parallel(16, size, i -> {
        String run = setup.post("preload", "runs/create", Payloads.createRun(experiment))
            .path("run").path("info").path("run_id").asText();
        setup.post("preload", "runs/log-batch", Map.of("run_id", run,
            "metrics", List.of(Map.of("key", "score", "value",
                ThreadLocalRandom.current().nextDouble(), "timestamp", 1, "step", 0)),
            "params", List.of(Map.of("key", "lr", "value", Integer.toString(i % 10)))));
      });
      System.out.printf(Locale.ROOT, "%n(preloaded %d runs in %.0f s)%n", size,
          (System.nanoTime() - loadStart) / 1e9);
      Map<String, Object> ranked = Map.of("experiment_ids", List.of(experiment),
          "filter", "metrics.score > 0.5", "order_by", List.of("metrics.score DESC"),
          "max_results", 100);
      // a page as deep as a client paging through the filtered half gets (at most the 21st)
      int depth = Math.min(20, size / 400);
      Map<String, Object> deep = new HashMap<>(ranked);
      for (int p = 0; p < depth; p++) {
        deep.put("page_token",
            setup.post("preload", "runs/search", deep).path("next_page_token").asText());
      }
      Map<String, Object> large = new HashMap<>(ranked);
      large.put("max_results", 1000);
      System.out.printf(Locale.ROOT, "(the deep page is page %d of 100 runs)%n", depth + 1);
      Phase phase = new Phase("runs/search over " + size + " runs");
      Http h = http.create(phase.stats);
      phase.run(1, samples, (u, i) -> {
        h.post("metric filter + metric order", "runs/search", ranked);
        h.post("the same, a deep page", "runs/search", deep);
        h.post("the same, a page of 1000", "runs/search", large);
        h.post("plain, default order", "runs/search", Map.of(
            "experiment_ids", List.of(experiment), "max_results", 100));
        h.post("param filter", "runs/search", Map.of(
            "experiment_ids", List.of(experiment), "filter", "params.lr = '3'",
            "max_results", 100));
        h.post("param order", "runs/search", Map.of(
            "experiment_ids", List.of(experiment), "order_by", List.of("params.lr DESC"),
            "max_results", 100));
      });
      phase.print(Map.of("metric filter + metric order", size >= 100_000 ? 100.0 : 50.0));
    }
  }

  /** get-history of one metric with {@code points} points, whole and in client-sized pages. */
  static void history(Http.Factory http, int points, int samples) throws Exception {
    Http setup = http.create(new Stats());
    String experiment = Workloads.createExperiment(setup, "bench-history");
    String run = setup.post("preload", "runs/create", Payloads.createRun(experiment))
        .path("run").path("info").path("run_id").asText();
    logLongMetric(setup, run, points, s -> s * 0.001);
    Phase phase = new Phase("metrics/get-history of " + points + " points");
    Http h = http.create(phase.stats);
    phase.run(1, samples, (u, i) -> {
      JsonNode all = h.get("whole history", "metrics/get-history",
          Map.of("run_id", run, "metric_key", "long"));
      check(all.path("metrics").size() == points, "whole history has " + all.path("metrics").size());
      int seen = 0;
      String token = null;
      long start = System.nanoTime();
      do {
        Map<String, Object> q = new HashMap<>(Map.of("run_id", run, "metric_key", "long",
            "max_results", 25_000));
        if (token != null) {
          q.put("page_token", token);
        }
        JsonNode page = h.get("one 25k page", "metrics/get-history", q);
        seen += page.path("metrics").size();
        token = page.path("next_page_token").asText(null);
      } while (token != null && !token.isEmpty());
      phase.stats.recordDerived("all 25k pages, as the client reads", System.nanoTime() - start,
          seen == points);
    });
    phase.print(Map.of("whole history", 1000.0));
  }

  /**
   * A training loop logging one point per request ({@code log_metric} each step) while someone
   * watches its chart: {@code points} steps are logged first, then each sample logs the next step
   * and reads the whole history again, as a chart refreshing during training does.
   */
  static void stepwise(Http.Factory http, int points, int samples) throws Exception {
    Http setup = http.create(new Stats());
    String experiment = Workloads.createExperiment(setup, "bench-stepwise");
    String run = setup.post("preload", "runs/create", Payloads.createRun(experiment))
        .path("run").path("info").path("run_id").asText();
    parallel(8, points, s -> setup.postUnparsed("preload", "runs/log-metric", step(run, s)));
    Phase phase = new Phase("a metric logged a step per request: " + points
        + " steps, then a step and a whole-history read per sample");
    Http h = http.create(phase.stats);
    phase.run(1, samples, (u, i) -> {
      h.postUnparsed("runs/log-metric", "runs/log-metric", step(run, points + i));
      JsonNode all = h.get("metrics/get-history", "metrics/get-history",
          Map.of("run_id", run, "metric_key", "loss"));
      check(all.path("metrics").size() == points + i + 1,
          "the history has " + all.path("metrics").size() + " points");
    });
    phase.print(Map.of());
  }

  private static Map<String, Object> step(String run, int step) {
    return Map.of("run_id", run, "key", "loss", "value", step * 0.001,
        "timestamp", 1_000_000L + step, "step", step);
  }

  /**
   * Logs metric {@code long} with {@code points} points (step s at timestamp 1,000,000 + s) to
   * {@code run}, in 1000-point batches from 8 threads.
   */
  static void logLongMetric(Http setup, String run, int points,
      java.util.function.IntToDoubleFunction value) throws Exception {
    parallel(8, (points + 999) / 1000, b -> {
      List<Map<String, Object>> metrics = new ArrayList<>(1000);
      for (int s = b * 1000; s < Math.min(points, (b + 1) * 1000); s++) {
        metrics.add(Map.of("key", "long", "value", value.applyAsDouble(s),
            "timestamp", 1_000_000L + s, "step", s));
      }
      setup.post("preload", "runs/log-batch", Map.of("run_id", run, "metrics", metrics));
    });
  }

  /**
   * {@code writers} clients each logging a 10-point batch every {@code intervalMillis} for
   * {@code seconds}; afterwards every acknowledged point must be stored.
   */
  static void writers(Http.Factory http, int writers, int seconds, int intervalMillis)
      throws Exception {
    Http setup = http.create(new Stats());
    String experiment = Workloads.createExperiment(setup, "bench-writers");
    List<String> runs = new ArrayList<>();
    for (int w = 0; w < writers; w++) {
      runs.add(setup.post("setup", "runs/create", Payloads.createRun(experiment))
          .path("run").path("info").path("run_id").asText());
    }
    AtomicLong[] acknowledged = new AtomicLong[writers];
    for (int w = 0; w < writers; w++) {
      acknowledged[w] = new AtomicLong();
    }
    long deadline = System.nanoTime() + seconds * 1_000_000_000L;
    Phase phase = new Phase(writers + " steady writers for " + seconds + " s");
    Http h = http.create(phase.stats);
    phase.run(writers, 1, (w, ignored) -> {
      int step = 0;
      long next = System.nanoTime();
      while (System.nanoTime() < deadline) {
        try {
          h.post("runs/log-batch 10 points", "runs/log-batch",
              Payloads.metricBatch(runs.get(w), 10, 1, step));
          acknowledged[w].addAndGet(10);
        } catch (RuntimeException e) {
          // recorded as an error; the point count below shows whether anything was lost
        }
        step++;
        next += intervalMillis * 1_000_000L;
        long sleep = next - System.nanoTime();
        if (sleep > 0) {
          Thread.sleep(sleep / 1_000_000, (int) (sleep % 1_000_000));
        }
      }
    });
    phase.print(Map.of());
    long expected = 0;
    long stored = 0;
    for (int w = 0; w < writers; w++) {
      expected += acknowledged[w].get();
      for (int k = 0; k < 10; k++) {
        stored += setup.get("verify", "metrics/get-history", Map.of("run_id", runs.get(w),
            "metric_key", "metric" + k)).path("metrics").size();
      }
    }
    System.out.printf(Locale.ROOT, "points acknowledged %d, stored %d: %s%n", expected, stored,
        expected == stored ? "nothing lost" : "MISMATCH");
  }

  interface Task {
    void run(int index) throws Exception;
  }

  static void parallel(int threads, int count, Task task) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<?>> futures = new ArrayList<>(count);
      for (int i = 0; i < count; i++) {
        int index = i;
        futures.add(pool.submit(() -> {
          task.run(index);
          return null;
        }));
      }
      for (Future<?> f : futures) {
        f.get();
      }
    } finally {
      pool.shutdown();
    }
  }

  static void check(boolean condition, String message) {
    if (!condition) {
      throw new IllegalStateException(message);
    }
  }
}
