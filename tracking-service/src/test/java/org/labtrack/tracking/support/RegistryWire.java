package org.labtrack.tracking.support;

import static org.labtrack.tracking.support.Wire.API;
import static org.labtrack.tracking.support.Wire.json;
import static org.labtrack.tracking.support.Wire.post;

import io.restassured.response.ValidatableResponse;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Raw-HTTP steps for Model Registry and LoggedModel tests. */
public final class RegistryWire {
  private RegistryWire() {
  }

  public static ValidatableResponse patch(String path, Object body) {
    return json().body(body).patch(API + path).then();
  }

  public static ValidatableResponse delete(String path, Object body) {
    return json().body(body).delete(API + path).then();
  }

  public static void createModel(String name) {
    post("/registered-models/create", Map.of("name", name)).statusCode(200);
  }

  /** Registers a version from an artifact URI and returns its number. */
  public static String createVersion(String name, String source) {
    return post("/model-versions/create", Map.of("name", name, "source", source))
        .statusCode(200).extract().path("model_version.version");
  }

  public static String createVersion(String name, String source, String runId,
      Map<String, String> tags) {
    Map<String, Object> body = new HashMap<>(Map.of("name", name, "source", source));
    if (runId != null) {
      body.put("run_id", runId);
    }
    body.put("tags", tags.entrySet().stream()
        .map(e -> Map.of("key", e.getKey(), "value", e.getValue())).toList());
    return post("/model-versions/create", body).statusCode(200)
        .extract().path("model_version.version");
  }

  /** Creates a LoggedModel in the experiment and returns its id. */
  public static String createLoggedModel(String experimentId, Map<String, Object> fields) {
    Map<String, Object> body = new HashMap<>(fields);
    body.put("experiment_id", experimentId);
    return post("/logged-models", body).statusCode(200).extract().path("model.info.model_id");
  }

  public static List<Map<String, String>> tags(String... keyValues) {
    List<Map<String, String>> tags = new java.util.ArrayList<>();
    for (int i = 0; i < keyValues.length; i += 2) {
      tags.add(Map.of("key", keyValues[i], "value", keyValues[i + 1]));
    }
    return tags;
  }
}
