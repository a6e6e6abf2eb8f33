package org.labtrack.benchmark;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What each request of the logging iteration costs, alone: one client sends one kind of request
 * at a time, and the CPU every process on this machine spent meanwhile is divided by the
 * requests sent. Under the 20 users the logging phase is CPU-bound, so these costs, summed over
 * an iteration, bound its throughput; they say which process, and which request, a change
 * must make cheaper to move it.
 */
final class CostScenario {
  private static final int WARM_UP = 50;

  private CostScenario() {
  }

  static void run(Http.Factory http, int samples) throws Exception {
    Http warmUp = http.create(new Stats());
    String experiment = Workloads.createExperiment(warmUp, "bench-cost");
    for (int i = 0; i < WARM_UP; i++) {
      Workloads.loggingIteration(warmUp, experiment);
    }

    System.out.printf(Locale.ROOT, "%n== cost: each logging request alone, %d of each, one client,"
        + " after %d warm-up iterations%n", samples, WARM_UP);
    System.out.printf(Locale.ROOT, "%-30s %8s  %s%n", "request", "p50 ms",
        "CPU per request by process (ms)");
    Map<String, Double> perIteration = new LinkedHashMap<>();
    List<String> runs = new ArrayList<>(samples);
    measure(http, "runs/create", samples, perIteration,
        (h, i) -> runs.add(Workloads.createRun(h, "runs/create", experiment)));
    for (Workloads.Step step : Workloads.LOGGING_STEPS) {
      measure(http, step.label(), samples, perIteration,
          (h, i) -> h.postUnparsed(step.label(), step.rpc(), step.body().apply(runs.get(i))));
    }

    double total = perIteration.values().stream().mapToDouble(Double::doubleValue).sum();
    StringBuilder line = new StringBuilder(String.format(Locale.ROOT,
        "one iteration (%d requests): %.1f ms of CPU:", Workloads.LOGGING_STEPS.size() + 1, total));
    perIteration.forEach((name, ms) ->
        line.append(String.format(Locale.ROOT, " %s %.1f,", name, ms)));
    line.setLength(line.length() - 1);
    System.out.println(line);
    int cores = Runtime.getRuntime().availableProcessors();
    System.out.printf(Locale.ROOT, "so %d cores serve at most %.0f iterations/s = %.0f req/s of"
            + " this mix, whatever the concurrency%n", cores, cores * 1000 / total,
        cores * 1000 / total * (Workloads.LOGGING_STEPS.size() + 1));
  }

  /** The {@code i}-th request of a kind, sent with a client recording into its own stats. */
  private interface Request {
    void send(Http h, int i) throws Exception;
  }

  private static void measure(Http.Factory http, String label, int samples,
      Map<String, Double> perIteration, Request request) throws Exception {
    Stats stats = new Stats();
    Http h = http.create(stats);
    ProcessCpu before = ProcessCpu.now();
    for (int i = 0; i < samples; i++) {
      request.send(h, i);
    }
    List<ProcessCpu.Usage> used = ProcessCpu.now().since(before, 0.02);
    var latency = stats.snapshot().get(label).latency;
    StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%-30s %8.2f ", label,
        latency.getValueAtPercentile(50) / 1e6));
    for (ProcessCpu.Usage u : used) {
      double ms = u.cpuSeconds() * 1000 / samples;
      perIteration.merge(u.name(), ms, Double::sum);
      line.append(String.format(Locale.ROOT, " %s %.2f,", u.name(), ms));
    }
    line.setLength(line.length() - 1);
    System.out.println(line);
  }
}
