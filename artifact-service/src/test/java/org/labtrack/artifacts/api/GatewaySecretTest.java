package org.labtrack.artifacts.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.labtrack.artifacts.support.GatewaySecretProfile;
import org.labtrack.artifacts.support.TrackingStub;

/** Behind the gateway: the shared secret is required and forwarded; multipart can be switched off. */
@QuarkusTest
@TestProfile(GatewaySecretProfile.class)
class GatewaySecretTest {
  private static final String TOKEN = "X-LabTrack-Internal-Token";

  @Test
  void requestsWithoutTheGatewaySecretAreRefused() {
    given().get("/api/2.0/mlflow-artifacts/artifacts").then().statusCode(403)
        .body("error_code", equalTo("PERMISSION_DENIED"));
    given().header(TOKEN, GatewaySecretProfile.SECRET).get("/api/2.0/mlflow-artifacts/artifacts")
        .then().statusCode(200);
  }

  @Test
  void trackingCallsCarryTheSecret() {
    TrackingStub.RUNS.put("secretrun", "mlflow-artifacts:/9/secretrun/artifacts");
    given().header(TOKEN, GatewaySecretProfile.SECRET).queryParam("run_id", "secretrun")
        .get("/api/2.0/mlflow/artifacts/list").then().statusCode(200)
        .body(equalTo("{\"root_uri\":\"mlflow-artifacts:/9/secretrun/artifacts\"}"));
    assertThat(TrackingStub.lastInternalToken).isEqualTo(GatewaySecretProfile.SECRET);
  }

  /** MLflow's client falls back to a single PUT only on this exact message prefix. */
  @Test
  void disabledMultipartAnswersMlflowsFallbackMessage() {
    for (String action : new String[] {"create", "complete", "abort"}) {
      given().header(TOKEN, GatewaySecretProfile.SECRET).contentType("application/json")
          .body(Map.of("path", "/tmp/big.bin", "num_parts", 2, "upload_id", "x",
              "parts", java.util.List.of(Map.of("part_number", 1, "etag", "e"))))
          .post("/api/2.0/mlflow-artifacts/mpu/" + action + "/1/r/artifacts")
          .then().statusCode(501).body("error_code", equalTo("NOT_IMPLEMENTED"))
          .body("message", startsWith("Multipart upload is not supported for the current artifact repository"));
    }
  }

  @Test
  void theS3ClientIsNeverNeededForTheFilesystemStore() {
    // Start-up succeeded with no S3 settings at all; storage works.
    given().header(TOKEN, GatewaySecretProfile.SECRET).contentType("text/plain").body("x")
        .put("/api/2.0/mlflow-artifacts/artifacts/1/r/artifacts/x.txt").then().statusCode(200);
  }
}
