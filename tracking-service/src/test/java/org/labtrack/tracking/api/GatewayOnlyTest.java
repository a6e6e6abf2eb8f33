package org.labtrack.tracking.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.labtrack.common.internal.Internal;

/** With a shared secret configured, only callers presenting it (the gateway) get work done. */
@QuarkusTest
@TestProfile(GatewayOnlyTest.WithSecret.class)
class GatewayOnlyTest {
  static final String SECRET = "test-secret-0123456789";

  public static class WithSecret implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of(Internal.SECRET_KEY, SECRET);
    }
  }

  @Test
  void directCallsAreRefused() {
    given().queryParam("experiment_id", "0").get("/api/2.0/mlflow/experiments/get").then()
        .statusCode(403)
        .body("error_code", equalTo("PERMISSION_DENIED"));
    given().header(Internal.TOKEN_HEADER, "wrong").queryParam("experiment_id", "0")
        .get("/api/2.0/mlflow/experiments/get").then().statusCode(403);
    given().get("/internal/v1/tokens").then().statusCode(403);
  }

  @Test
  void gatewayCallsAreServedAndProbesStayOpen() {
    given().header(Internal.TOKEN_HEADER, SECRET).queryParam("experiment_id", "0")
        .get("/api/2.0/mlflow/experiments/get").then().statusCode(200)
        .body("experiment.name", equalTo("Default"));
    given().get("/health").then().statusCode(200);
    given().get("/version").then().statusCode(200);
  }
}
