package org.labtrack.tracking.registry.domain.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.labtrack.common.error.ErrorCode;
import org.labtrack.common.error.MlflowException;

/** The registry search grammar as pure logic: clauses and order_by. */
class RegistrySearchTest {

  @Test
  void modelFilterClauses() {
    assertThat(RegistrySearch.modelFilter("name = 'a' and tags.\"k.1\" like '%x%' "
        + "AND attribute.name ILIKE \"B%\" AND tag.`t` != 'v'")).containsExactly(
        new Clause(Clause.Kind.ATTRIBUTE, "name", "=", "a"),
        new Clause(Clause.Kind.TAG, "k.1", "LIKE", "%x%"),
        new Clause(Clause.Kind.ATTRIBUTE, "name", "ILIKE", "B%"),
        new Clause(Clause.Kind.TAG, "t", "!=", "v"));
    assertThat(RegistrySearch.modelFilter(null)).isEmpty();
    assertThat(RegistrySearch.modelFilter("")).isEmpty();
    // comparisons side by side are AND-ed, as sqlparse leaves them
    assertThat(RegistrySearch.modelFilter("name = 'a' name = 'b'")).hasSize(2);
  }

  @Test
  void modelFilterErrors() {
    assertError(() -> RegistrySearch.modelFilter("name = 'a'; name = 'b'"),
        "Search filter contained multiple expression \"name = 'a'; name = 'b'\". Provide "
            + "AND-ed expression list.");
    assertError(() -> RegistrySearch.modelFilter("name = 'a' OR (name = 'b')"),
        "Invalid clause(s) in filter string: OR, (name = 'b')");
    assertError(() -> RegistrySearch.modelFilter("`name` = 'a'"),
        "Invalid attribute key '`name`' specified. Valid keys are '{'name'}'");
    assertError(() -> RegistrySearch.modelFilter("name NOT LIKE 'a'"),
        "Invalid comparator for attribute: NOT LIKE");
    assertError(() -> RegistrySearch.modelFilter("tags.k = 1"),
        "Expected a quoted string value for tag (e.g. 'my-value'). Got value 1");
    assertError(() -> RegistrySearch.modelFilter("name LIKE"),
        "Invalid clause(s) in filter string: name, LIKE");
    // where the registry's own tokenizer and MLflow 3.6 disagreed, MLflow's answer
    assertError(() -> RegistrySearch.modelFilter("name = 'open"),
        "Invalid clause(s) in filter string: name, =, ', open");
    assertError(() -> RegistrySearch.modelFilter(" "), "Invalid filter ' '. Could not be parsed.");
    assertError(() -> RegistrySearch.modelFilter("1 = name"),
        "Invalid comparison clause. Expected 'Identifier' found '1'");
    assertError(() -> RegistrySearch.modelFilter("'name' = 'a'"),
        "Invalid comparison clause. Expected 'Identifier' found ''name''");
    assertError(() -> RegistrySearch.modelFilter("name = NULL"), "Expected a quoted string value "
        + "or a list of quoted string values for attributes. Got value NULL");
    assertError(() -> RegistrySearch.modelFilter("tags.k = NULL"),
        "Expected a quoted string value for tag (e.g. 'my-value'). Got value NULL");
    assertError(() -> RegistrySearch.modelFilter("tags.x = true"),
        "Invalid clause(s) in filter string: tags.x, =, true");
  }

  @Test
  void versionFilterValues() {
    List<Clause> clauses = RegistrySearch.versionFilter("run_id IN ('abc1', 'ABC', '123', "
        + "\"def\") AND version_number > 3 AND version_number <= 2.5 AND source_path = 'x'");
    assertThat(clauses.get(0)).isEqualTo(
        new Clause(Clause.Kind.ATTRIBUTE, "run_id", "IN", List.of("abc1", "def")));
    assertThat(clauses.get(1).value()).isEqualTo(BigInteger.valueOf(3));
    assertThat(clauses.get(2).value()).isEqualTo(2.5);
    assertThat(clauses.get(3)).isEqualTo(
        new Clause(Clause.Kind.ATTRIBUTE, "source_path", "=", "x"));
    assertError(() -> RegistrySearch.versionFilter("run_id IN (1, 2)"), "While parsing a list "
        + "in the query, expected string value, punctuation, or whitespace, but got different "
        + "type in list: (1, 2)");
    assertError(() -> RegistrySearch.versionFilter("run_id IN ('a',, 'b')"), "While parsing a "
        + "list in the query, expected a non-empty list of string values, but got ill-formed "
        + "list.");
    // ast.literal_eval joins adjacent strings, so MLflow reads one run id here
    assertThat(RegistrySearch.versionFilter("run_id IN ('a' 'b')")).containsExactly(
        new Clause(Clause.Kind.ATTRIBUTE, "run_id", "IN", List.of("ab")));
    assertThat(RegistrySearch.versionFilter("run_id in ('abc')")).containsExactly(
        new Clause(Clause.Kind.ATTRIBUTE, "run_id", "IN", List.of("abc")));
    assertThat(RegistrySearch.versionFilter("version_number = 1e5").get(0).value())
        .isEqualTo(100000.0);
    assertError(() -> RegistrySearch.versionFilter("version_number = NULL"), "Expected a quoted "
        + "string value or a list of quoted string values for attributes. Got value NULL");
  }

  @Test
  void orderBy() {
    assertThat(RegistrySearch.modelOrderBy(List.of("timestamp desc")))
        .containsExactly(new SortKey("last_updated_time", false), new SortKey("name", true));
    assertThat(RegistrySearch.modelOrderBy(null)).containsExactly(new SortKey("name", true));
    assertThat(RegistrySearch.modelOrderBy(List.of("`name` DESC")))
        .containsExactly(new SortKey("name", false));
    assertError(() -> RegistrySearch.modelOrderBy(List.of("timestamp", "last_updated_timestamp")),
        "`order_by` contains duplicate fields: ['timestamp', 'last_updated_timestamp']");
    assertError(() -> RegistrySearch.modelOrderBy(List.of("name ASC DESC")),
        "Invalid order_by clause 'name ASC DESC'. Could not be parsed.");
    assertError(() -> RegistrySearch.modelOrderBy(List.of("")),
        "Invalid order_by clause ''. Could not be parsed.");
    // with no direction MLflow keeps the quotes, and the key is then unknown
    assertError(() -> RegistrySearch.modelOrderBy(List.of("`name`")),
        "Invalid order by key '`name`' specified. Valid keys are '{'name', 'timestamp'}'");
    assertError(() -> RegistrySearch.modelOrderBy(List.of("name ")),
        "Invalid order_by clause 'name '. Could not be parsed.");

    assertThat(RegistrySearch.versionOrderBy(null)).containsExactly(
        new SortKey("last_updated_time", false), new SortKey("name", true),
        new SortKey("version", false));
    assertThat(RegistrySearch.versionOrderBy(List.of("attribute.creation_timestamp")))
        .containsExactly(new SortKey("creation_time", true), new SortKey("name", true),
            new SortKey("version", false));
    assertError(() -> RegistrySearch.versionOrderBy(List.of("run_id")),
        "Invalid attribute key 'run_id' specified. Valid keys are '{'creation_timestamp', "
            + "'last_updated_timestamp', 'name', 'version_number'}'");
    assertError(() -> RegistrySearch.versionOrderBy(List.of("metrics.x")),
        "Invalid entity type 'metrics'. Valid entity types are ('attribute', 'tag', 'tags')");
  }

  @Test
  void promptsAreSearchedOnlyWhenAskedFor() {
    assertThat(RegistrySearch.queriesPrompts(RegistrySearch.modelFilter(
        "tags.`mlflow.prompt.is_prompt` = 'TRUE'"))).isTrue();
    assertThat(RegistrySearch.queriesPrompts(RegistrySearch.modelFilter(
        "tags.`mlflow.prompt.is_prompt` != 'false'"))).isTrue();
    assertThat(RegistrySearch.queriesPrompts(RegistrySearch.modelFilter(
        "tags.`mlflow.prompt.is_prompt` = 'false'"))).isFalse();
    assertThat(RegistrySearch.queriesPrompts(RegistrySearch.modelFilter("name = 'x'"))).isFalse();
  }

  static void assertError(Runnable call, String message) {
    assertThatThrownBy(call::run).isInstanceOfSatisfying(MlflowException.class, e -> {
      assertThat(e.code()).isEqualTo(ErrorCode.INVALID_PARAMETER_VALUE);
      assertThat(e.getMessage()).isEqualTo(message);
    });
  }
}
