package org.labtrack.benchmark;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/** Request bodies shaped like what the mlflow client sends. */
final class Payloads {
  private Payloads() {
  }

  static Map<String, Object> createRun(String experimentId) {
    return Map.of("experiment_id", experimentId, "start_time", System.currentTimeMillis(),
        "tags", List.of(Map.of("key", "mlflow.user", "value", "benchmark"),
            Map.of("key", "mlflow.source.name", "value", "bench.py"),
            Map.of("key", "mlflow.source.type", "value", "LOCAL")));
  }

  /** {@code keys} metric keys times {@code steps} steps, as one log-batch body. */
  static Map<String, Object> metricBatch(String runId, int keys, int steps, int firstStep) {
    List<Map<String, Object>> metrics = new ArrayList<>(keys * steps);
    long now = System.currentTimeMillis();
    ThreadLocalRandom random = ThreadLocalRandom.current();
    for (int s = 0; s < steps; s++) {
      for (int k = 0; k < keys; k++) {
        metrics.add(Map.of("key", "metric" + k, "value", random.nextDouble(), "timestamp", now,
            "step", firstStep + s));
      }
    }
    return Map.of("run_id", runId, "metrics", metrics);
  }

  static Map<String, Object> paramBatch(String runId, int count) {
    List<Map<String, Object>> params = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      params.add(Map.of("key", "param" + i, "value", Integer.toString(i * 7)));
    }
    return Map.of("run_id", runId, "params", params);
  }
}
