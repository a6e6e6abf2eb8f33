package org.labtrack.tracking.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.Arrays;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.labtrack.tracking.support.MariaDbTestResource;

/** The service's start-up migration runs the Java migrations too, in version order. */
@QuarkusTest
@QuarkusTestResource(value = MariaDbTestResource.class, restrictToAnnotatedClass = false)
class MigrationsTest {
  @Inject
  Flyway flyway;

  @Test
  void startUpAppliedEveryMigrationJavaOnesIncluded() {
    assertThat(flyway.info().pending()).isEmpty();
    assertThat(Arrays.stream(flyway.info().applied())
        .map(m -> m.getVersion().getVersion() + " " + m.getDescription() + " " + m.getState()))
        .containsSubsequence("6 metric chunks SUCCESS", "7 pack metric points SUCCESS",
            "8 drop metric rows SUCCESS", "9 no pad collation SUCCESS",
            "10 purged artifacts SUCCESS");
  }
}
