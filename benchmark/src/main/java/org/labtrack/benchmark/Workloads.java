package org.labtrack.benchmark;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;

/**
 * FastTrackML's published workload (k6, virtual users running iterations back to back):
 * a logging phase and a retrieval phase on a preloaded experiment.
 */
final class Workloads {
  /** The p50 targets in ms, printed beside the measured p50. */
  static final Map<String, Double> TARGETS = Map.of(
      "runs/create", 15.0,
      "runs/log-metric", 10.0,
      "runs/log-batch 1000 metrics", 80.0,
      "runs/log-batch 100 params", 20.0,
      "experiments/search", 10.0,
      "runs/search", 15.0,
      "runs/search metric filter", 15.0,
      "metrics/get-history", 10.0,
      "runs/get", 10.0);

  private Workloads() {
  }

  /** A request of the logging iteration, made for the run the iteration created. */
  record Step(String label, String rpc, Function<String, Map<String, ?>> body) {
  }

  /** FastTrackML's logging iteration after runs/create, in its order. */
  static final List<Step> LOGGING_STEPS = List.of(
      new Step("runs/log-metric", "runs/log-metric", run -> Map.of("run_id", run, "key", "loss",
          "value", ThreadLocalRandom.current().nextDouble(), "timestamp",
          System.currentTimeMillis(), "step", 0)),
      new Step("runs/log-batch 40 metrics", "runs/log-batch",
          run -> Payloads.metricBatch(run, 10, 4, 0)),
      new Step("runs/log-batch 400 metrics", "runs/log-batch",
          run -> Payloads.metricBatch(run, 100, 4, 10)),
      new Step("runs/log-batch 1000 metrics", "runs/log-batch",
          run -> Payloads.metricBatch(run, 500, 2, 20)),
      new Step("runs/log-batch 10 params", "runs/log-batch", run -> Payloads.paramBatch(run, 10)),
      new Step("runs/log-batch 100 params", "runs/log-batch", run -> Map.of("run_id", run,
          "params", ((List<?>) Payloads.paramBatch(run, 110).get("params")).subList(10, 110))),
      new Step("runs/update", "runs/update", run -> Map.of("run_id", run, "status", "FINISHED",
          "end_time", System.currentTimeMillis())));

  static Phase logging(Http.Factory http, int users, int iterations, int warmUp)
      throws Exception {
    String experiment = createExperiment(http.create(new Stats()), "bench-logging");
    Phase.warmUp("logging", users, warmUp, stats -> {
      Http w = http.create(stats);
      return (user, i) -> loggingIteration(w, experiment);
    });
    Phase phase = new Phase("logging");
    Http h = http.create(phase.stats);
    return phase.run(users, iterations, (user, i) -> loggingIteration(h, experiment));
  }

  /** One iteration of the logging phase: a run created, then every step logged to it. */
  static void loggingIteration(Http h, String experiment) {
    String run = createRun(h, "runs/create", experiment);
    for (Step step : LOGGING_STEPS) {
      h.postUnparsed(step.label(), step.rpc(), step.body().apply(run));
    }
  }

  static String createRun(Http h, String label, String experiment) {
    return h.post(label, "runs/create", Payloads.createRun(experiment))
        .path("run").path("info").path("run_id").asText();
  }

  static Phase retrieval(Http.Factory http, int users, int iterations, int warmUp,
      int preloadRuns) throws Exception {
    Http setup = http.create(new Stats());
    String experiment = createExperiment(setup, "bench-retrieval");
    List<String> runs = preload(setup, experiment, preloadRuns);
    checkPreloaded(setup, experiment, Math.min(100, preloadRuns));
    Phase.warmUp("retrieval", users, warmUp,
        stats -> retrievalIteration(http.create(stats), experiment, runs, warmUp));
    Phase phase = new Phase("retrieval");
    return phase.run(users, iterations,
        retrievalIteration(http.create(phase.stats), experiment, runs, iterations));
  }

  /** One iteration of the retrieval phase; each user reads its own turn of the runs. */
  private static Phase.Iteration retrievalIteration(Http h, String experiment, List<String> runs,
      int iterations) {
    return (user, i) -> {
      String run = runs.get((user * iterations + i) % runs.size());
      h.postUnparsed("experiments/search", "experiments/search", Map.of("max_results", 100));
      h.postUnparsed("runs/search", "runs/search", Map.of("experiment_ids", List.of(experiment),
          "max_results", 100));
      h.postUnparsed("runs/search metric filter", "runs/search", Map.of("experiment_ids",
          List.of(experiment), "filter", "metrics.metric1 > 0.5", "max_results", 100));
      h.getUnparsed("metrics/get-history", "metrics/get-history", Map.of("run_id", run,
          "metric_key", "metric3"));
      h.getUnparsed("runs/get", "runs/get", Map.of("run_id", run));
    };
  }

  /** Runs with 20 params, 3 tags and 10 metrics of 100 steps each, written by 8 loaders. */
  static List<String> preload(Http h, String experiment, int count) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<String>> created = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        created.add(pool.submit(() -> {
          String run = createRun(h, "preload", experiment);
          h.postUnparsed("preload", "runs/log-batch", Payloads.paramBatch(run, 20));
          h.postUnparsed("preload", "runs/log-batch", Payloads.metricBatch(run, 10, 100, 0));
          return run;
        }));
      }
      List<String> runs = new ArrayList<>(count);
      for (Future<String> f : created) {
        runs.add(f.get());
      }
      return runs;
    } finally {
      pool.shutdown();
    }
  }

  /**
   * The phase does not parse its answers, so the shape of what it reads is checked once here:
   * a search page with every run's params and metrics.
   */
  private static void checkPreloaded(Http h, String experiment, int expectedRuns) {
    JsonNode page = h.post("check", "runs/search", Map.of("experiment_ids", List.of(experiment),
        "max_results", 100));
    JsonNode found = page.path("runs");
    JsonNode first = found.path(0).path("data");
    if (found.size() != expectedRuns || first.path("params").size() != 20
        || first.path("metrics").size() != 10) {
      throw new IllegalStateException("runs/search did not return the preloaded runs: "
          + found.size() + " runs, first with " + first.path("params").size() + " params and "
          + first.path("metrics").size() + " metrics");
    }
  }

  static String createExperiment(Http h, String prefix) {
    JsonNode created = h.post("experiments/create", "experiments/create",
        Map.of("name", prefix + "-" + System.currentTimeMillis() + "-"
            + ThreadLocalRandom.current().nextInt(1_000_000)));
    return created.path("experiment_id").asText();
  }
}
