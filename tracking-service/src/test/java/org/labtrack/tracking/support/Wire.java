package org.labtrack.tracking.support;

import static io.restassured.RestAssured.given;

import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;
import java.util.Map;
import java.util.UUID;

/** Raw HTTP in MLflow's wire format, for tests that check exactly what travels. */
public final class Wire {
  public static final String API = "/api/2.0/mlflow";

  private Wire() {
  }

  public static RequestSpecification json() {
    return given().contentType(ContentType.JSON);
  }

  public static ValidatableResponse post(String path, Object body) {
    return json().body(body).post(API + path).then();
  }

  public static ValidatableResponse get(String path, Map<String, ?> query) {
    return given().queryParams(query).get(API + path).then();
  }

  public static String unique(String prefix) {
    return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
  }

  public static String createExperiment(String name) {
    return post("/experiments/create", Map.of("name", name)).statusCode(200)
        .extract().path("experiment_id");
  }

  public static String createRun(String experimentId) {
    return post("/runs/create", Map.of("experiment_id", experimentId, "start_time", 1000))
        .statusCode(200).extract().path("run.info.run_id");
  }
}
