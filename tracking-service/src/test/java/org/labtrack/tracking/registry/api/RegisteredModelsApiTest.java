package org.labtrack.tracking.registry.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.labtrack.tracking.support.RegistryWire.createModel;
import static org.labtrack.tracking.support.RegistryWire.createVersion;
import static org.labtrack.tracking.support.RegistryWire.delete;
import static org.labtrack.tracking.support.RegistryWire.patch;
import static org.labtrack.tracking.support.RegistryWire.tags;
import static org.labtrack.tracking.support.Wire.get;
import static org.labtrack.tracking.support.Wire.json;
import static org.labtrack.tracking.support.Wire.post;
import static org.labtrack.tracking.support.Wire.unique;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.labtrack.tracking.support.MariaDbTestResource;

/** Every registered-models route on raw HTTP: success shapes and MLflow's error for each misuse. */
@QuarkusTest
@QuarkusTestResource(value = MariaDbTestResource.class, restrictToAnnotatedClass = false)
class RegisteredModelsApiTest {
  private static final String MISSING = " See the API docs for more information about request "
      + "parameters.";

  @Test
  void createHasMlflowShapeAndDuplicatesAreResourceAlreadyExists() {
    String name = unique("Create");
    var created = post("/registered-models/create", Map.of("name", name,
        "tags", tags("team", "vision"), "description", "first")).statusCode(200)
        .body("registered_model.name", equalTo(name))
        .body("registered_model.description", equalTo("first"))
        .body("registered_model.tags", equalTo(tags("team", "vision")))
        .body("registered_model.latest_versions", nullValue())
        .body("registered_model.aliases", nullValue())
        .extract().jsonPath();
    assertThat(created.getLong("registered_model.creation_timestamp"))
        .isEqualTo(created.getLong("registered_model.last_updated_timestamp")).isPositive();

    post("/registered-models/create", Map.of("name", name)).statusCode(400)
        .body("error_code", equalTo("RESOURCE_ALREADY_EXISTS"))
        .body("message", equalTo("Registered Model (name=" + name + ") already exists."));
    // names compare byte-wise, as in MLflow
    post("/registered-models/create", Map.of("name", name.toLowerCase())).statusCode(200);
    post("/registered-models/create", Map.of()).statusCode(400)
        .body("error_code", equalTo("INVALID_PARAMETER_VALUE"))
        .body("message", equalTo("Missing value for required parameter 'name'." + MISSING));
    post("/registered-models/create", Map.of("name", name + "x", "tags", tags("bad*key", "v")))
        .statusCode(400).body("message", equalTo("Invalid value \"bad*key\" for parameter 'key' "
            + "supplied: Names may only contain alphanumerics, underscores (_), dashes (-), "
            + "periods (.), spaces ( ), colon(:) and slashes (/)."));
    // the UI's prefix serves the same RPC
    json().body(Map.of("name", unique("ajax"))).post("/ajax-api/2.0/mlflow/registered-models/create")
        .then().statusCode(200);
  }

  @Test
  void getRenameUpdateDelete() {
    String name = unique("life");
    createModel(name);
    String v1 = createVersion(name, "mlflow-artifacts:/0/r/artifacts/model");
    get("/registered-models/get", Map.of("name", "absent-" + name)).statusCode(404)
        .body("error_code", equalTo("RESOURCE_DOES_NOT_EXIST"))
        .body("message", equalTo("Registered Model with name=absent-" + name + " not found"));
    get("/registered-models/get", Map.of()).statusCode(400)
        .body("message", equalTo("Missing value for required parameter 'name'." + MISSING));

    patch("/registered-models/update", Map.of("name", name, "description", "better"))
        .statusCode(200).body("registered_model.description", equalTo("better"));
    patch("/registered-models/update", Map.of("name", name)).statusCode(200)
        .body("registered_model.description", nullValue());

    String renamed = name + "-renamed";
    post("/registered-models/rename", Map.of("name", name, "new_name", renamed)).statusCode(200)
        .body("registered_model.name", equalTo(renamed))
        .body("registered_model.latest_versions[0].name", equalTo(renamed));
    get("/model-versions/get", Map.of("name", renamed, "version", v1)).statusCode(200);
    get("/registered-models/get", Map.of("name", name)).statusCode(404);
    post("/registered-models/rename", Map.of("name", renamed)).statusCode(400)
        .body("message", equalTo("Missing value for required parameter 'new_name'." + MISSING));
    String other = unique("other");
    createModel(other);
    post("/registered-models/rename", Map.of("name", renamed, "new_name", other)).statusCode(400)
        .body("error_code", equalTo("RESOURCE_ALREADY_EXISTS"));
    // With versions on both sides the database sees the clash in model_versions first (its
    // name follows the model's through ON UPDATE CASCADE): the same answer, nothing renamed.
    String otherVersion = createVersion(other, "mlflow-artifacts:/0/o/artifacts/model");
    post("/registered-models/rename", Map.of("name", renamed, "new_name", other)).statusCode(400)
        .body("error_code", equalTo("RESOURCE_ALREADY_EXISTS"))
        .body("message", equalTo("Registered Model (name=" + other + ") already exists."));
    get("/model-versions/get", Map.of("name", renamed, "version", v1)).statusCode(200)
        .body("model_version.source", equalTo("mlflow-artifacts:/0/r/artifacts/model"));
    get("/model-versions/get", Map.of("name", other, "version", otherVersion)).statusCode(200)
        .body("model_version.source", equalTo("mlflow-artifacts:/0/o/artifacts/model"));

    delete("/registered-models/delete", Map.of("name", renamed)).statusCode(200)
        .body(equalTo("{}"));
    get("/registered-models/get", Map.of("name", renamed)).statusCode(404);
    get("/model-versions/get", Map.of("name", renamed, "version", v1)).statusCode(404);
    delete("/registered-models/delete", Map.of("name", renamed)).statusCode(404);
  }

  @Test
  void modelTags() {
    String name = unique("tags");
    createModel(name);
    post("/registered-models/set-tag", Map.of("name", name, "key", "k", "value", "1"))
        .statusCode(200);
    post("/registered-models/set-tag", Map.of("name", name, "key", "k", "value", "2"))
        .statusCode(200);
    post("/registered-models/set-tag", Map.of("name", name, "key", "big",
        "value", "x".repeat(100_000))).statusCode(200);
    post("/registered-models/set-tag", Map.of("name", name, "key", "big",
        "value", "x".repeat(100_001))).statusCode(400)
        .body("message", equalTo("'value' exceeds the maximum length of 100000 characters"));
    post("/registered-models/set-tag", Map.of("name", name, "key", "k".repeat(251),
        "value", "v")).statusCode(400)
        .body("message", equalTo("'key' exceeds the maximum length of 250 characters"));
    post("/registered-models/set-tag", Map.of("name", "absent-" + name, "key", "k",
        "value", "v")).statusCode(404);
    get("/registered-models/get", Map.of("name", name))
        .body("registered_model.tags.find { it.key == 'k' }.value", equalTo("2"));
    delete("/registered-models/delete-tag", Map.of("name", name, "key", "k")).statusCode(200);
    // deleting a tag that is not there is no error in MLflow
    delete("/registered-models/delete-tag", Map.of("name", name, "key", "k")).statusCode(200);
    get("/registered-models/get", Map.of("name", name))
        .body("registered_model.tags.key", equalTo(List.of("big")));
  }

  @Test
  void aliases() {
    String name = unique("alias");
    createModel(name);
    String v1 = createVersion(name, "mlflow-artifacts:/0/a/artifacts/m");
    String v2 = createVersion(name, "mlflow-artifacts:/0/b/artifacts/m");
    post("/registered-models/alias", Map.of("name", name, "alias", "champion", "version", v1))
        .statusCode(200).body(equalTo("{}"));
    // moving an alias
    post("/registered-models/alias", Map.of("name", name, "alias", "champion", "version", v2))
        .statusCode(200);
    post("/registered-models/alias", Map.of("name", name, "alias", "challenger", "version", v1))
        .statusCode(200);
    get("/registered-models/alias", Map.of("name", name, "alias", "champion")).statusCode(200)
        .body("model_version.version", equalTo(v2))
        .body("model_version.aliases", equalTo(List.of("champion")));
    get("/registered-models/get", Map.of("name", name)).body("registered_model.aliases",
        equalTo(List.of(Map.of("alias", "challenger", "version", v1),
            Map.of("alias", "champion", "version", v2))));
    get("/registered-models/alias", Map.of("name", name, "alias", "LATEST")).statusCode(200)
        .body("model_version.version", equalTo(v2));

    for (String reserved : List.of("latest", "Latest")) {
      post("/registered-models/alias", Map.of("name", name, "alias", reserved, "version", v1))
          .statusCode(400)
          .body("message", equalTo("'latest' alias name (case insensitive) is reserved."));
    }
    post("/registered-models/alias", Map.of("name", name, "alias", "V12", "version", v1))
        .statusCode(400).body("message", equalTo("Version alias name 'V12' is reserved."));
    post("/registered-models/alias", Map.of("name", name, "alias", "a b", "version", v1))
        .statusCode(400).body("message", equalTo("Invalid alias name: 'a b'. Names may only "
            + "contain alphanumerics, underscores (_), and dashes (-)."));
    post("/registered-models/alias", Map.of("name", name, "alias", "a".repeat(256),
        "version", v1)).statusCode(400).body("message", equalTo(
        "'Registered model alias name' exceeds the maximum length of 255 characters"));
    post("/registered-models/alias", Map.of("name", name, "alias", "x", "version", "99"))
        .statusCode(404)
        .body("message", equalTo("Model Version (name=" + name + ", version=99) not found"));
    post("/registered-models/alias", Map.of("name", name, "alias", "x", "version", "one"))
        .statusCode(400)
        .body("message", equalTo("Parameter 'version' must be an integer, got 'one'."));
    get("/registered-models/alias", Map.of("name", name, "alias", "nobody")).statusCode(400)
        .body("error_code", equalTo("INVALID_PARAMETER_VALUE"))
        .body("message", equalTo("Registered model alias nobody not found."));

    delete("/registered-models/alias", Map.of("name", name, "alias", "champion")).statusCode(200);
    get("/registered-models/alias", Map.of("name", name, "alias", "champion")).statusCode(400);
    // deleting a version takes its aliases with it
    delete("/model-versions/delete", Map.of("name", name, "version", v1)).statusCode(200);
    get("/registered-models/get", Map.of("name", name))
        .body("registered_model.aliases", nullValue());
  }

  @Test
  void latestVersionsPerStageOnGetAndPost() {
    String name = unique("latest");
    createModel(name);
    for (int i = 0; i < 4; i++) {
      createVersion(name, "mlflow-artifacts:/0/l" + i + "/artifacts/m");
    }
    post("/model-versions/transition-stage", Map.of("name", name, "version", "2",
        "stage", "Staging")).statusCode(200);
    post("/model-versions/transition-stage", Map.of("name", name, "version", "3",
        "stage", "PRODUCTION")).statusCode(200).body("model_version.current_stage",
        equalTo("Production"));
    get("/registered-models/get-latest-versions", Map.of("name", name)).statusCode(200)
        .body("model_versions.version", equalTo(List.of("4", "2", "3")));
    json().queryParam("name", name).queryParam("stages", "production")
        .queryParam("stages", "Staging").get("/api/2.0/mlflow/registered-models/get-latest-versions")
        .then().statusCode(200).body("model_versions.version", equalTo(List.of("2", "3")));
    post("/registered-models/get-latest-versions", Map.of("name", name,
        "stages", List.of("None"))).statusCode(200)
        .body("model_versions.version", equalTo(List.of("4")));
    post("/registered-models/get-latest-versions", Map.of("name", name,
        "stages", List.of("Beta"))).statusCode(400).body("message", equalTo(
        "Invalid Model Version stage: Beta. Value must be one of None, Staging, Production, "
            + "Archived."));
    post("/registered-models/get-latest-versions", Map.of("name", "absent-" + name))
        .statusCode(404);
    get("/registered-models/get", Map.of("name", name))
        .body("registered_model.latest_versions.version", equalTo(List.of("4", "2", "3")))
        .body("registered_model.latest_versions[0].status", equalTo("READY"))
        .body("registered_model.latest_versions[0].creation_timestamp", notNullValue());
  }
}
