package org.labtrack.tracking.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SqlRowsTest {

  @Test
  void writesRowsAsSqlLiterals() {
    String sql = new SqlRows("INSERT INTO t (a, b, c, d) VALUES", 2)
        .row().text("run").number(-7L).number(1.0E-5).bool(true)
        .row().text("é/x y").number(Long.MAX_VALUE).number(-Double.MAX_VALUE).bool(false)
        .sql(" ON DUPLICATE KEY UPDATE a = a");
    assertThat(sql).isEqualTo("INSERT INTO t (a, b, c, d) VALUES ('run', -7, 1.0E-5, 1), "
        + "('é/x y', 9223372036854775807, -1.7976931348623157E308, 0) "
        + "ON DUPLICATE KEY UPDATE a = a");
  }

  @Test
  void writesAnyTextAsTheHexadecimalOfItsUtf8() {
    assertThat(new SqlRows("INSERT INTO t VALUES", 1).row().string("a'\\é").string("")
        .string(null).nullableNumber(null).nullableNumber(3L).sql(""))
        .isEqualTo("INSERT INTO t VALUES (_utf8mb4 X'61275cc3a9', _utf8mb4 X'', NULL, NULL, 3)");
  }

  @Test
  void refusesTextThatWouldNeedEscaping() {
    for (String bad : new String[] {"it's", "back\\slash", "line\nbreak", "nul\0"}) {
      assertThatThrownBy(() -> new SqlRows("INSERT INTO t VALUES", 1).row().text(bad))
          .isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Test
  void refusesWhatSqlCannotWrite() {
    assertThatThrownBy(() -> new SqlRows("INSERT INTO t VALUES", 1).row().number(Double.NaN))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new SqlRows("INSERT INTO t VALUES", 1).sql(""))
        .isInstanceOf(IllegalStateException.class);
  }
}
