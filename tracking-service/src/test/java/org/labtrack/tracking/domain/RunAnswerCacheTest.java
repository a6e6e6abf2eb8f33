package org.labtrack.tracking.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.labtrack.tracking.support.RegistryWire.createLoggedModel;
import static org.labtrack.tracking.support.Wire.createExperiment;
import static org.labtrack.tracking.support.Wire.createRun;
import static org.labtrack.tracking.support.Wire.get;
import static org.labtrack.tracking.support.Wire.post;
import static org.labtrack.tracking.support.Wire.unique;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.agroal.api.AgroalDataSource;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.labtrack.tracking.store.RunStore;
import org.labtrack.tracking.store.Transactions;
import org.labtrack.tracking.support.MariaDbTestResource;

/**
 * Answers of runs/get and runs/search come from {@link RunVersionCache} only while the run is
 * unchanged: every kind of change shows in the very next answer of both.
 */
@QuarkusTest
@QuarkusTestResource(value = MariaDbTestResource.class, restrictToAnnotatedClass = false)
class RunAnswerCacheTest {
  @Inject
  AgroalDataSource dataSource;
  @Inject
  MeterRegistry registry;
  @Inject
  RunService service;
  @Inject
  RunStore store;
  @Inject
  Transactions tx;

  @Test
  void everyChangeToARunShowsInTheNextAnswers() {
    String exp = createExperiment(unique("cache"));
    String run = createRun(exp);

    change(exp, run, () -> post("/runs/log-metric", Map.of("run_id", run, "key", "loss",
            "value", 0.5, "timestamp", 10, "step", 1)),
        a -> assertThat(a.getDouble("data.metrics.find { it.key == 'loss' }.value")).isEqualTo(0.5));
    change(exp, run, () -> post("/runs/log-metric", Map.of("run_id", run, "key", "loss",
            "value", 0.25, "timestamp", 20, "step", 2)),
        a -> assertThat(a.getDouble("data.metrics.find { it.key == 'loss' }.value")).isEqualTo(0.25));
    change(exp, run, () -> post("/runs/log-parameter", Map.of("run_id", run, "key", "lr",
            "value", "0.1")),
        a -> assertThat(a.getString("data.params.find { it.key == 'lr' }.value")).isEqualTo("0.1"));
    change(exp, run, () -> post("/runs/set-tag", Map.of("run_id", run, "key", "team",
            "value", "vision")),
        a -> assertThat(tag(a, "team")).isEqualTo("vision"));
    change(exp, run, () -> post("/runs/set-tag", Map.of("run_id", run, "key", "team",
            "value", "audio")),
        a -> assertThat(tag(a, "team")).isEqualTo("audio"));
    change(exp, run, () -> post("/runs/delete-tag", Map.of("run_id", run, "key", "team")),
        a -> assertThat(tag(a, "team")).isNull());
    change(exp, run, () -> post("/runs/log-batch", Map.of("run_id", run,
            "metrics", List.of(Map.of("key", "acc", "value", 0.9, "timestamp", 30, "step", 3)),
            "params", List.of(Map.of("key", "epochs", "value", "5")),
            "tags", List.of(Map.of("key", "stage", "value", "fit")))),
        a -> {
          assertThat(a.getDouble("data.metrics.find { it.key == 'acc' }.value")).isEqualTo(0.9);
          assertThat(a.getString("data.params.find { it.key == 'epochs' }.value")).isEqualTo("5");
          assertThat(tag(a, "stage")).isEqualTo("fit");
        });
    change(exp, run, () -> post("/runs/set-tag", Map.of("run_id", run, "key", "mlflow.runName",
            "value", "renamed-by-tag")),
        a -> assertThat(a.getString("info.run_name")).isEqualTo("renamed-by-tag"));
    change(exp, run, () -> post("/runs/update", Map.of("run_id", run, "status", "FINISHED",
            "end_time", 99, "run_name", "renamed")),
        a -> {
          assertThat(a.getString("info.status")).isEqualTo("FINISHED");
          assertThat(a.getLong("info.end_time")).isEqualTo(99);
          assertThat(a.getString("info.run_name")).isEqualTo("renamed");
          assertThat(tag(a, "mlflow.runName")).isEqualTo("renamed");
        });
    change(exp, run, () -> post("/runs/log-inputs", Map.of("run_id", run, "datasets",
            List.of(Map.of("dataset", Map.of("name", "mnist", "digest", "d1",
                "source_type", "local", "source", "/data"))))),
        a -> assertThat(a.getString("inputs.dataset_inputs[0].dataset.name")).isEqualTo("mnist"));
    change(exp, run, () -> post("/runs/log-model", Map.of("run_id", run, "model_json",
            "{\"artifact_path\": \"model\", \"run_id\": \"" + run + "\", "
                + "\"utc_time_created\": \"2024-01-01 00:00:00.000000\", \"flavors\": {}}")),
        a -> assertThat(tag(a, "mlflow.log-model.history")).contains("\"artifact_path\":\"model\""));
    String model = createLoggedModel(exp, Map.of("name", "m", "source_run_id", run));
    change(exp, run, () -> post("/runs/outputs", Map.of("run_id", run, "models",
            List.of(Map.of("model_id", model, "step", 4)))),
        a -> assertThat(a.getString("outputs.model_outputs[0].model_id")).isEqualTo(model));
    change(exp, run, () -> post("/runs/delete", Map.of("run_id", run)),
        a -> assertThat(a.getString("info.lifecycle_stage")).isEqualTo("deleted"));
    change(exp, run, () -> post("/runs/restore", Map.of("run_id", run)),
        a -> assertThat(a.getString("info.lifecycle_stage")).isEqualTo("active"));
    change(exp, run, () -> post("/experiments/delete", Map.of("experiment_id", exp)),
        a -> assertThat(a.getString("info.lifecycle_stage")).isEqualTo("deleted"));
    change(exp, run, () -> post("/experiments/restore", Map.of("experiment_id", exp)),
        a -> assertThat(a.getString("info.lifecycle_stage")).isEqualTo("active"));
  }

  @Test
  void aRefusedChangeLeavesTheAnswerAsItWas() {
    String exp = createExperiment(unique("cache-refused"));
    String run = createRun(exp);
    post("/runs/log-parameter", Map.of("run_id", run, "key", "lr", "value", "0.1"))
        .statusCode(200);
    JsonPath before = answers(exp, run);
    // the batch's metric would be stored before its param conflict is found: all rolled back
    post("/runs/log-batch", Map.of("run_id", run,
        "metrics", List.of(Map.of("key", "acc", "value", 0.9, "timestamp", 30, "step", 3)),
        "params", List.of(Map.of("key", "lr", "value", "0.2")))).statusCode(400);
    JsonPath after = answers(exp, run);
    assertThat(after.prettify()).isEqualTo(before.prettify());
    assertThat(after.getList("data.metrics")).isNull();
  }

  /**
   * What proves the cache is used, and by what it is invalidated: a change made behind the
   * service's back that does not move the run's data version is not seen; moving it is.
   */
  @Test
  void unchangedRunsAreAnsweredFromTheCacheWhileTheirVersionStands() throws Exception {
    String exp = createExperiment(unique("cache-hits"));
    String run = runNotedFirst(exp);
    double hits = hits();

    sql("UPDATE tags SET value = 'second' WHERE run_uuid = ? AND `key` = 'note'", run);
    assertThat(tag(answers(exp, run), "note")).isEqualTo("first");
    assertThat(hits()).isGreaterThanOrEqualTo(hits + 2);

    sql("UPDATE runs SET data_version = data_version + 1 WHERE run_uuid = ?", run);
    assertThat(tag(answers(exp, run), "note")).isEqualTo("second");
  }

  /**
   * A unit of work that reads a run it changed sees its own uncommitted version; kept, that
   * answer would outlive a rollback and be served for the next real change, which reuses the
   * version.
   */
  @Test
  void whatAUnitOfWorkReadsOfItsOwnChangesIsNotKept() {
    String exp = createExperiment(unique("cache-rollback"));
    String run = runNotedFirst(exp);

    assertThatThrownBy(() -> tx.write(() -> {
      service.lockActiveForDataWrite(run);
      store.upsertTags(run, Map.of("note", "rolled back"));
      byte[] answer = service.answers(store.rows(List.of(run))).get(0);
      assertThat(new String(answer, StandardCharsets.UTF_8))
          .contains("rolled back");
      throw new IllegalStateException("roll back");
    })).hasMessage("roll back");
    assertThat(tag(answers(exp, run), "note")).isEqualTo("first");

    post("/runs/set-tag", Map.of("run_id", run, "key", "note", "value", "second"))
        .statusCode(200);
    assertThat(tag(answers(exp, run), "note")).isEqualTo("second");
  }

  /** A new run whose tag "note" is "first", its answers read once (and so kept). */
  private static String runNotedFirst(String exp) {
    String run = createRun(exp);
    post("/runs/set-tag", Map.of("run_id", run, "key", "note", "value", "first"))
        .statusCode(200);
    assertThat(tag(answers(exp, run), "note")).isEqualTo("first");
    return run;
  }

  /** Reads the run's answers, makes the change, and checks both answers show it. */
  private void change(String exp, String run, Supplier<ValidatableResponse> change,
      Consumer<JsonPath> shows) {
    answers(exp, run);
    change.get().statusCode(200);
    shows.accept(answers(exp, run));
  }

  /** The run as runs/get and runs/search answer with it, which must agree. */
  private static JsonPath answers(String exp, String run) {
    JsonPath got = get("/runs/get", Map.of("run_id", run)).statusCode(200).extract().jsonPath();
    JsonPath searched = post("/runs/search", Map.of("experiment_ids", List.of(exp),
            "filter", "attributes.run_id = '" + run + "'", "run_view_type", "ALL"))
        .statusCode(200).extract().jsonPath();
    assertThat(searched.getList("runs")).hasSize(1);
    assertThat(searched.getMap("runs[0]")).isEqualTo(got.getMap("run"));
    try {
      return JsonPath.from(new ObjectMapper().writeValueAsString(got.getMap("run")));
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String tag(JsonPath answer, String key) {
    return answer.getString("data.tags.find { it.key == '" + key + "' }.value");
  }

  private double hits() {
    FunctionCounter counter = registry.find("cache.gets").tag("cache", "run_answers")
        .tag("result", "hit").functionCounter();
    assertThat(counter).as("the cache's hit counter on /q/metrics").isNotNull();
    return counter.count();
  }

  private void sql(String statement, String runId) throws Exception {
    try (Connection c = dataSource.getConnection();
        PreparedStatement s = c.prepareStatement(statement)) {
      s.setString(1, runId);
      assertThat(s.executeUpdate()).isEqualTo(1);
    }
  }
}
