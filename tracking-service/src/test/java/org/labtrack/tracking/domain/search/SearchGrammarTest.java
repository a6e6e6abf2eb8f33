package org.labtrack.tracking.domain.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.labtrack.common.error.ErrorCode;
import org.labtrack.common.error.MlflowException;

/**
 * The filter and order_by grammar, case by case. Expected results and messages were checked
 * against MLflow 3.6's own {@code SearchUtils}/{@code SearchExperimentsUtils} (set members are
 * listed in a fixed order here; Python prints sets in hash order).
 */
class SearchGrammarTest {

  private static final String RUN_KEYS = "'{'run_id', 'run_name', 'user_id', 'status', "
      + "'start_time', 'end_time', 'artifact_uri', 'created', 'Created', 'run name', 'Run name', "
      + "'Run Name'}'";
  private static final String RUN_ORDER_KEYS = "'{'run_id', 'run_name', 'user_id', 'status', "
      + "'start_time', 'end_time', 'artifact_uri', 'created', 'Created'}'";
  private static final String ENTITIES =
      "Valid values are ['metric', 'parameter', 'tag', 'attribute', 'dataset']";
  private static final String METRIC_CMP = "'{'>', '>=', '!=', '=', '<', '<='}";
  private static final String PARAM_CMP = "'{'!=', '=', 'LIKE', 'ILIKE'}";
  private static final String STRING_CMP = "'{'!=', '=', 'LIKE', 'ILIKE', 'IN', 'NOT IN'}";

  /** Comparisons rendered compactly: {@code ENTITY key OP value}. */
  private static String render(List<Comparison> comparisons) {
    return comparisons.stream()
        .map(c -> c.entity() + " " + c.key() + " " + c.comparator().symbol() + " "
            + (c.comparator().isList() ? c.values().toString() : c.value()))
        .collect(Collectors.joining(" & "));
  }

  static Stream<Arguments> runFilters() {
    return Stream.of(
        arguments(null, ""),
        arguments("", ""),
        arguments("metrics.acc > 0.5", "METRIC acc > 0.5"),
        arguments("metric.acc>=1", "METRIC acc >= 1"),
        arguments("metrics.a = -1", "METRIC a = -1"),
        arguments("metrics.a != 1e5", "METRIC a != 1e5"),
        arguments("metrics.a < 1E-3", "METRIC a < 1E-3"),
        arguments("metrics.a <= .5", "METRIC a <= .5"),
        arguments("metrics.a > 1.", "METRIC a > 1."),
        arguments("metrics.\"f1 score\" >= 1", "METRIC f1 score >= 1"),
        arguments("metrics.`f1 score` >= 1", "METRIC f1 score >= 1"),
        arguments("metrics.'f1' >= 1", "METRIC f1 >= 1"),
        arguments("`metrics`.a > 1", "METRIC a > 1"),
        arguments("metrics.timestamp > 1", "METRIC timestamp > 1"),
        arguments("metrics.1abc > 1", "METRIC 1abc > 1"),
        arguments("metrics. = 1", "METRIC  = 1"),
        arguments("params.lr = '0.01'", "PARAM lr = 0.01"),
        arguments("param.lr = \"0.01\"", "PARAM lr = 0.01"),
        arguments("parameter.a != ''", "PARAM a != "),
        arguments("parameters.a LIKE '%x_'", "PARAM a LIKE %x_"),
        arguments("params.a like 'x'", "PARAM a LIKE x"),
        arguments("params.a ILIKE 'X'", "PARAM a ILIKE X"),
        arguments("params.a = 'it''s'", "PARAM a = it''s"),
        arguments("params.a = 'it\\'s'", "PARAM a = it\\'s"),
        arguments("params.`a-b` = 'x'", "PARAM a-b = x"),
        arguments("params.\"a/b:c d\" = 'x'", "PARAM a/b:c d = x"),
        arguments("tags.mlflow.runName = 'x'", "TAG mlflow.runName = x"),
        arguments("tag.\"a.b\" ILIKE 'x'", "TAG a.b ILIKE x"),
        arguments("tags.and = 'x'", "TAG and = x"),
        arguments("status = 'FINISHED'", "ATTRIBUTE status = FINISHED"),
        arguments("attributes.status != 'x'", "ATTRIBUTE status != x"),
        arguments("attribute.user_id LIKE 'a%'", "ATTRIBUTE user_id LIKE a%"),
        arguments("attr.artifact_uri ILIKE 's3%'", "ATTRIBUTE artifact_uri ILIKE s3%"),
        arguments("run.run_id = 'abc'", "ATTRIBUTE run_id = abc"),
        arguments("run_name = 'a'", "ATTRIBUTE run_name = a"),
        arguments("`run name` = 'a'", "ATTRIBUTE run_name = a"),
        arguments("\"Run name\" = 'a'", "ATTRIBUTE run_name = a"),
        arguments("attributes.`Run Name` != 'a'", "ATTRIBUTE run_name != a"),
        arguments("start_time > 5", "ATTRIBUTE start_time > 5"),
        arguments("created >= 5", "ATTRIBUTE start_time >= 5"),
        arguments("Created < 5", "ATTRIBUTE start_time < 5"),
        arguments("end_time <= 1.5", "ATTRIBUTE end_time <= 1.5"),
        arguments("run_id IN ('abc', 'DEF', '123', 'a1')", "ATTRIBUTE run_id IN [abc, a1]"),
        arguments("run_id in ('a',)", "ATTRIBUTE run_id IN [a]"),
        arguments("run_id NOT  IN (\"a\", 'b')", "ATTRIBUTE run_id NOT IN [a, b]"),
        arguments("run_id not in ('a' 'b')", "ATTRIBUTE run_id NOT IN [ab]"),
        arguments("run_id IN ('a\\'b')", "ATTRIBUTE run_id IN [a'b]"),
        arguments("run_id IN ('ABC')", "ATTRIBUTE run_id IN []"),
        arguments("datasets.name = 'd'", "DATASET name = d"),
        arguments("dataset.digest LIKE 'a%'", "DATASET digest LIKE a%"),
        arguments("datasets.context ILIKE 'TRAIN%'", "DATASET context ILIKE TRAIN%"),
        arguments("datasets.name IN ('Train', 'eval')", "DATASET name IN [Train, eval]"),
        arguments("datasets.context NOT IN ('training')", "DATASET context NOT IN [training]"),
        arguments("metrics.a > 1 and params.b = 'x' AND tags.c LIKE 'y'",
            "METRIC a > 1 & PARAM b = x & TAG c LIKE y"),
        // MLflow (sqlparse) tolerates missing, doubled, leading and trailing ANDs
        arguments("metrics.a > 1 metrics.b < 2", "METRIC a > 1 & METRIC b < 2"),
        arguments("metrics.a > 1 AND AND metrics.b < 2", "METRIC a > 1 & METRIC b < 2"),
        arguments("AND metrics.a > 1 AND", "METRIC a > 1"),
        arguments("params.a = 'x'AND params.b = 'y'", "PARAM a = x & PARAM b = y"),
        arguments("  metrics.a\t>\n1  ", "METRIC a > 1"));
  }

  @ParameterizedTest
  @MethodSource("runFilters")
  void runFilterIsParsedAsMlflowParsesIt(String filter, String expected) {
    assertThat(render(SearchCriteria.forRuns(filter, null).filter())).isEqualTo(expected);
  }

  static Stream<Arguments> runFilterErrors() {
    return Stream.of(
        arguments(" ", "Invalid filter ' '. Could not be parsed."),
        arguments("metrics.a > 1; metrics.b > 2", "Search filter contained multiple expression "
            + "'metrics.a > 1; metrics.b > 2'. Provide AND-ed expression list."),
        arguments("metrics.a > 1;", "Invalid clause(s) in filter string: ';'"),
        arguments("metrics.a > 1 OR metrics.b < 2", "Invalid clause(s) in filter string: 'OR'"),
        arguments("NOT metrics.a > 1", "Invalid clause(s) in filter string: 'NOT'"),
        arguments("(metrics.a > 1)", "Invalid clause(s) in filter string: '(metrics.a > 1)'"),
        arguments("params.a IS NULL", "Invalid clause(s) in filter string: 'params.a', 'IS', "
            + "'NULL'"),
        arguments("metrics.a > +1", "Invalid clause(s) in filter string: 'metrics.a', '>', '+', "
            + "'1'"),
        arguments("metrics.a < = 1", "Invalid clause(s) in filter string: 'metrics.a', '<', "
            + "'=', '1'"),
        arguments("run_id IN 'a'", "Invalid clause(s) in filter string: 'run_id', 'IN', ''a''"),
        arguments("metrics.a b > 1", "Invalid clause(s) in filter string: 'metrics.a'"),
        arguments("1 = metrics.a", "Invalid comparison clause. Expected 'Identifier' found '1'"),
        arguments("'a' = 'b'", "Invalid comparison clause. Expected 'Identifier' found ''a''"),
        arguments("foo.bar = 'x'", "Invalid entity type 'foo'. " + ENTITIES),
        arguments("Metrics.a > 1", "Invalid entity type 'Metrics'. " + ENTITIES),
        arguments("\"tags\".a = 'x'", "Invalid entity type '\"tags\"'. " + ENTITIES),
        arguments("`tags.a` = 'x'", "Invalid entity type '`tags'. " + ENTITIES),
        arguments("name = 'x'", "Invalid attribute key 'name' specified. Valid keys are "
            + RUN_KEYS),
        arguments("attributes.lifecycle_stage = 'x'", "Invalid attribute key 'lifecycle_stage' "
            + "specified. Valid keys are " + RUN_KEYS),
        arguments("datasets.other = 'x'", "Invalid dataset key 'other' specified. Valid keys are "
            + "'{'name', 'digest', 'context'}'"),
        arguments("metrics.a > 'x'", "Expected numeric value type for metric. Found 'x'"),
        arguments("metrics.a = \"1\"", "Expected numeric value type for metric. Found \"1\""),
        arguments("metrics.a>1AND metrics.b<2", "Expected numeric value type for metric. Found 1AND"),
        arguments("metrics.a IN (1)", "Expected numeric value type for metric. Found (1)"),
        arguments("params.a = 1", "Expected a quoted string value for parameter (e.g. "
            + "'my-value'). Got value 1"),
        arguments("params.a = NULL", "Expected a quoted string value for parameter (e.g. "
            + "'my-value'). Got value NULL"),
        arguments("tags.a NOT IN ('x')", "Expected a quoted string value for tag (e.g. "
            + "'my-value'). Got value ('x')"),
        arguments("params.a = x", "Parameter value is either not quoted or unidentified quote "
            + "types used for string value x. Use either single or double quotes."),
        arguments("tags.a = `x`", "Parameter value is either not quoted or unidentified quote "
            + "types used for string value `x`. Use either single or double quotes."),
        arguments("start_time = 'x'", "Expected numeric value type for numeric attribute: "
            + "start_time. Found 'x'"),
        arguments("end_time IN (1)", "Expected numeric value type for numeric attribute: "
            + "end_time. Found (1)"),
        arguments("status = 1", "Expected a quoted string value for attributes. Got value 1"),
        arguments("datasets.name = 1", "Expected a quoted string value for dataset attributes. "
            + "Got value 1"),
        arguments("status IN ('a')", "Only the 'run_id' attribute supports comparison with a "
            + "list of quoted string values."),
        arguments("run_name NOT IN ('a')", "Only the 'run_id' attribute supports comparison with "
            + "a list of quoted string values."),
        arguments("run_id IN ()", "While parsing a list in the query, expected a non-empty list "
            + "of string values, but got empty list"),
        arguments("run_id IN (1, 2)", "While parsing a list in the query, expected string value, "
            + "punctuation, or whitespace, but got different type in list: (1, 2)"),
        arguments("datasets.name IN (1)", "While parsing a list in the query, expected string "
            + "value, punctuation, or whitespace, but got different type in list: (1,)"),
        arguments("run_id IN ('a', 2)", "While parsing a list in the query, expected string "
            + "value, punctuation, or whitespace, but got different type in list: ('a', 2)"),
        arguments("run_id IN (a)", "While parsing a list in the query, expected a non-empty list "
            + "of string values, but got ill-formed list."),
        arguments("metrics.a == 1", "Invalid comparator '==' not one of " + METRIC_CMP),
        arguments("metrics.a LIKE 1", "Invalid comparator 'LIKE' not one of " + METRIC_CMP),
        arguments("params.a > 'x'", "Invalid comparator '>' not one of " + PARAM_CMP + "'"),
        arguments("params.a NOT LIKE 'x'", "Invalid comparator 'NOT LIKE' not one of "
            + PARAM_CMP + "'"),
        arguments("tags.a <> 'x'", "Invalid comparator '<>' not one of " + PARAM_CMP),
        arguments("status >= 'x'", "Invalid comparator '>=' not one of " + STRING_CMP + "'"),
        arguments("start_time like 1", "Invalid comparator 'LIKE' not one of " + STRING_CMP),
        arguments("datasets.name > 'x'", "Invalid comparator '>' not one of " + STRING_CMP),
        arguments("run_id = ('a')", "Invalid comparator '=' for a list of values: use IN or "
            + "NOT IN"),
        // sqlparse keywords and hex numbers are no operands; a word starts with a word character
        arguments("tags.x = true", "Invalid clause(s) in filter string: 'tags.x', '=', 'true'"),
        arguments("params.a = FALSE", "Invalid clause(s) in filter string: 'params.a', '=', "
            + "'FALSE'"),
        arguments("params.a = 'x' AND exists", "Invalid clause(s) in filter string: 'exists'"),
        arguments("metrics.a = 0x1f", "Invalid clause(s) in filter string: 'metrics.a', '=', "
            + "'0x1f'"),
        arguments("#x = 'a'", "Invalid clause(s) in filter string: '#'"));
  }

  @ParameterizedTest
  @MethodSource("runFilterErrors")
  void runFilterErrorIsWordedAsMlflowWordsIt(String filter, String message) {
    assertInvalid(() -> SearchCriteria.forRuns(filter, null), message);
  }

  static Stream<Arguments> runOrders() {
    return Stream.of(
        arguments("metrics.a", "METRIC a ASC"),
        arguments("metric.a DESC", "METRIC a DESC"),
        arguments("metrics.a desc", "METRIC a DESC"),
        arguments("metrics.a\tasc", "METRIC a ASC"),
        arguments("metrics.a  DESC", "METRIC a DESC"),
        arguments("metrics.`a b` DESC", "METRIC a b DESC"),
        arguments("metrics.\"a b\" DESC", "METRIC a b DESC"),
        arguments("metrics.'a b'", "METRIC a b ASC"),
        arguments("`metrics`.a DESC", "METRIC a DESC"),
        arguments("params.p", "PARAM p ASC"),
        arguments("tags.mlflow.runName DESC", "TAG mlflow.runName DESC"),
        arguments("tags.\"mlflow.runName\" DESC", "TAG mlflow.runName DESC"),
        arguments("start_time", "ATTRIBUTE start_time ASC"),
        arguments("attributes.start_time DESC", "ATTRIBUTE start_time DESC"),
        arguments("created DESC", "ATTRIBUTE start_time DESC"),
        arguments("Created", "ATTRIBUTE start_time ASC"),
        arguments("run_name", "ATTRIBUTE run_name ASC"),
        arguments("run_id DESC", "ATTRIBUTE run_id DESC"),
        arguments("attr.end_time", "ATTRIBUTE end_time ASC"),
        arguments("status", "ATTRIBUTE status ASC"),
        arguments("user_id", "ATTRIBUTE user_id ASC"),
        arguments("artifact_uri DESC", "ATTRIBUTE artifact_uri DESC"),
        // shlex keeps a backslash inside double quotes unless it escapes " or itself
        arguments("metrics.\"a\\$b\" DESC", "METRIC a\\$b DESC"));
  }

  @ParameterizedTest
  @MethodSource("runOrders")
  void runOrderByIsParsedAsMlflowParsesIt(String clause, String expected) {
    OrderKey key = SearchCriteria.forRuns(null, List.of(clause)).orderBy().get(0);
    assertThat(key.entity() + " " + key.key() + (key.ascending() ? " ASC" : " DESC"))
        .isEqualTo(expected);
  }

  static Stream<Arguments> runOrderErrors() {
    return Stream.of(
        arguments(List.of(""), "Invalid order_by clause ''. Could not be parsed."),
        arguments(List.of(" metrics.a"), "Invalid order_by clause ' metrics.a'. Could not be "
            + "parsed."),
        arguments(List.of("metrics.a "), "Invalid order_by clause 'metrics.a '. Could not be "
            + "parsed."),
        arguments(List.of("metrics.a DESC ASC"), "Invalid order_by clause 'metrics.a DESC ASC'. "
            + "Could not be parsed."),
        arguments(List.of("metrics.a,metrics.b"), "Invalid order_by clause "
            + "'metrics.a,metrics.b'. Could not be parsed."),
        arguments(List.of("metrics.a NULLS LAST"), "Invalid order_by clause 'metrics.a NULLS "
            + "LAST'. Could not be parsed."),
        arguments(List.of("metrics.a DOWN"), "Invalid ordering key in order_by clause "
            + "'metrics.a DOWN'."),
        arguments(List.of("foo.bar"), "Invalid entity type 'foo'. " + ENTITIES),
        arguments(List.of("name"), "Invalid attribute key 'name' specified. Valid keys are "
            + RUN_ORDER_KEYS),
        arguments(List.of("`run name`"), "Invalid attribute key 'run name' specified. Valid "
            + "keys are " + RUN_ORDER_KEYS),
        arguments(List.of("datasets.name"), "Invalid identifier type 'dataset'"),
        arguments(List.of("metrics.a", "metric.a DESC"), "`order_by` contains duplicate fields: "
            + "['metrics.a', 'metric.a DESC']"),
        arguments(List.of("created", "start_time DESC"), "`order_by` contains duplicate fields: "
            + "['created', 'start_time DESC']"),
        arguments(List.of("bad one", "metrics.a", "metrics.a"), "Invalid ordering key in "
            + "order_by clause 'bad one'."),
        // sqlparse groups a number with a direction; MLflow then refuses the key
        arguments(List.of("1 DESC"), "Invalid attribute key '1' specified. Valid keys are "
            + RUN_ORDER_KEYS),
        // shlex fails on the unclosed quote (a 500 in MLflow)
        arguments(List.of("`a\"b` DESC"), "Invalid order_by clause '`a\"b` DESC'. Could not be "
            + "parsed."));
  }

  @ParameterizedTest
  @MethodSource("runOrderErrors")
  void runOrderByErrorIsWordedAsMlflowWordsIt(List<String> orderBy, String message) {
    assertInvalid(() -> SearchCriteria.forRuns(null, orderBy), message);
  }

  @Test
  void runsCheckFilterSyntaxThenOrderByThenComparators() {
    assertInvalid(() -> SearchCriteria.forRuns("metrics.a > 'x'", List.of("nope")),
        "Expected numeric value type for metric. Found 'x'");
    assertInvalid(() -> SearchCriteria.forRuns("metrics.a LIKE 1", List.of("name")),
        "Invalid attribute key 'name' specified. Valid keys are " + RUN_ORDER_KEYS);
  }

  static Stream<Arguments> experimentFilters() {
    return Stream.of(
        arguments("name = 'x'", "ATTRIBUTE name = x"),
        arguments("attribute.name != \"x\"", "ATTRIBUTE name != x"),
        arguments("name LIKE 'x%'", "ATTRIBUTE name LIKE x%"),
        arguments("name like 'x%'", "ATTRIBUTE name LIKE x%"),
        arguments("name ILIKE 'X%'", "ATTRIBUTE name ILIKE X%"),
        arguments("creation_time > 1", "ATTRIBUTE creation_time > 1"),
        arguments("last_update_time <= 1.5", "ATTRIBUTE last_update_time <= 1.5"),
        arguments("tags.a = 'x'", "TAG a = x"),
        arguments("tag.`a b` != 'x'", "TAG a b != x"),
        arguments("tags.\"a.b\" LIKE 'x'", "TAG a.b LIKE x"),
        arguments("name != 'x' AND tags.k ILIKE 'v'", "ATTRIBUTE name != x & TAG k ILIKE v"));
  }

  @ParameterizedTest
  @MethodSource("experimentFilters")
  void experimentFilterIsParsedAsMlflowParsesIt(String filter, String expected) {
    assertThat(render(SearchCriteria.forExperiments(filter, null).filter())).isEqualTo(expected);
  }

  static Stream<Arguments> experimentErrors() {
    String keys = "'{'name', 'creation_time', 'last_update_time'}'";
    String types = "Valid entity types are ('attribute', 'tag', 'tags')";
    return Stream.of(
        arguments("name = 'a' OR name = 'b'", List.of(), "Invalid clause(s) in filter string: OR"),
        arguments("name IS NULL", List.of(), "Invalid clause(s) in filter string: name, IS, NULL"),
        arguments("attributes.name = 'x'", List.of(), "Invalid entity type 'attributes'. " + types),
        arguments("`tags`.a = 'x'", List.of(), "Invalid entity type '`tags`'. " + types),
        arguments("metrics.a > 1", List.of(), "Invalid entity type 'metrics'. " + types),
        arguments("experiment_id = 1", List.of(), "Invalid attribute key 'experiment_id' "
            + "specified. Valid keys are " + keys),
        arguments("name = 1", List.of(), "Expected a quoted string value for attributes. Got "
            + "value 1"),
        arguments("creation_time = 'x'", List.of(), "Expected numeric value type for numeric "
            + "attribute: creation_time. Found 'x'"),
        arguments("name IN ('a')", List.of(), "Only the 'run_id' attribute supports comparison "
            + "with a list of quoted string values."),
        arguments("tags.a = 1", List.of(), "Expected a quoted string value for tag (e.g. "
            + "'my-value'). Got value 1"),
        arguments("name > 'x'", List.of(), "Invalid comparator '>' not one of " + STRING_CMP + "'"),
        arguments("creation_time LIKE 1", List.of(), "Invalid comparator 'LIKE' not one of "
            + STRING_CMP),
        arguments("tags.a > 'x'", List.of(), "Invalid comparator for tag: >"),
        arguments(null, List.of("tags.a"), "Invalid order_by entity: tag"),
        arguments(null, List.of("lifecycle_stage"), "Invalid attribute key 'lifecycle_stage' "
            + "specified. Valid keys are '{'name', 'experiment_id', 'creation_time', "
            + "'last_update_time'}'"),
        arguments(null, List.of("name UP"), "Invalid ordering key in order_by clause 'name UP'."),
        // experiments check comparators before order_by
        arguments("tags.a > 'x'", List.of("nope"), "Invalid comparator for tag: >"));
  }

  @ParameterizedTest
  @MethodSource("experimentErrors")
  void experimentErrorIsWordedAsMlflowWordsIt(String filter, List<String> orderBy, String message) {
    assertInvalid(() -> SearchCriteria.forExperiments(filter, orderBy), message);
  }

  @Test
  void experimentOrderDefaultsToCreationTimeDescThenId() {
    assertThat(SearchCriteria.forExperiments(null, List.of()).orderBy()).containsExactly(
        new OrderKey(SearchEntity.ATTRIBUTE, "creation_time", false),
        new OrderKey(SearchEntity.ATTRIBUTE, "experiment_id", true));
    assertThat(SearchCriteria.forExperiments(null, List.of("name DESC", "last_update_time"))
        .orderBy()).containsExactly(new OrderKey(SearchEntity.ATTRIBUTE, "name", false),
            new OrderKey(SearchEntity.ATTRIBUTE, "last_update_time", true));
  }

  @Test
  void maxResultsBounds() {
    SearchLimits.checkRunsMaxResults(1);
    SearchLimits.checkRunsMaxResults(50_000);
    SearchLimits.checkExperimentsMaxResults(1);
    SearchLimits.checkExperimentsMaxResults(50_000);
    assertInvalid(() -> SearchLimits.checkRunsMaxResults(0), "Invalid value 0 for parameter "
        + "'max_results' supplied. It must be a positive integer");
    assertInvalid(() -> SearchLimits.checkRunsMaxResults(50_001), "Invalid value 50001 for "
        + "parameter 'max_results' supplied:  Hint: Value was of type 'int'. See the API docs "
        + "for more information about request parameters.");
    assertInvalid(() -> SearchLimits.checkExperimentsMaxResults(0), "Invalid value 0 for "
        + "parameter 'max_results' supplied. It must be a positive integer");
    assertInvalid(() -> SearchLimits.checkExperimentsMaxResults(50_001), "Invalid value 50001 "
        + "for parameter 'max_results' supplied. It must be at most 50000");
  }

  private static void assertInvalid(Runnable call, String message) {
    assertThatThrownBy(call::run)
        .isInstanceOfSatisfying(MlflowException.class,
            e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_PARAMETER_VALUE))
        .hasMessage(message);
  }
}
