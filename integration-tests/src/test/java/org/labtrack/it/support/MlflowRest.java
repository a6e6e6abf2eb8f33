package org.labtrack.it.support;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import java.util.UUID;

/**
 * A few MLflow REST calls that many tests need as set-up, made as a given caller (so through
 * the gateway's access rules). Each fails the test unless the call succeeds.
 */
public final class MlflowRest {
  public static final String API = "/api/2.0/mlflow";

  private MlflowRest() {
  }

  /** A name no other test uses. */
  public static String unique(String prefix) {
    return prefix + "-" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
  }

  /** Creates an experiment; its id. */
  public static String createExperiment(StackClient client, String name) {
    return client.post(API + "/experiments/create", Map.of("name", name)).ok().json()
        .get("experiment_id").asText();
  }

  /** Creates a run in {@code experimentId}; its {@code run.info}. */
  public static JsonNode createRun(StackClient client, String experimentId) {
    return client.post(API + "/runs/create", Map.of("experiment_id", experimentId,
        "start_time", System.currentTimeMillis())).ok().json().get("run").get("info");
  }

  /** {@code runs/get}: the whole {@code run}. */
  public static JsonNode getRun(StackClient client, String runId) {
    return client.get(API + "/runs/get?run_id=" + runId).ok().json().get("run");
  }

  /** Logs one metric point. */
  public static void logMetric(StackClient client, String runId, String key, double value,
      long step) {
    client.post(API + "/runs/log-metric", Map.of("run_id", runId, "key", key, "value", value,
        "timestamp", System.currentTimeMillis(), "step", step)).ok();
  }
}
