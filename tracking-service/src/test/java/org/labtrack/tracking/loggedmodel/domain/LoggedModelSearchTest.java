package org.labtrack.tracking.loggedmodel.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.labtrack.common.error.MlflowException;
import org.labtrack.tracking.loggedmodel.domain.LoggedModelSearch.Comparison;
import org.labtrack.tracking.loggedmodel.domain.LoggedModelSearch.EntityType;
import org.labtrack.tracking.loggedmodel.domain.LoggedModelSearch.OrderBy;

/** search_logged_models' filter and order_by grammar as pure logic. */
class LoggedModelSearchTest {

  @Test
  void comparisons() {
    assertThat(LoggedModelSearch.parseFilter("metrics.`val acc` >= 0.9 AND params.lr = '0.1' "
        + "AND tags.t IN ('a', 'b') AND creation_time > 5 AND attributes.model_type LIKE 'C%'"))
        .containsExactly(
            new Comparison(EntityType.METRIC, "val acc", ">=", 0.9),
            new Comparison(EntityType.PARAM, "lr", "=", "0.1"),
            new Comparison(EntityType.TAG, "t", "IN", List.of("a", "b")),
            new Comparison(EntityType.ATTRIBUTE, "creation_timestamp_ms", ">", 5.0),
            new Comparison(EntityType.ATTRIBUTE, "model_type", "LIKE", "C%"));
    // unquoted and double-quoted strings are kept as MLflow keeps them
    assertThat(LoggedModelSearch.parseFilter("name = abc AND model_type = \"x\""))
        .extracting(Comparison::value).containsExactly("abc", "\"x\"");
  }

  @Test
  void errors() {
    assertError(() -> LoggedModelSearch.parseFilter("name like 'a'"), "Invalid comparison "
        + "operator for attributes.name: 'like'. Expected one of ('=', '!=', 'LIKE', 'ILIKE', "
        + "'IN', 'NOT IN').");
    assertError(() -> LoggedModelSearch.parseFilter("metrics.acc > 'high'"),
        "Invalid value 'high' for metrics.acc: expected a number.");
    assertError(() -> LoggedModelSearch.parseFilter("colour = 'red'"),
        "Invalid attribute key 'colour' specified. Valid keys are '['artifact_location', "
            + "'creation_timestamp_ms', 'experiment_id', 'last_updated_timestamp_ms', "
            + "'lifecycle_stage', 'model_id', 'model_type', 'name', 'source_run_id', 'status', "
            + "'status_message']'");
    assertError(() -> LoggedModelSearch.parseFilter("name = 'a'; name = 'b'"),
        "Invalid filter string: \"name = 'a'; name = 'b'\". Expected a single SQL expression.");
    // where the registry's tokenizer, used here before, and MLflow 3.6 disagreed: MLflow's answer
    assertError(() -> LoggedModelSearch.parseFilter(" "),
        "Invalid filter string: ' '. Expected a single SQL expression.");
    assertError(() -> LoggedModelSearch.parseFilter("tags.t in ('a')"), "Invalid comparison "
        + "operator for tags.t: 'in'. Expected one of ('=', '!=', 'LIKE', 'ILIKE', 'IN', "
        + "'NOT IN').");
    assertError(() -> LoggedModelSearch.parseFilter("name = 'a';"), "Invalid filter string: "
        + "\"name = 'a';\". Expected a list of comparisons separated by 'AND' (e.g. "
        + "'metrics.loss > 0.1 AND params.lr = 0.01').");
    assertError(() -> LoggedModelSearch.parseFilter("tags.x = true"), "Invalid filter string: "
        + "'tags.x = true'. Expected a list of comparisons separated by 'AND' (e.g. "
        + "'metrics.loss > 0.1 AND params.lr = 0.01').");
  }

  @Test
  void nullIsAValueAsInMlflow() {
    assertThat(LoggedModelSearch.parseFilter("name = NULL AND tags.t NOT in ('a')"))
        .containsExactly(new Comparison(EntityType.ATTRIBUTE, "name", "=", "NULL"),
            new Comparison(EntityType.TAG, "t", "NOT IN", List.of("a")));
  }

  @Test
  void orderByAddsCreationTimeAndIdTieBreaks() {
    assertThat(LoggedModelSearch.parseOrderBy(List.of(
        new OrderBy("metrics.acc", false, "test", null), new OrderBy("creation_time", true,
            null, null)))).containsExactly(new OrderBy("metrics.acc", false, "test", null),
        new OrderBy("creation_timestamp_ms", true, null, null),
        new OrderBy("model_id", true, null, null));
    assertThat(LoggedModelSearch.parseOrderBy(null)).containsExactly(
        new OrderBy("creation_timestamp_ms", false, null, null),
        new OrderBy("model_id", true, null, null));
    assertError(() -> LoggedModelSearch.parseOrderBy(List.of(new OrderBy(null, true, null,
        null))), "`field_name` in the `order_by` clause must be specified.");
    assertError(() -> LoggedModelSearch.parseOrderBy(List.of(new OrderBy("name", true, null,
        "d"))), "`dataset_digest` can only be specified if `dataset_name` is also specified.");
  }

  private static void assertError(Runnable call, String message) {
    assertThatThrownBy(call::run).isInstanceOfSatisfying(MlflowException.class,
        e -> assertThat(e.getMessage()).isEqualTo(message));
  }
}
