package org.labtrack.tracking.api;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.labtrack.tracking.support.Wire.createExperiment;
import static org.labtrack.tracking.support.Wire.createRun;
import static org.labtrack.tracking.support.Wire.get;
import static org.labtrack.tracking.support.Wire.post;
import static org.labtrack.tracking.support.Wire.unique;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.labtrack.tracking.support.MariaDbTestResource;

@QuarkusTest
@QuarkusTestResource(value = MariaDbTestResource.class, restrictToAnnotatedClass = false)
class ExperimentsApiTest {

  @Test
  void defaultExperimentExistsFromFirstStart() {
    get("/experiments/get", Map.of("experiment_id", "0")).statusCode(200)
        .body("experiment.experiment_id", equalTo("0"))
        .body("experiment.name", equalTo("Default"))
        .body("experiment.artifact_location", equalTo("mlflow-artifacts:/0"))
        .body("experiment.lifecycle_stage", equalTo("active"));
  }

  @Test
  void createThenReadByIdAndName() {
    String name = unique("exp");
    String id = post("/experiments/create", Map.of("name", name,
        "tags", List.of(Map.of("key", "team", "value", "vision"))))
        .statusCode(200)
        .body("experiment_id", matchesPattern("[1-9][0-9]*"))
        .extract().path("experiment_id");

    get("/experiments/get", Map.of("experiment_id", id)).statusCode(200)
        .body("experiment.name", equalTo(name))
        .body("experiment.artifact_location", equalTo("mlflow-artifacts:/" + id))
        .body("experiment.tags", hasItem(Map.of("key", "team", "value", "vision")))
        .body("experiment.creation_time", equalTo(
            get("/experiments/get", Map.of("experiment_id", id)).extract()
                .path("experiment.last_update_time")));
    get("/experiments/get-by-name", Map.of("experiment_name", name)).statusCode(200)
        .body("experiment.experiment_id", equalTo(id));
  }

  @Test
  void explicitArtifactLocationIsKept() {
    String id = post("/experiments/create", Map.of("name", unique("loc"),
        "artifact_location", "s3://bucket/prefix")).statusCode(200).extract().path("experiment_id");
    get("/experiments/get", Map.of("experiment_id", id))
        .body("experiment.artifact_location", equalTo("s3://bucket/prefix"));
  }

  @Test
  void duplicateNameIsResourceAlreadyExistsWith400EvenWhenDeleted() {
    String name = unique("dup");
    String id = createExperiment(name);
    post("/experiments/create", Map.of("name", name)).statusCode(400)
        .body("error_code", equalTo("RESOURCE_ALREADY_EXISTS"));
    post("/experiments/delete", Map.of("experiment_id", id)).statusCode(200);
    post("/experiments/create", Map.of("name", name)).statusCode(400)
        .body("error_code", equalTo("RESOURCE_ALREADY_EXISTS"));
  }

  @Test
  void namesAreCaseSensitive() {
    String name = unique("Case");
    createExperiment(name);
    createExperiment(name.toLowerCase());
    get("/experiments/get-by-name", Map.of("experiment_name", name.toUpperCase()))
        .statusCode(404).body("error_code", equalTo("RESOURCE_DOES_NOT_EXIST"));
  }

  @Test
  void createValidation() {
    post("/experiments/create", Map.of()).statusCode(400)
        .body("error_code", equalTo("INVALID_PARAMETER_VALUE"))
        .body("message", containsString("Missing value for required parameter 'name'"));
    post("/experiments/create", Map.of("name", "x".repeat(501))).statusCode(400)
        .body("message", equalTo("'name' exceeds the maximum length of 500 characters"));
    post("/experiments/create", Map.of("name", unique("r"), "artifact_location", "runs:/abc"))
        .statusCode(400).body("message", containsString("cannot be a runs:/ URI"));
    post("/experiments/create", Map.of("name", unique("q"), "artifact_location", "s3://b/p?x=../y"))
        .statusCode(400).body("message", equalTo("Invalid query string"));
    post("/experiments/create", Map.of("name", unique("t"),
        "tags", List.of(Map.of("key", "k", "value", "v".repeat(5001))))).statusCode(400)
        .body("message", equalTo("'value' exceeds the maximum length of 5000 characters"));
  }

  @Test
  void unknownExperimentIs404() {
    get("/experiments/get", Map.of("experiment_id", "999999")).statusCode(404)
        .body("error_code", equalTo("RESOURCE_DOES_NOT_EXIST"))
        .body("message", equalTo("No Experiment with id=999999 exists"));
    get("/experiments/get", Map.of("experiment_id", "abc")).statusCode(404);
    get("/experiments/get", Map.of()).statusCode(400)
        .body("message", containsString("'experiment_id'"));
    get("/experiments/get-by-name", Map.of("experiment_name", "nope-" + unique("x")))
        .statusCode(404).body("message", containsString("Could not find experiment with name"));
  }

  @Test
  void deleteAndRestoreCascadeToRuns() {
    String id = createExperiment(unique("life"));
    String runId = org.labtrack.tracking.support.Wire.createRun(id);
    post("/experiments/delete", Map.of("experiment_id", id)).statusCode(200);
    get("/experiments/get", Map.of("experiment_id", id)).statusCode(200)
        .body("experiment.lifecycle_stage", equalTo("deleted"));
    get("/runs/get", Map.of("run_id", runId)).body("run.info.lifecycle_stage", equalTo("deleted"));
    post("/runs/create", Map.of("experiment_id", id)).statusCode(400)
        .body("message", equalTo("The experiment " + id
            + " must be in the 'active' state. Current state is deleted."));
    post("/experiments/delete", Map.of("experiment_id", id)).statusCode(404);

    post("/experiments/restore", Map.of("experiment_id", id)).statusCode(200);
    get("/runs/get", Map.of("run_id", runId)).body("run.info.lifecycle_stage", equalTo("active"));
    post("/experiments/restore", Map.of("experiment_id", id)).statusCode(404);
  }

  @Test
  void renameKeepsUniquenessAndRefusesDeleted() {
    String taken = unique("taken");
    createExperiment(taken);
    String id = createExperiment(unique("old"));
    String renamed = unique("new");
    post("/experiments/update", Map.of("experiment_id", id, "new_name", renamed)).statusCode(200);
    get("/experiments/get", Map.of("experiment_id", id)).body("experiment.name", equalTo(renamed));
    post("/experiments/update", Map.of("experiment_id", id, "new_name", taken)).statusCode(400)
        .body("error_code", equalTo("RESOURCE_ALREADY_EXISTS"));
    post("/experiments/update", Map.of("experiment_id", id)).statusCode(400)
        .body("message", containsString("'new_name'"));
    post("/experiments/delete", Map.of("experiment_id", id));
    post("/experiments/update", Map.of("experiment_id", id, "new_name", unique("z")))
        .statusCode(400).body("message", equalTo("Cannot rename a non-active experiment."));
  }

  @Test
  void experimentTags() {
    String id = createExperiment(unique("tags"));
    post("/experiments/set-experiment-tag", Map.of("experiment_id", id, "key", "a", "value", "1"))
        .statusCode(200);
    post("/experiments/set-experiment-tag", Map.of("experiment_id", id, "key", "a", "value", "2"))
        .statusCode(200);
    get("/experiments/get", Map.of("experiment_id", id))
        .body("experiment.tags", equalTo(List.of(Map.of("key", "a", "value", "2"))));
    post("/experiments/delete-experiment-tag", Map.of("experiment_id", id, "key", "a"))
        .statusCode(200);
    get("/experiments/get", Map.of("experiment_id", id)).body("experiment.tags", not(hasItem(
        Map.of("key", "a", "value", "2"))));
    post("/experiments/delete-experiment-tag", Map.of("experiment_id", id, "key", "a"))
        .statusCode(404).body("message", equalTo("No tag with name: a in experiment with id " + id));
    post("/experiments/set-experiment-tag", Map.of("experiment_id", id, "key", "../x", "value", "1"))
        .statusCode(400).body("error_code", equalTo("INVALID_PARAMETER_VALUE"));
    post("/experiments/delete", Map.of("experiment_id", id));
    post("/experiments/set-experiment-tag", Map.of("experiment_id", id, "key", "b", "value", "1"))
        .statusCode(400).body("message", containsString("must be in the 'active' state"));
  }

  @Test
  void emptyTagValueIsKept() {
    String id = createExperiment(unique("empty"));
    post("/experiments/set-experiment-tag", Map.of("experiment_id", id, "key", "e")).statusCode(200);
    get("/experiments/get", Map.of("experiment_id", id))
        .body("experiment.tags[0].value", equalTo(""))
        .body("experiment.tags[0].missing", nullValue());
  }

  @Test
  void searchDatasetsSummarisesEachDatasetOncePerContext() {
    String first = createExperiment(unique("datasets"));
    String second = createExperiment(unique("datasets"));
    String other = createExperiment(unique("datasets"));
    logInput(createRun(first), "mnist", "d1", "training");
    logInput(createRun(first), "mnist", "d1", "training");
    logInput(createRun(first), "mnist", "d1", "eval");
    logInput(createRun(first), "cifar", "d2", null);
    String deletedRun = createRun(second);
    logInput(deletedRun, "imdb", "d3", "training");
    post("/runs/delete", Map.of("run_id", deletedRun)).statusCode(200);
    logInput(createRun(other), "other", "d4", "training");

    post("/experiments/search-datasets", Map.of("experiment_ids", List.of(first, second, "nope")))
        .statusCode(200)
        .body("dataset_summaries", equalTo(List.of(
            Map.of("experiment_id", first, "name", "cifar", "digest", "d2"),
            Map.of("experiment_id", first, "name", "mnist", "digest", "d1", "context", "eval"),
            Map.of("experiment_id", first, "name", "mnist", "digest", "d1",
                "context", "training"),
            // as in MLflow, a deleted run's datasets still count
            Map.of("experiment_id", second, "name", "imdb", "digest", "d3",
                "context", "training"))));
    post("/experiments/search-datasets", Map.of("experiment_ids", List.of("0", "424242")))
        .statusCode(200).body("", equalTo(Map.of()));
  }

  @Test
  void searchDatasetsNeedsOneToTwentyExperiments() {
    post("/experiments/search-datasets", Map.of()).statusCode(400)
        .body("error_code", equalTo("INVALID_PARAMETER_VALUE"))
        .body("message", equalTo("SearchDatasets request must specify at least one "
            + "experiment_id."));
    post("/experiments/search-datasets", Map.of("experiment_ids", List.of())).statusCode(400);
    List<String> many = IntStream.range(0, 21).mapToObj(Integer::toString)
        .toList();
    post("/experiments/search-datasets", Map.of("experiment_ids", many)).statusCode(400)
        .body("message", equalTo("SearchDatasets request cannot specify more than 20 "
            + "experiment_ids. Received 21 experiment_ids."));
    post("/experiments/search-datasets", Map.of("experiment_ids", many.subList(0, 20)))
        .statusCode(200);
  }

  private static void logInput(String runId, String name, String digest, String context) {
    Map<String, Object> input = context == null
        ? Map.of("dataset", dataset(name, digest))
        : Map.of("dataset", dataset(name, digest),
            "tags", List.of(Map.of("key", "mlflow.data.context", "value", context)));
    post("/runs/log-inputs", Map.of("run_id", runId, "datasets", List.of(input)))
        .statusCode(200);
  }

  private static Map<String, Object> dataset(String name, String digest) {
    return Map.of("name", name, "digest", digest, "source_type", "local", "source", "{}");
  }
}
