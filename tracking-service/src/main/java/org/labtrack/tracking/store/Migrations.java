package org.labtrack.tracking.store;

import io.quarkus.flyway.FlywayConfigurationCustomizer;
import jakarta.inject.Singleton;
import org.flywaydb.core.api.configuration.FluentConfiguration;

/**
 * The schema's migrations written in Java, beside the SQL ones in {@code db/migration}: handed to
 * Flyway as instances, so nothing is found by scanning or made by reflection (native-ready).
 */
@Singleton
public class Migrations implements FlywayConfigurationCustomizer {

  @Override
  public void customize(FluentConfiguration configuration) {
    configuration.javaMigrations(new PackMetricPoints(), new NoPadCollation());
  }
}
