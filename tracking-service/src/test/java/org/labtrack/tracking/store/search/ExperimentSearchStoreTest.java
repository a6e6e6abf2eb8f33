package org.labtrack.tracking.store.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.labtrack.common.error.ErrorCode;
import org.labtrack.common.error.MlflowException;
import org.labtrack.tracking.domain.ViewType;
import org.labtrack.tracking.domain.search.ExperimentQuery;
import org.labtrack.tracking.store.search.ExperimentSearchStore.Found;
import org.labtrack.tracking.store.search.ExperimentSearchStore.Page;
import org.labtrack.tracking.support.MariaDbTestResource;

@QuarkusTest
@QuarkusTestResource(value = MariaDbTestResource.class, restrictToAnnotatedClass = false)
class ExperimentSearchStoreTest {

  @Inject
  ExperimentSearchStore store;

  @Inject
  AgroalDataSource dataSource;

  SearchSeed seed;
  /** Each test names its experiments with its own prefix and filters on it: the database is shared. */
  String p;

  @BeforeEach
  void freshPrefix() {
    seed = new SearchSeed(dataSource);
    p = "x" + UUID.randomUUID().toString().substring(0, 8) + "-";
  }

  private List<Long> search(ViewType view, String filter, String... orderBy) {
    String scoped = "name LIKE '" + p + "%'" + (filter == null ? "" : " AND " + filter);
    Page page = store.search(new ExperimentQuery(scoped, view, 1000, List.of(orderBy),
        null));
    assertThat(page.nextPageToken()).isNull();
    return page.ids();
  }

  private List<Long> search(String filter) {
    return search(ViewType.ACTIVE_ONLY, filter);
  }

  private List<Long> ordered(String... orderBy) {
    return search(ViewType.ACTIVE_ONLY, null, orderBy);
  }

  private static void assertInvalid(Runnable call, String message) {
    assertThatThrownBy(call::run)
        .isInstanceOfSatisfying(MlflowException.class,
            e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_PARAMETER_VALUE))
        .hasMessage(message);
  }

  @Test
  void filtersOnNameTimesAndTags() {
    long e1 = seed.experiment(p + "alpha", 100, 400, "active");
    long e2 = seed.experiment(p + "Beta", 200, 300, "active");
    long e3 = seed.experiment(p + "beta_x", 300, 200, "active");
    long e4 = seed.experiment(p + "gamma", 400, 100, "deleted");
    seed.experimentTag(e1, "team", "vision");
    seed.experimentTag(e2, "team", "NLP");

    assertThat(search(null)).containsExactly(e3, e2, e1);
    assertThat(search("name = '" + p + "Beta'")).containsExactly(e2);
    assertThat(search("name = '" + p + "beta'")).isEmpty();
    assertThat(search("attribute.name != '" + p + "Beta'")).containsExactly(e3, e1);
    assertThat(search("name LIKE '" + p + "b%'")).containsExactly(e3);
    assertThat(search("name ILIKE '" + p + "B%'")).containsExactly(e3, e2);
    assertThat(search("name LIKE '" + p + "beta_x'")).containsExactly(e3);
    // MLflow's SQL store refuses a lower-case 'like' for experiments; LabTrack accepts it
    assertThat(search("name like '%ALPHA'")).isEmpty();
    assertThat(search("name ilike '%ALPHA'")).containsExactly(e1);

    assertThat(search("creation_time > 100")).containsExactly(e3, e2);
    assertThat(search("creation_time = 200")).containsExactly(e2);
    assertThat(search("creation_time != 200")).containsExactly(e3, e1);
    assertThat(search("creation_time >= 200 AND creation_time < 300")).containsExactly(e2);
    assertThat(search("last_update_time <= 300")).containsExactly(e3, e2);

    assertThat(search("tags.team = 'vision'")).containsExactly(e1);
    assertThat(search("tags.team = 'Vision'")).isEmpty();
    assertThat(search("tag.team ILIKE 'nlp'")).containsExactly(e2);
    assertThat(search("tags.team != 'vision'")).containsExactly(e2);
    assertThat(search("tags.`team` LIKE '%i%'")).containsExactly(e1);
    assertThat(search("tags.missing = 'x'")).isEmpty();

    assertThat(search(ViewType.DELETED_ONLY, null)).containsExactly(e4);
    assertThat(search(ViewType.ALL, null)).containsExactly(e4, e3, e2, e1);
    assertThat(search(ViewType.ALL, "last_update_time < 200")).containsExactly(e4);
  }

  @Test
  void orderByAndTieBreaks() {
    long e1 = seed.experiment(p + "alpha", 100, 400, "active");
    long e2 = seed.experiment(p + "Beta", 100, 300, "active");
    long e3 = seed.experiment(p + "beta_x", 300, 300, "active");

    // default: creation_time DESC, experiment_id ASC
    assertThat(search(null)).containsExactly(e3, e1, e2);
    // byte order, as the utf8mb4_bin column sorts
    assertThat(ordered("name")).containsExactly(e2, e1, e3);
    assertThat(ordered("name DESC")).containsExactly(e3, e1, e2);
    assertThat(ordered("experiment_id DESC")).containsExactly(e3, e2, e1);
    assertThat(ordered("attribute.experiment_id")).containsExactly(e1, e2, e3);
    // MLflow appends experiment_id DESC as the tie-break when the client orders without it
    assertThat(ordered("creation_time")).containsExactly(e2, e1, e3);
    assertThat(ordered("last_update_time DESC")).containsExactly(e1, e3, e2);
    assertThat(ordered("last_update_time", "experiment_id")).containsExactly(e2, e3, e1);
  }

  @Test
  void pagesCarryATokenOnlyWhenMoreExperimentsFollow() {
    List<Long> ids = new ArrayList<>();
    for (int i = 0; i < 7; i++) {
      ids.add(seed.experiment(p + i, 1000 - (i / 2), 5, "active"));
    }
    String filter = "name LIKE '" + p + "%'";
    for (List<String> order : List.of(List.<String>of(), List.of("name DESC"),
        List.of("creation_time"), List.of("last_update_time", "experiment_id DESC"))) {
      List<Long> all = store.search(new ExperimentQuery(filter, ViewType.ALL, 100, order, null))
          .ids();
      assertThat(all).containsExactlyInAnyOrderElementsOf(ids);
      for (int size = 1; size <= 8; size++) {
        List<Long> seen = new ArrayList<>();
        String token = null;
        do {
          Page page = store.search(new ExperimentQuery(filter, ViewType.ALL, size, order,
              token));
          seen.addAll(page.ids());
          token = page.nextPageToken();
          assertThat(token == null).isEqualTo(seen.size() == all.size());
        } while (token != null);
        assertThat(seen).as("%s by %d", order, size).isEqualTo(all);
      }
    }
  }

  @Test
  void pagesHoldEachExperimentOnceWithItsOwnTagsInKeyOrder() {
    List<Long> ids = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      long id = seed.experiment(p + i, 1000 + i, 2000 + i, "active");
      ids.add(0, id); // newest first, as the default order
      for (int t = i % 3; t > 0; t--) { // 0, 2, 1, 0, 2, 1 tags, inserted in reverse key order
        seed.experimentTag(id, "k" + t, "v" + i + "." + t);
      }
    }
    String filter = "name LIKE '" + p + "%'";
    for (int size = 1; size <= 7; size++) {
      List<Found> seen = new ArrayList<>();
      String token = null;
      do {
        Page page = store.search(new ExperimentQuery(filter, ViewType.ALL, size, List.of(),
            token));
        assertThat(page.experiments()).hasSizeLessThanOrEqualTo(size);
        seen.addAll(page.experiments());
        token = page.nextPageToken();
      } while (token != null);
      assertThat(seen).extracting(f -> f.experiment().id).as("by %d", size).isEqualTo(ids);
      for (Found f : seen) {
        int i = Integer.parseInt(f.experiment().name.substring(p.length()));
        assertThat(f.experiment().creationTime).isEqualTo(1000 + i);
        assertThat(f.experiment().lastUpdateTime).isEqualTo(2000 + i);
        assertThat(f.experiment().lifecycleStage).isEqualTo("active");
        List<String> expected = new ArrayList<>();
        for (int t = 1; t <= i % 3; t++) {
          expected.add("k" + t + "=v" + i + "." + t);
        }
        assertThat(f.tags()).allMatch(t -> t.experimentId.equals(f.experiment().id));
        assertThat(f.tags()).extracting(t -> t.key + "=" + t.value).isEqualTo(expected);
      }
    }
  }

  @Test
  void insertsBetweenPagesNeitherSkipNorRepeat() {
    List<Long> original = new ArrayList<>();
    for (int i = 0; i < 9; i++) {
      original.add(seed.experiment(p + "o" + i, 100L * i, 1, "active"));
    }
    String filter = "name LIKE '" + p + "%'";
    List<Long> seen = new ArrayList<>();
    String token = null;
    int round = 0;
    do {
      Page page = store.search(new ExperimentQuery(filter, ViewType.ACTIVE_ONLY, 2, null,
          token));
      seen.addAll(page.ids());
      token = page.nextPageToken();
      seed.experiment(p + "new-early-" + round, 10_000, 1, "active");
      seed.experiment(p + "new-tie-" + round, 100L * (8 - 2 * round), 1, "active");
      round++;
    } while (token != null);
    assertThat(seen).doesNotHaveDuplicates().containsAll(original);
  }

  @Test
  void refusals() {
    seed.experiment(p + "a");
    assertInvalid(() -> store.search(new ExperimentQuery(null, ViewType.ALL, 0, null, null)),
        "Invalid value 0 for parameter 'max_results' supplied. It must be a positive integer");
    assertInvalid(() -> store.search(new ExperimentQuery(null, ViewType.ALL, -3, null, null)),
        "Invalid value -3 for parameter 'max_results' supplied. It must be a positive integer");
    assertInvalid(() -> store.search(new ExperimentQuery(null, ViewType.ALL, 50001, null, null)),
        "Invalid value 50001 for parameter 'max_results' supplied. It must be at most 50000");
    assertThat(store.search(new ExperimentQuery("name = '" + p + "a'", ViewType.ALL, 50000, null,
        null)).ids()).hasSize(1);
    assertInvalid(() -> search("tags.team > 'x'"), "Invalid comparator for tag: >");
    assertInvalid(() -> ordered("tags.team"), "Invalid order_by entity: tag");
    // comparators are checked before order_by for experiments, as in MLflow's store
    assertInvalid(() -> search(ViewType.ALL, "creation_time LIKE 5", "nope"),
        "Invalid comparator 'LIKE' not "
        + "one of '{'!=', '=', 'LIKE', 'ILIKE', 'IN', 'NOT IN'}");
    assertInvalid(() -> search("name = 'a' OR name = 'b'"),
        "Invalid clause(s) in filter string: OR");
  }
}
