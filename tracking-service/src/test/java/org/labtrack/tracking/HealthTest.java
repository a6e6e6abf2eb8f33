package org.labtrack.tracking;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;
import org.labtrack.tracking.support.MariaDbTestResource;

@QuarkusTest
@QuarkusTestResource(value = MariaDbTestResource.class, restrictToAnnotatedClass = false)
class HealthTest {

  @Test
  void healthAnswersOk() {
    given().get("/health").then().statusCode(200).body(equalTo("OK"));
  }

  @Test
  void unknownEndpointIsMlflowJson404() {
    given().get("/api/2.0/mlflow/nope").then()
        .statusCode(404)
        .body("error_code", equalTo("ENDPOINT_NOT_FOUND"));
  }
}
