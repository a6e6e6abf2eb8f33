package org.labtrack.tracking.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.labtrack.tracking.support.Wire.json;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.labtrack.tracking.support.MariaDbTestResource;

@QuarkusTest
@QuarkusTestResource(value = MariaDbTestResource.class, restrictToAnnotatedClass = false)
class AccessTokensApiTest {

  @Test
  void issueVerifyListRevoke() {
    var issued = json().body(Map.of("user", "alice", "description", "ci"))
        .post("/internal/v1/tokens").then().statusCode(200)
        .body("secret", startsWith("lt_"))
        .body("token.user", equalTo("alice"))
        .body("token.expires_at", nullValue())
        .extract().jsonPath();
    String secret = issued.getString("secret");
    String id = issued.getString("token.id");

    json().body(Map.of("token", secret)).post("/internal/v1/tokens/verify").then()
        .statusCode(200).body("user", equalTo("alice")).body("token_id", equalTo(id));
    given().queryParam("user", "alice").get("/internal/v1/tokens").then().statusCode(200)
        .body("tokens.id", hasItem(id))
        .body("tokens[0].secret", nullValue())
        .body(not(org.hamcrest.Matchers.containsString(secret)));

    given().delete("/internal/v1/tokens/" + id).then().statusCode(200);
    json().body(Map.of("token", secret)).post("/internal/v1/tokens/verify").then()
        .statusCode(401).body("error_code", equalTo("UNAUTHENTICATED"));
    given().delete("/internal/v1/tokens/" + id).then().statusCode(404);
    // token ids are ASCII; any other character is an unknown id, not a database error
    given().delete("/internal/v1/tokens/t\u00e9").then().statusCode(404)
        .body("message", equalTo("No access token with id 't\u00e9'."));
  }

  @Test
  void expiredAndForgedTokensAreRefused() {
    json().body(Map.of("user", "bob", "expires_at", 1000)).post("/internal/v1/tokens").then()
        .statusCode(400);
    json().body(Map.of("token", "lt_" + "0".repeat(64))).post("/internal/v1/tokens/verify")
        .then().statusCode(401);
    json().body(Map.of()).post("/internal/v1/tokens").then().statusCode(400)
        .body("message", org.hamcrest.Matchers.containsString("'user'"));
  }
}
