package org.labtrack.tracking.store;

import org.flywaydb.core.api.MigrationVersion;
import org.flywaydb.core.api.migration.JavaMigration;

/**
 * A Java migration that Flyway runs outside a transaction of its own: it commits as it goes, or
 * runs DDL, which MySQL and MariaDB commit on their own anyway. Its checksum is none, as Java
 * migrations have no text to sum.
 */
abstract class OwnTransactionMigration implements JavaMigration {
  private final MigrationVersion version;
  private final String description;

  OwnTransactionMigration(String version, String description) {
    this.version = MigrationVersion.fromVersion(version);
    this.description = description;
  }

  @Override
  public final MigrationVersion getVersion() {
    return version;
  }

  @Override
  public final String getDescription() {
    return description;
  }

  @Override
  public final Integer getChecksum() {
    return null;
  }

  @Override
  public final boolean canExecuteInTransaction() {
    return false;
  }
}
