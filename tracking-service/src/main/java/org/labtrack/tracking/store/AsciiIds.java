package org.labtrack.tracking.store;

import java.util.Collection;
import java.util.List;

/**
 * Run and logged-model ids live in ASCII columns (V1, V4). A requested id with any other
 * character names nothing stored, yet comparing it with such a column is not simply no match:
 * MySQL and MariaDB refuse the statement ("Illegal mix of collations"). So stores look such ids
 * up without asking the database, and a client's {@code run_id=é} is "not found", as in MLflow,
 * rather than a 500.
 */
public final class AsciiIds {
  private AsciiIds() {
  }

  /** Whether {@code id} could be a stored id at all. */
  public static boolean storable(String id) {
    for (int i = 0; i < id.length(); i++) {
      if (id.charAt(i) >= 0x80) {
        return false;
      }
    }
    return true;
  }

  /**
   * A string comparison of an id column with {@code value} decided without the database when
   * the value has characters no id has: nothing equals or is like it ({@code 1 = 0}), every id
   * differs from it ({@code 1 = 1}; id columns are never NULL). Null when the database must
   * compare. IN lists are filtered with {@link #storable(Collection)} instead.
   */
  public static String decided(boolean negated, String value) {
    return storable(value) ? null : negated ? "1 = 1" : "1 = 0";
  }

  /** The ids of {@code ids} that could be stored ones, in order. */
  public static List<String> storable(Collection<String> ids) {
    return ids.stream().filter(AsciiIds::storable).toList();
  }
}
