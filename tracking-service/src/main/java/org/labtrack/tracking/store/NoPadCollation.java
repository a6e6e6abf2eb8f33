package org.labtrack.tracking.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.flywaydb.core.api.migration.Context;

/**
 * V9: names, keys and values compare as MLflow's do, trailing spaces included. {@code
 * utf8mb4_bin}, the one binary collation MariaDB and MySQL 8 share, is PAD SPACE: "p" and "p "
 * were one key, so logging param "p" where "p " existed answered 200 and stored nothing, tag
 * "t " overwrote tag "t", and {@code experiments/get-by-name} for "a" found "a  ". Every {@code
 * utf8mb4_bin} column moves to the server's binary NO PAD collation (MariaDB's {@code
 * utf8mb4_nopad_bin}, else MySQL's {@code utf8mb4_0900_bin} from 8.0.17), and so do the
 * tables' and the database's defaults, which later tables and columns take when they name no
 * collation (they must not name {@code utf8mb4_bin}). Nothing stored can clash: NO PAD tells
 * more strings apart, never fewer. One {@code ALTER TABLE} a table, which rebuilds it. The
 * registry's foreign keys on names are dropped first and made again after (the server refuses
 * to change a referenced column's collation, checks off or not); each step looks at what is
 * there, so a migration stopped half way can be run again.
 */
public final class NoPadCollation extends OwnTransactionMigration {
  static final String PADDED = "utf8mb4_bin";
  private static final List<String> NO_PAD = List.of("utf8mb4_nopad_bin", "utf8mb4_0900_bin");

  /**
   * A foreign key on a registry name, as V3 made it ({@code columns} start with {@code name}).
   * Under PAD SPACE a row could name its parent with other trailing spaces ("reg" for "reg "):
   * {@code model-versions/create} for "reg" added a version to "reg ". Such a row is given its
   * parent's exact name, or NO PAD would leave it with no parent.
   */
  private record ForeignKey(String table, String name, List<String> columns, String parent) {
    String repair() {
      return "UPDATE `" + table + "` c JOIN `" + parent + "` p ON " + String.join(" AND ",
          columns.stream().map(col -> "c." + col + " = p." + col).toList())
          + " SET c.name = p.name WHERE CAST(c.name AS BINARY) <> CAST(p.name AS BINARY)";
    }

    String definition() {
      String list = String.join(", ", columns);
      return "ALTER TABLE `" + table + "` ADD CONSTRAINT " + name + " FOREIGN KEY (" + list
          + ") REFERENCES " + parent + " (" + list + ") ON UPDATE CASCADE ON DELETE CASCADE";
    }
  }

  /** Parents before children: a version's tags are repaired after the version. */
  private static final List<ForeignKey> NAME_KEYS = List.of(
      new ForeignKey("model_versions", "model_versions_model_fk", List.of("name"),
          "registered_models"),
      new ForeignKey("registered_model_tags", "registered_model_tags_model_fk", List.of("name"),
          "registered_models"),
      new ForeignKey("registered_model_aliases", "registered_model_aliases_model_fk",
          List.of("name"), "registered_models"),
      new ForeignKey("model_version_tags", "model_version_tags_version_fk",
          List.of("name", "version"), "model_versions"));

  public NoPadCollation() {
    super("9", "no pad collation");
  }

  @Override
  public void migrate(Context context) throws SQLException {
    Connection c = context.getConnection();
    String collation = noPadCollation(c);
    String historyTable = context.getConfiguration().getTable();
    try (Statement s = c.createStatement()) {
      // The keys come back without checking every row again: the rows are the ones they held.
      s.execute("SET SESSION foreign_key_checks = 0");
      try {
        Set<String> keys = foreignKeys(c);
        for (ForeignKey key : NAME_KEYS) {
          if (keys.contains(key.name())) {
            s.execute("ALTER TABLE `" + key.table() + "` DROP FOREIGN KEY " + key.name());
          }
        }
        for (ForeignKey key : NAME_KEYS) {
          // only while both names still pad: that is what lets the join find the parent
          if (isPadded(c, key.table()) && isPadded(c, key.parent())) {
            s.execute(key.repair());
          }
        }
        Map<String, List<String>> tables = paddedColumns(c, historyTable, collation);
        for (String table : paddedTables(c, historyTable)) {
          tables.putIfAbsent(table, List.of());
        }
        for (Map.Entry<String, List<String>> table : tables.entrySet()) {
          List<String> clauses = new ArrayList<>();
          clauses.add("DEFAULT CHARACTER SET utf8mb4 COLLATE " + collation);
          clauses.addAll(table.getValue());
          s.execute("ALTER TABLE `" + table.getKey() + "` " + String.join(", ", clauses));
        }
        s.execute("ALTER DATABASE CHARACTER SET utf8mb4 COLLATE " + collation);
        keys = foreignKeys(c);
        for (ForeignKey key : NAME_KEYS) {
          if (!keys.contains(key.name())) {
            s.execute(key.definition());
          }
        }
      } finally {
        s.execute("SET SESSION foreign_key_checks = 1");
      }
    }
  }

  /** Tables whose default is still the padded collation, Flyway's own aside. */
  private static List<String> paddedTables(Connection c, String historyTable)
      throws SQLException {
    return strings(c, "SELECT TABLE_NAME FROM information_schema.TABLES WHERE TABLE_SCHEMA ="
        + " DATABASE() AND TABLE_COLLATION = ? AND TABLE_NAME <> ?", PADDED, historyTable);
  }

  private static boolean isPadded(Connection c, String table) throws SQLException {
    return strings(c, "SELECT COLLATION_NAME FROM information_schema.COLUMNS WHERE TABLE_SCHEMA ="
        + " DATABASE() AND TABLE_NAME = ? AND COLUMN_NAME = 'name'", table).contains(PADDED);
  }

  private static Set<String> foreignKeys(Connection c) throws SQLException {
    return new HashSet<>(strings(c, "SELECT CONSTRAINT_NAME FROM"
        + " information_schema.REFERENTIAL_CONSTRAINTS WHERE CONSTRAINT_SCHEMA = DATABASE()"));
  }

  /** The first column of what {@code sql}, given {@code parameters}, answers. */
  private static List<String> strings(Connection c, String sql, String... parameters)
      throws SQLException {
    List<String> values = new ArrayList<>();
    try (PreparedStatement s = c.prepareStatement(sql)) {
      for (int i = 0; i < parameters.length; i++) {
        s.setString(i + 1, parameters[i]);
      }
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          values.add(rs.getString(1));
        }
      }
    }
    return values;
  }

  /**
   * The first of {@link #NO_PAD} the server has and that tells "a" from "a " (MariaDB 11.4 has a
   * {@code utf8mb4_0900_bin} too, but as an alias of the padded {@code utf8mb4_bin}).
   */
  private static String noPadCollation(Connection c) throws SQLException {
    for (String collation : NO_PAD) {
      try (Statement s = c.createStatement();
          ResultSet rs = s.executeQuery("SELECT _utf8mb4'a' COLLATE " + collation
              + " = _utf8mb4'a '")) {
        if (rs.next() && rs.getInt(1) == 0) {
          return collation;
        }
      } catch (SQLException e) {
        // unknown to this server: try the next
      }
    }
    throw new IllegalStateException("The database has no binary NO PAD collation ("
        + String.join(", ", NO_PAD) + "): LabTrack needs MySQL 8.0.17+ or MariaDB 10.2+.");
  }

  /** Table → its {@code MODIFY COLUMN} clauses, for every padded column but Flyway's own. */
  private static Map<String, List<String>> paddedColumns(Connection c, String historyTable,
      String collation) throws SQLException {
    Map<String, List<String>> tables = new LinkedHashMap<>();
    try (PreparedStatement s = c.prepareStatement("SELECT TABLE_NAME, COLUMN_NAME, COLUMN_TYPE,"
        + " IS_NULLABLE, COLUMN_DEFAULT, EXTRA FROM information_schema.COLUMNS"
        + " WHERE TABLE_SCHEMA = DATABASE() AND COLLATION_NAME = ? AND TABLE_NAME <> ?"
        + " ORDER BY TABLE_NAME, ORDINAL_POSITION")) {
      s.setString(1, PADDED);
      s.setString(2, historyTable);
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          String table = rs.getString(1);
          String column = rs.getString(2);
          String defaultValue = rs.getString(5);
          // MariaDB lists a nullable column's missing default as the text NULL
          if ((defaultValue != null && !defaultValue.equals("NULL"))
              || !rs.getString(6).isEmpty()) {
            throw new IllegalStateException("V9 does not carry over the default or extra of "
                + table + "." + column + "; give it its own migration");
          }
          tables.computeIfAbsent(table, t -> new ArrayList<>()).add("MODIFY COLUMN `" + column
              + "` " + rs.getString(3) + " CHARACTER SET utf8mb4 COLLATE " + collation
              + ("YES".equals(rs.getString(4)) ? " NULL" : " NOT NULL"));
        }
      }
    }
    return tables;
  }
}
