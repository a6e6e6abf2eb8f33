package org.labtrack.tracking.store.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.labtrack.common.error.ErrorCode;
import org.labtrack.common.error.MlflowException;
import org.labtrack.tracking.domain.ViewType;
import org.labtrack.tracking.domain.search.RunQuery;
import org.labtrack.tracking.store.RunStore;
import org.labtrack.tracking.support.MariaDbTestResource;

@QuarkusTest
@QuarkusTestResource(value = MariaDbTestResource.class, restrictToAnnotatedClass = false)
class RunSearchStoreTest {

  @Inject
  RunSearchStore store;

  @Inject
  RunStore runs;

  @Inject
  AgroalDataSource dataSource;

  SearchSeed seed;
  long exp;

  @BeforeEach
  void freshExperiment() {
    seed = new SearchSeed(dataSource);
    exp = seed.experiment("runs-" + UUID.randomUUID());
  }

  private List<String> search(String filter, String... orderBy) {
    return search(List.of(exp), ViewType.ACTIVE_ONLY, filter, orderBy);
  }

  private List<String> search(List<Long> exps, ViewType view, String filter, String... orderBy) {
    RunSearchStore.Page page = store.search(new RunQuery(exps, filter, view, 1000, List.of(orderBy), null));
    return page.runIds();
  }

  private static void assertInvalid(Runnable call, String message) {
    assertThatThrownBy(call::run)
        .isInstanceOfSatisfying(MlflowException.class,
            e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_PARAMETER_VALUE))
        .hasMessage(message);
  }

  // ---------------------------------------------------------------- metrics

  /** Six runs: acc 0.9, 0.5, NaN, (none), -1, 0.5, started at 1000, 2000, 3000, 4000, 5000, 2000. */
  private List<String> seedAccuracies() {
    List<String> ids = new ArrayList<>();
    long[] starts = {1000, 2000, 3000, 4000, 5000, 2000};
    double[] acc = {0.9, 0.5, Double.NaN, 0, -1.0, 0.5};
    for (int i = 0; i < starts.length; i++) {
      String id = seed.run(exp, "r" + (i + 1), starts[i]);
      seed.metric(id, i == 3 ? "other" : "acc", acc[i]);
      ids.add(id);
    }
    return ids;
  }

  @Test
  void metricFiltersCompareTheLatestValueAndNanComparesAsZero() {
    List<String> r = seedAccuracies();
    String r1 = r.get(0), r2 = r.get(1), r3 = r.get(2), r4 = r.get(3), r5 = r.get(4), r6 = r.get(5);

    assertThat(search(null)).containsExactly(r5, r4, r3, r2, r6, r1);
    assertThat(search("metrics.acc > 0.5")).containsExactly(r1);
    assertThat(search("metrics.acc >= 0.5")).containsExactly(r2, r6, r1);
    // MLflow stores NaN as 0 with is_nan set and compares the stored value
    assertThat(search("metrics.acc = 0")).containsExactly(r3);
    assertThat(search("metrics.acc != 0.5")).containsExactly(r5, r3, r1);
    assertThat(search("metrics.acc < 0.5")).containsExactly(r5, r3);
    assertThat(search("metric.acc <= -1")).containsExactly(r5);
    assertThat(search("metrics.acc > -1e1 and metrics.acc < 1E0")).containsExactly(r5, r3, r2, r6, r1);
    assertThat(search("metrics.`acc` >= .5")).containsExactly(r2, r6, r1);
    assertThat(search("metrics.missing > 0")).isEmpty();
  }

  @Test
  void metricOrderPutsNanAfterValuesAndMissingLastInBothDirections() {
    List<String> r = seedAccuracies();
    String r1 = r.get(0), r2 = r.get(1), r3 = r.get(2), r4 = r.get(3), r5 = r.get(4), r6 = r.get(5);

    assertThat(search(null, "metrics.acc DESC")).containsExactly(r1, r2, r6, r5, r3, r4);
    assertThat(search(null, "metrics.acc")).containsExactly(r5, r2, r6, r1, r3, r4);
    assertThat(search(null, "metric.acc ASC", "start_time ASC")).containsExactly(r5, r2, r6, r1, r3, r4);
    assertThat(search("metrics.acc >= 0", "metrics.acc DESC")).containsExactly(r1, r2, r6, r3);
  }

  // ---------------------------------------------------------------- params and tags

  @Test
  void paramComparatorsAreCaseSensitiveExceptIlike() {
    String p1 = seed.run(exp, "p1", 4000);
    String p2 = seed.run(exp, "p2", 3000);
    String p3 = seed.run(exp, "p3", 2000);
    String p4 = seed.run(exp, "p4", 1000);
    seed.param(p1, "model", "ResNet");
    seed.param(p2, "model", "resnet");
    seed.param(p3, "model", "res_net");
    seed.param(p1, "lr", "0.01");
    seed.param(p2, "lr", "0.1");
    seed.param(p3, "lr", "0.01 ");

    assertThat(search("params.model = 'resnet'")).containsExactly(p2);
    assertThat(search("param.model = \"ResNet\"")).containsExactly(p1);
    assertThat(search("params.model != 'resnet'")).containsExactly(p1, p3);
    assertThat(search("params.model LIKE 'res%'")).containsExactly(p2, p3);
    assertThat(search("params.model like 'Res%'")).containsExactly(p1);
    assertThat(search("params.model ILIKE 'RES%'")).containsExactly(p1, p2, p3);
    assertThat(search("parameter.model LIKE 'res_net'")).containsExactly(p3);
    assertThat(search("parameters.model ILIKE '%NET'")).containsExactly(p1, p2, p3);
    // MLflow compares '=' byte-wise on MySQL, so a trailing space counts
    assertThat(search("params.lr = '0.01'")).containsExactly(p1);
    assertThat(search("params.lr LIKE '0.01%'")).containsExactly(p1, p3);
    assertThat(search("params.lr = '0.01' AND params.model = 'ResNet'")).containsExactly(p1);
    assertThat(search("params.model = 'resnet' AND params.lr = '0.01'")).isEmpty();

    assertThat(search(null, "params.model")).containsExactly(p1, p3, p2, p4);
    assertThat(search(null, "params.model DESC")).containsExactly(p2, p3, p1, p4);
  }

  @Test
  void tagComparatorsAndOrder() {
    String t1 = seed.run(exp, "t1", 3000);
    String t2 = seed.run(exp, "t2", 2000);
    String t3 = seed.run(exp, "t3", 1000);
    seed.tag(t1, "team", "Vision");
    seed.tag(t2, "team", "nlp");
    seed.tag(t1, "mlflow.user", "bob");

    assertThat(search("tags.team = 'nlp'")).containsExactly(t2);
    assertThat(search("tag.team != 'nlp'")).containsExactly(t1);
    assertThat(search("tags.team LIKE 'v%'")).isEmpty();
    assertThat(search("tags.team ILIKE 'v%'")).containsExactly(t1);
    assertThat(search("tags.\"mlflow.user\" = 'bob'")).containsExactly(t1);
    assertThat(search("tags.mlflow.user = 'bob'")).containsExactly(t1);
    assertThat(search("tags.`mlflow.user` LIKE '%o%'")).containsExactly(t1);
    assertThat(search(null, "tags.team ASC")).containsExactly(t1, t2, t3);
    assertThat(search(null, "tags.team DESC")).containsExactly(t2, t1, t3);
  }

  // ---------------------------------------------------------------- attributes

  @Test
  void stringAttributes() {
    String a = SearchSeed.runId("a");
    String b = SearchSeed.runId("b");
    String c = SearchSeed.runId("c");
    seed.run(exp, a, "col-a", "alice", "RUNNING", 3000L, null, "active");
    seed.run(exp, b, "col-b", "Alice", "FINISHED", 2000L, 2500L, "active");
    seed.run(exp, c, "col-c", null, "FAILED", 1000L, 1500L, "active");
    seed.tag(a, "mlflow.runName", "tag-a");
    seed.tag(b, "mlflow.runName", "Tag-B");

    assertThat(search("status = 'RUNNING'")).containsExactly(a);
    assertThat(search("attributes.status != 'FINISHED'")).containsExactly(a, c);
    assertThat(search("attribute.status LIKE 'F%'")).containsExactly(b, c);
    assertThat(search("run.status ILIKE 'run%'")).containsExactly(a);
    assertThat(search("attr.user_id = 'alice'")).containsExactly(a);
    assertThat(search("user_id != 'alice'")).containsExactly(b);
    assertThat(search("artifact_uri LIKE '%/" + b + "/artifacts'")).containsExactly(b);
    assertThat(search("run_id = '" + b + "'")).containsExactly(b);
    assertThat(search("run_id != '" + b + "'")).containsExactly(a, c);
    assertThat(search("run_id LIKE '" + b.substring(0, 12) + "%'")).containsExactly(b);

    // run_name is matched against the mlflow.runName tag, not the runs.name column
    assertThat(search("run_name = 'tag-a'")).containsExactly(a);
    assertThat(search("run_name = 'col-a'")).isEmpty();
    assertThat(search("attributes.`run name` ILIKE 'tag-%'")).containsExactly(a, b);
    assertThat(search("\"Run Name\" LIKE 'Tag%'")).containsExactly(b);
    assertThat(search("run_name != 'tag-a'")).containsExactly(b);
    // ...while ordering by run_name uses the column, as MLflow's SQL store does
    assertThat(search(null, "run_name DESC")).containsExactly(c, b, a);
    assertThat(search(null, "user_id")).containsExactly(b, a, c);
    assertThat(search(null, "user_id DESC")).containsExactly(a, b, c);
    assertThat(search(null, "status")).containsExactly(c, b, a);
    assertThat(search(null, "run_id DESC")).containsExactly(c, b, a);
  }

  @Test
  void runIdListsDropIdsThatAreNotLowerCaseAsMlflowDoes() {
    String a = seed.run(exp, "a", 3000);
    String b = seed.run(exp, "b", 2000);
    String c = seed.run(exp, "c", 1000);

    assertThat(search("run_id IN ('" + a + "', '" + c + "')")).containsExactly(a, c);
    assertThat(search("attributes.run_id in (\"" + b + "\",)")).containsExactly(b);
    assertThat(search("run_id NOT IN ('" + a + "')")).containsExactly(b, c);
    assertThat(search("run_id not in ('" + a + "', '" + b + "')")).containsExactly(c);
    // upper-cased ids are dropped; an empty IN matches nothing, an empty NOT IN everything
    assertThat(search("run_id IN ('" + a.toUpperCase() + "')")).isEmpty();
    assertThat(search("run_id IN ('" + a.toUpperCase() + "', '" + b + "')")).containsExactly(b);
    assertThat(search("run_id NOT IN ('" + a.toUpperCase() + "')")).containsExactly(a, b, c);
    assertThat(search("run_id IN ('" + a + "') AND run_id IN ('" + b + "')")).isEmpty();
  }

  @Test
  void numericAttributesAndNullsLast() {
    String a = SearchSeed.runId("a");
    String b = SearchSeed.runId("b");
    String c = SearchSeed.runId("c");
    String d = SearchSeed.runId("d");
    seed.run(exp, a, "a", "u", "FINISHED", 1000L, 1500L, "active");
    seed.run(exp, b, "b", "u", "FINISHED", 2000L, null, "active");
    seed.run(exp, c, "c", "u", "FINISHED", 3000L, 3500L, "active");
    seed.run(exp, d, "d", "u", "FINISHED", null, null, "active");

    assertThat(search(null)).containsExactly(c, b, a, d);
    assertThat(search("start_time >= 2000")).containsExactly(c, b);
    assertThat(search("created < 2000")).containsExactly(a);
    assertThat(search("Created = 2000")).containsExactly(b);
    assertThat(search("attributes.start_time != 2000")).containsExactly(c, a);
    assertThat(search("start_time > 1999.5")).containsExactly(c, b);
    assertThat(search("end_time > 0")).containsExactly(c, a);
    assertThat(search("end_time != 1500")).containsExactly(c);
    assertThat(search("end_time <= 1500 AND start_time = 1000")).containsExactly(a);

    assertThat(search(null, "start_time")).containsExactly(a, b, c, d);
    assertThat(search(null, "created DESC")).containsExactly(c, b, a, d);
    assertThat(search(null, "end_time")).containsExactly(a, c, b, d);
    assertThat(search(null, "end_time DESC")).containsExactly(c, a, b, d);
  }

  // ---------------------------------------------------------------- datasets

  @Test
  void datasetFilters() {
    String r1 = seed.run(exp, "r1", 3000);
    String r2 = seed.run(exp, "r2", 2000);
    String r3 = seed.run(exp, "r3", 1000);
    seed.input(exp, r1, "train-set", "abc", "training");
    seed.input(exp, r1, "Eval", "def", "evaluation");
    seed.input(exp, r2, "train-set", "abc", null);

    assertThat(search("datasets.name = 'train-set'")).containsExactly(r1, r2);
    assertThat(search("dataset.name = 'Eval'")).containsExactly(r1);
    assertThat(search("datasets.name = 'eval'")).isEmpty();
    assertThat(search("datasets.name ILIKE 'eval'")).containsExactly(r1);
    assertThat(search("datasets.name LIKE 'train%'")).containsExactly(r1, r2);
    assertThat(search("datasets.name != 'train-set'")).containsExactly(r1);
    assertThat(search("datasets.digest IN ('def', 'zzz')")).containsExactly(r1);
    assertThat(search("datasets.digest NOT IN ('abc')")).containsExactly(r1);
    assertThat(search("datasets.name IN ('Eval')")).containsExactly(r1);
    assertThat(search("datasets.context = 'training'")).containsExactly(r1);
    assertThat(search("datasets.context LIKE '%ion'")).containsExactly(r1);
    assertThat(search("datasets.context NOT IN ('training')")).containsExactly(r1);
    assertThat(search("datasets.context IN ('training', 'evaluation')")).containsExactly(r1);
    assertThat(search("datasets.name LIKE 'train%' AND datasets.context = 'training'"))
        .containsExactly(r1);
    assertThat(search("datasets.name = 'nope'")).isEmpty();
    assertThat(search(null)).containsExactly(r1, r2, r3);
  }

  // ---------------------------------------------------------------- scope

  @Test
  void viewTypesAndSeveralExperiments() {
    long other = seed.experiment("runs-other-" + UUID.randomUUID());
    String a = seed.run(exp, "a", 4000);
    String b = SearchSeed.runId("b");
    seed.run(exp, b, "b", "u", "FINISHED", 3000L, null, "deleted");
    String c = seed.run(other, "c", 2000);
    String d = SearchSeed.runId("d");
    seed.run(other, d, "d", "u", "FINISHED", 5000L, null, "deleted");

    assertThat(search(List.of(exp), ViewType.ACTIVE_ONLY, null)).containsExactly(a);
    assertThat(search(List.of(exp), ViewType.DELETED_ONLY, null)).containsExactly(b);
    assertThat(search(List.of(exp), ViewType.ALL, null)).containsExactly(a, b);
    assertThat(search(List.of(exp, other), ViewType.ACTIVE_ONLY, null)).containsExactly(a, c);
    assertThat(search(List.of(other, exp), ViewType.ALL, null)).containsExactly(d, a, b, c);
    assertThat(search(List.of(exp, other), ViewType.DELETED_ONLY, "start_time > 4000"))
        .containsExactly(d);
    assertThat(search(List.of(), ViewType.ALL, null)).isEmpty();
    assertThat(search(List.of(-5L), ViewType.ALL, null)).isEmpty();
  }

  // ---------------------------------------------------------------- paging

  @Test
  void pagesConcatenateToTheFullResultForEveryOrderAndPageSize() {
    for (int i = 0; i < 23; i++) {
      String id = seed.run(exp, "run-" + (i % 5), 1000L * (i % 7));
      if (i % 4 != 0) {
        seed.metric(id, "m", i % 3 == 0 ? Double.NaN : (i % 5) / 2.0);
      }
      if (i % 3 != 0) {
        seed.param(id, "p", "v" + (i % 4));
      }
    }
    List<List<String>> orders = List.of(List.of(), List.of("metrics.m DESC"), List.of("metrics.m"),
        List.of("params.p", "metrics.m DESC"), List.of("start_time ASC"), List.of("run_name DESC"),
        List.of("end_time"), List.of("tags.mlflow.runName", "run_id DESC"));
    for (List<String> order : orders) {
      for (String filter : new String[] {null, "metrics.m >= 0.5", "params.p != 'v1'"}) {
        List<String> all = store.search(new RunQuery(List.of(exp), filter, ViewType.ALL, 1000,
            order, null)).runIds();
        assertThat(all).doesNotHaveDuplicates();
        for (int size : new int[] {1, 2, 3, 7, all.size(), all.size() + 1}) {
          if (size == 0) {
            continue;
          }
          assertThat(pageThrough(filter, order, size)).as("%s %s by %d", order, filter, size)
              .isEqualTo(all);
        }
      }
    }
  }

  private List<String> pageThrough(String filter, List<String> order, int size) {
    List<String> seen = new ArrayList<>();
    String token = null;
    for (int guard = 0; guard < 200; guard++) {
      RunSearchStore.Page page = store.search(new RunQuery(List.of(exp), filter, ViewType.ALL,
          size, order, token));
      seen.addAll(page.runIds());
      // the rows read with the page are the runs' own, as read by id
      assertThat(page.runs()).containsExactlyInAnyOrderElementsOf(runs.rows(page.runIds()));
      // MLflow sends a token exactly when the page is full, even if nothing follows
      assertThat(page.nextPageToken() != null).isEqualTo(page.runIds().size() == size);
      token = page.nextPageToken();
      if (token == null) {
        return seen;
      }
    }
    throw new AssertionError("paging did not end");
  }

  @Test
  void insertsBetweenPagesNeitherSkipNorRepeatARun() {
    List<String> original = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      String id = seed.run(exp, "orig-" + i, 100L * (i + 1));
      seed.metric(id, "score", i % 4);
      original.add(id);
    }
    for (List<String> order : List.of(List.<String>of(), List.of("metrics.score DESC"))) {
      List<String> seen = new ArrayList<>();
      String token = null;
      int round = 0;
      do {
        RunSearchStore.Page page = store.search(new RunQuery(List.of(exp), "metrics.score >= 0",
            ViewType.ACTIVE_ONLY, 4, order, token));
        seen.addAll(page.runIds());
        token = page.nextPageToken();
        // new runs land before, among and after the rows already served, with equal sort keys too
        for (long start : new long[] {5000L, 100L * (round + 1), 50L}) {
          String id = seed.run(exp, "new-" + round + "-" + start, start);
          seed.metric(id, "score", round % 4);
        }
        round++;
      } while (token != null);
      assertThat(seen).as("order %s", order).doesNotHaveDuplicates().containsAll(original);
    }
  }

  @Test
  void pageTokensAreBoundToTheirQuery() {
    for (int i = 0; i < 3; i++) {
      seed.run(exp, "r" + i, 1000L * i);
    }
    String token = store.search(new RunQuery(List.of(exp), "attributes.status = 'FINISHED'",
        ViewType.ACTIVE_ONLY, 1, List.of("start_time"), null)).nextPageToken();
    assertThat(token).isNotNull();
    // the same query goes on
    assertThat(store.search(new RunQuery(List.of(exp), "attributes.status = 'FINISHED'",
        ViewType.ACTIVE_ONLY, 2, List.of("start_time"), token)).runIds()).hasSize(2);

    String refused = "Invalid page token, it belongs to a different search (experiment ids, "
        + "filter, order_by or view type differ)";
    assertInvalid(() -> store.search(new RunQuery(List.of(exp), "attributes.status = 'RUNNING'",
        ViewType.ACTIVE_ONLY, 1, List.of("start_time"), token)), refused);
    assertInvalid(() -> store.search(new RunQuery(List.of(exp), "attributes.status = 'FINISHED'",
        ViewType.ACTIVE_ONLY, 1, List.of("start_time DESC"), token)), refused);
    assertInvalid(() -> store.search(new RunQuery(List.of(exp, exp + 1), "attributes.status = "
        + "'FINISHED'", ViewType.ACTIVE_ONLY, 1, List.of("start_time"), token)), refused);
    assertInvalid(() -> store.search(new RunQuery(List.of(exp), "attributes.status = 'FINISHED'",
        ViewType.ALL, 1, List.of("start_time"), token)), refused);
    assertInvalid(() -> store.search(new RunQuery(List.of(exp), null, ViewType.ALL, 1, null,
        "!!!")), "Invalid page token, decoded value=b''");
    assertInvalid(() -> store.search(new RunQuery(List.of(exp), null, ViewType.ALL, 1, null,
        b64("{\"limit\": 3}"))), "Invalid page token, parsed value={\"limit\":3}");
    assertInvalid(() -> store.search(new RunQuery(List.of(exp), null, ViewType.ALL, 1, null,
        b64("{\"offset\": \"x\"}"))), "Invalid page token, not stringable x");
  }

  @Test
  void mlflowOffsetTokensStillWork() {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      ids.add(0, seed.run(exp, "r" + i, 1000L * i));
    }
    RunSearchStore.Page page = store.search(new RunQuery(List.of(exp), null, ViewType.ACTIVE_ONLY, 2, null,
        b64("{\"offset\": 2}")));
    assertThat(page.runIds()).containsExactlyElementsOf(ids.subList(2, 4));
    RunSearchStore.Page rest = store.search(new RunQuery(List.of(exp), null, ViewType.ACTIVE_ONLY, 2, null,
        page.nextPageToken()));
    assertThat(rest.runIds()).containsExactly(ids.get(4));
    assertThat(rest.nextPageToken()).isNull();
  }

  private static String b64(String json) {
    return Base64.getEncoder().encodeToString(json.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void maxResultsBoundsAndErrorsSurfaceBeforeAnyQuery() {
    seed.run(exp, "r", 1);
    assertInvalid(() -> store.search(new RunQuery(List.of(exp), null, ViewType.ALL, 0, null, null)),
        "Invalid value 0 for parameter 'max_results' supplied. It must be a positive integer");
    assertInvalid(() -> store.search(new RunQuery(List.of(exp), null, ViewType.ALL, 50001, null,
        null)), "Invalid value 50001 for parameter 'max_results' supplied:  Hint: Value was of "
        + "type 'int'. See the API docs for more information about request parameters.");
    assertThat(store.search(new RunQuery(List.of(exp), null, ViewType.ALL, 50000, null, null))
        .runIds()).hasSize(1);
    assertInvalid(() -> search("metrics.a > 1 OR metrics.b < 2"),
        "Invalid clause(s) in filter string: 'OR'");
    assertInvalid(() -> search(null, "metrics.a", "metric.a DESC"),
        "`order_by` contains duplicate fields: ['metrics.a', 'metric.a DESC']");
    // order_by is checked before the filter's comparators, as in MLflow's store
    assertInvalid(() -> search("params.a > 'x'", "nope"), "Invalid attribute key 'nope' "
        + "specified. Valid keys are '{'run_id', 'run_name', 'user_id', 'status', 'start_time', "
        + "'end_time', 'artifact_uri', 'created', 'Created'}'");
  }

  // ---------------------------------------------------------------- the metric seek path

  @Test
  void metricOrderSeekPathMatchesAFullSortIncludingTiesNanAndMissing() {
    long other = seed.experiment("runs-noise-" + UUID.randomUUID());
    Map<String, Double> values = new java.util.HashMap<>();
    Map<String, Long> starts = new java.util.HashMap<>();
    List<Object[]> runs = new ArrayList<>();
    List<Object[]> metrics = new ArrayList<>();
    for (int i = 0; i < 1200; i++) {
      String id = SearchSeed.runId("seek-" + i);
      long start = 1000L * (i % 97);
      runs.add(new Object[] {id, exp, start});
      starts.put(id, start);
      if (i % 40 != 0) {
        double v = i % 50 == 1 ? Double.NaN : (i % 37) / 10.0;
        metrics.add(new Object[] {id, "m", v});
        values.put(id, v);
      }
      // another experiment shares the metric key, so the index walk must skip its rows
      String noise = SearchSeed.runId("noise-" + i);
      runs.add(new Object[] {noise, other, start});
      metrics.add(new Object[] {noise, "m", (i % 41) / 10.0});
    }
    seed.runs(runs);
    seed.metrics(metrics);

    for (String filter : new String[] {null, "metrics.m >= 1", "metrics.m < 2.5"}) {
      for (boolean ascending : new boolean[] {false, true}) {
        List<String> expected = starts.keySet().stream()
            .filter(id -> filter == null || matches(filter, values.get(id)))
            .sorted(metricOrder(values, starts, ascending))
            .toList();
        String order = "metrics.m " + (ascending ? "ASC" : "DESC");
        for (int size : new int[] {100, 333, 1000}) {
          List<String> seen = new ArrayList<>();
          String token = null;
          do {
            RunSearchStore.Page page = store.search(new RunQuery(List.of(exp), filter, ViewType.ACTIVE_ONLY,
                size, List.of(order), token));
            seen.addAll(page.runIds());
            token = page.nextPageToken();
          } while (token != null);
          assertThat(seen).as("%s %s by %d", filter, order, size).isEqualTo(expected);
        }
      }
    }
  }

  private static boolean matches(String filter, Double value) {
    if (value == null) {
      return false;
    }
    double stored = value.isNaN() ? 0 : value;
    return filter.contains(">=") ? stored >= 1 : stored < 2.5;
  }

  /** MLflow's SQL order: values, then NaN, then missing; then start_time DESC, run_uuid ASC. */
  private static java.util.Comparator<String> metricOrder(Map<String, Double> values,
      Map<String, Long> starts, boolean ascending) {
    java.util.Comparator<String> byGroup = java.util.Comparator.comparingInt(id -> {
      Double v = values.get(id);
      return v == null ? 2 : v.isNaN() ? 1 : 0;
    });
    java.util.Comparator<String> byValue = java.util.Comparator.comparingDouble(id -> {
      Double v = values.get(id);
      return v == null || v.isNaN() ? 0 : v;
    });
    return byGroup.thenComparing(ascending ? byValue : byValue.reversed())
        .thenComparing(java.util.Comparator.comparingLong((String id) -> starts.get(id)).reversed())
        .thenComparing(java.util.Comparator.naturalOrder());
  }

  @Test
  void searchesSeeOnlyTheirExperiment() {
    String mine = seed.run(exp, "mine", 1);
    Set<String> ids = new HashSet<>(search(null));
    assertThat(ids).containsExactly(mine);
  }
}
