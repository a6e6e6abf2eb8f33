package org.labtrack.tracking.registry.api;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.labtrack.tracking.support.RegistryWire.createModel;
import static org.labtrack.tracking.support.RegistryWire.createVersion;
import static org.labtrack.tracking.support.RegistryWire.tags;
import static org.labtrack.tracking.support.Wire.get;
import static org.labtrack.tracking.support.Wire.post;
import static org.labtrack.tracking.support.Wire.unique;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.labtrack.tracking.support.MariaDbTestResource;

/** search_registered_models and search_model_versions against the database. */
@QuarkusTest
@QuarkusTestResource(value = MariaDbTestResource.class, restrictToAnnotatedClass = false)
class RegistrySearchApiTest {

  private static List<String> modelNames(Map<String, ?> query) {
    return get("/registered-models/search", query).statusCode(200).extract()
        .path("registered_models.name");
  }

  @Test
  void registeredModelsByNameTagsAndOrder() {
    String prefix = unique("srch");
    for (String suffix : List.of("b", "A", "a", "c")) {
      post("/registered-models/create", Map.of("name", prefix + "-" + suffix,
          "tags", tags("kind", suffix.equals("c") ? "Tree" : "tree"))).statusCode(200);
    }
    post("/registered-models/create", Map.of("name", prefix + "-prompt",
        "tags", tags("mlflow.prompt.is_prompt", "true"))).statusCode(200);

    // name ASC is the default order; LIKE is case-sensitive, ILIKE is not
    assertThat(modelNames(Map.of("filter", "name LIKE '" + prefix + "-%'")))
        .containsExactly(prefix + "-A", prefix + "-a", prefix + "-b", prefix + "-c");
    assertThat(modelNames(Map.of("filter", "name = '" + prefix + "-a'")))
        .containsExactly(prefix + "-a");
    assertThat(modelNames(Map.of("filter", "name ILIKE '" + prefix.toUpperCase() + "-A'")))
        .containsExactly(prefix + "-A", prefix + "-a");
    assertThat(modelNames(Map.of("filter", "name LIKE '" + prefix + "%' AND tags.kind = 'tree'")))
        .containsExactly(prefix + "-A", prefix + "-a", prefix + "-b");
    assertThat(modelNames(Map.of("filter",
        "name like \"" + prefix + "%\" and tags.`kind` != 'tree'")))
        .containsExactly(prefix + "-c");
    // prompts only when asked for
    assertThat(modelNames(Map.of("filter",
        "name LIKE '" + prefix + "%' AND tags.`mlflow.prompt.is_prompt` = 'true'")))
        .containsExactly(prefix + "-prompt");
    assertThat(modelNames(Map.of("filter", "name LIKE '" + prefix + "%'", "order_by",
        "name DESC"))).containsExactly(prefix + "-c", prefix + "-b", prefix + "-a", prefix + "-A");

    // paging: offset tokens as MLflow writes them
    List<String> paged = new ArrayList<>();
    String token = null;
    int pages = 0;
    do {
      var request = RestAssured.given().queryParam("filter", "name LIKE '" + prefix + "-%'")
          .queryParam("max_results", 3);
      if (token != null) {
        request.queryParam("page_token", token);
      }
      var page = request.get("/api/2.0/mlflow/registered-models/search").then().statusCode(200)
          .extract().jsonPath();
      paged.addAll(page.getList("registered_models.name"));
      token = page.getString("next_page_token");
      pages++;
    } while (token != null);
    assertThat(paged).containsExactly(prefix + "-A", prefix + "-a", prefix + "-b", prefix + "-c");
    assertThat(pages).isEqualTo(2);
    get("/registered-models/search", Map.of("filter", "name LIKE '" + prefix + "-%'",
        "max_results", 2)).body("next_page_token", equalTo("eyJvZmZzZXQiOiAyfQ=="));
    get("/registered-models/search", Map.of("filter", "name LIKE '" + prefix + "-%'",
        "max_results", 4)).body("next_page_token", nullValue());
  }

  @Test
  void timestampKeysBothSortByLastUpdate() {
    String prefix = unique("ts");
    createModel(prefix + "-old");
    createModel(prefix + "-new");
    // updating "old" makes it the most recently updated
    touch(prefix + "-old");
    for (String key : List.of("timestamp DESC", "last_updated_timestamp DESC")) {
      assertThat(modelNames(Map.of("filter", "name LIKE '" + prefix + "%'", "order_by", key)))
          .first().isEqualTo(prefix + "-old");
    }
  }

  private static void touch(String name) {
    RestAssured.given().contentType("application/json")
        .body(Map.of("name", name, "description", "touched"))
        .patch("/api/2.0/mlflow/registered-models/update").then().statusCode(200);
  }

  @Test
  void registeredModelSearchErrors() {
    String docs = " See the API docs for more information about request parameters.";
    Map<String, String> errors = Map.of(
        "name = 'a' OR name = 'b'", "Invalid clause(s) in filter string: OR",
        "description = 'x'", "Invalid attribute key 'description' specified. Valid keys are "
            + "'{'name'}'",
        "foo.bar = 'x'", "Invalid entity type 'foo'. Valid entity types are ('attribute', "
            + "'tag', 'tags')",
        "name > 'a'", "Invalid comparator for attribute: >",
        "tags.k > 'a'", "Invalid comparator for tag: >",
        "name = a", "Parameter value is either not quoted or unidentified quote types used for "
            + "string value a. Use either single or double quotes.",
        "name IN ('a')", "Only the 'run_id' attribute supports comparison with a list of "
            + "quoted string values.",
        "name = 5", "Expected a quoted string value or a list of quoted string values for "
            + "attributes. Got value 5");
    errors.forEach((filter, message) -> get("/registered-models/search", Map.of("filter", filter))
        .statusCode(400).body("error_code", equalTo("INVALID_PARAMETER_VALUE"))
        .body("message", equalTo(message)));
    get("/registered-models/search", Map.of("order_by", "creation_timestamp")).statusCode(400)
        .body("message", equalTo("Invalid order by key 'creation_timestamp' specified. Valid "
            + "keys are '{'name', 'timestamp'}'"));
    RestAssured.given().queryParam("order_by", "name").queryParam("order_by", "name DESC")
        .get("/api/2.0/mlflow/registered-models/search").then().statusCode(400)
        .body("message", equalTo("`order_by` contains duplicate fields: ['name', 'name DESC']"));
    get("/registered-models/search", Map.of("order_by", "name sideways")).statusCode(400)
        .body("message", equalTo("Invalid ordering key in order_by clause 'name sideways'."));
    get("/registered-models/search", Map.of("max_results", 1001)).statusCode(400)
        .body("message", equalTo("Invalid value \"1001\" for parameter 'max_results' supplied:  "
            + "Hint: Value was of type 'str'." + docs));
    get("/registered-models/search", Map.of("max_results", "ten")).statusCode(400)
        .body("error_code", equalTo("INVALID_PARAMETER_VALUE"));
    get("/registered-models/search", Map.of("page_token", "!!!")).statusCode(400)
        .body("error_code", equalTo("INVALID_PARAMETER_VALUE"));
  }

  @Test
  void modelVersionsByRunSourceNumberAndTags() {
    String name = unique("vs");
    createModel(name);
    String runA = "a".repeat(32);
    String runB = "b".repeat(32);
    createVersion(name, "s3://bucket/one", runA, Map.of("t", "x"));
    createVersion(name, "s3://bucket/two", runB, Map.of("t", "y"));
    createVersion(name, "s3://other/three", runB, Map.of());
    String own = "name = '" + name + "'";

    assertThat(versions(own + " AND run_id = '" + runB + "'")).containsExactly("3", "2");
    // MLflow drops IN values that are not lower case
    assertThat(versions(own + " AND run_id IN ('" + runA + "', '" + runB.toUpperCase() + "')"))
        .containsExactly("1");
    assertThat(versions(own + " AND source_path LIKE 's3://bucket/%'")).containsExactly("2", "1");
    assertThat(versions(own + " AND version_number >= 2")).containsExactly("3", "2");
    assertThat(versions(own + " AND version_number != 2")).containsExactly("3", "1");
    assertThat(versions(own + " AND tags.t = 'y'")).containsExactly("2");
    assertThat(versions(own + " AND tag.t ILIKE 'X'")).containsExactly("1");
    assertThat(get("/model-versions/search", Map.of("filter", own, "order_by",
        "version_number ASC")).extract().<List<String>>path("model_versions.version"))
        .containsExactly("1", "2", "3");

    Map<String, String> errors = Map.of(
        "version_number LIKE '1'", "Invalid comparator for attribute version_number: LIKE",
        "run_id NOT IN ('a')", "Invalid comparator for attribute: NOT IN",
        "name IN ('a')", "Only the 'run_id' attribute supports comparison with a list of "
            + "quoted string values.",
        "run_id IN ()", "While parsing a list in the query, expected a non-empty list of string "
            + "values, but got empty list",
        "name = 1", "Only the '{'creation_timestamp', 'last_updated_timestamp', "
            + "'version_number'}' attributes support comparison with numeric values.",
        "creation_timestamp > 1", "Invalid attribute key 'creation_timestamp' specified. Valid "
            + "keys are '{'name', 'run_id', 'source_path', 'version_number'}'");
    errors.forEach((filter, message) -> get("/model-versions/search", Map.of("filter", filter))
        .statusCode(400).body("message", equalTo(message)));
    get("/model-versions/search", Map.of("order_by", "tags.x")).statusCode(400)
        .body("message", equalTo("Invalid order by key 'x' specified. Valid keys are "
            + "{'creation_timestamp', 'last_updated_timestamp', 'name', 'version_number'}"));
    get("/model-versions/search", Map.of("max_results", 200_001)).statusCode(400);
    get("/model-versions/search", Map.of("max_results", 0)).statusCode(400)
        .body("message", equalTo("Invalid value for max_results. It must be a positive "
            + "integer, but got 0"));
  }

  private static List<String> versions(String filter) {
    return get("/model-versions/search", Map.of("filter", filter)).statusCode(200).extract()
        .path("model_versions.version");
  }
}
