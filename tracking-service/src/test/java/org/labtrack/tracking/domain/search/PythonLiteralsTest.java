package org.labtrack.tracking.domain.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.labtrack.common.error.ErrorCode;
import org.labtrack.common.error.MlflowException;

/**
 * The Python literals every search reads ({@code IN} lists, as {@code ast.literal_eval} reads
 * them) and prints (reprs in messages). Expected values are what Python 3.11 prints.
 */
class PythonLiteralsTest {

  @Test
  void pythonRepr() {
    assertThat(PyRepr.str("a'b")).isEqualTo("\"a'b\"");
    assertThat(PyRepr.str("a\"b'")).isEqualTo("'a\"b\\''");
    assertThat(PyRepr.list(List.of("x", "y"))).isEqualTo("['x', 'y']");
    assertThat(PyRepr.str(null)).isEqualTo("None");
    assertThat(PyRepr.str("a\\b\t\n")).isEqualTo("'a\\\\b\\t\\n'");
    // what str.isprintable() rejects is escaped
    assertThat(PyRepr.str("a\u0001\u00e9\u200b\u2028\uD83D\uDE00\uDB40\uDC01"))
        .isEqualTo("'a\\x01\u00e9\\u200b\\u2028\uD83D\uDE00\\U000e0001'");
    assertThat(PyRepr.tuple(List.of("a"))).isEqualTo("('a',)");
    assertThat(PyRepr.tuple(List.of("a", "b"))).isEqualTo("('a', 'b')");
    assertThat(PyRepr.bytes("\u00e9'x".getBytes(StandardCharsets.UTF_8)))
        .isEqualTo("b\"\\xc3\\xa9'x\"");
    assertThat(PyRepr.bytes("it's \"q\"".getBytes(StandardCharsets.UTF_8)))
        .isEqualTo("b'it\\'s \"q\"'");
  }

  @Test
  void isLowerIsPythonsIsLower() {
    assertThat(ListLiteral.isLower("abc123")).isTrue();
    assertThat(ListLiteral.isLower("123")).isFalse();
    assertThat(ListLiteral.isLower("aBc")).isFalse();
    assertThat(ListLiteral.isLower("")).isFalse();
  }

  @Test
  void listsReadAsLiteralEvalReadsThem() {
    assertThat(ListLiteral.parse("('a', \"b\")")).containsExactly("a", "b");
    assertThat(ListLiteral.parse("('a',)")).containsExactly("a");
    assertThat(ListLiteral.parse("('a')")).containsExactly("a");
    // adjacent strings concatenate, across lines too
    assertThat(ListLiteral.parse("('a' 'b')")).containsExactly("ab");
    assertThat(ListLiteral.parse("('a'\n\"b\")")).containsExactly("ab");
    // a parenthesised value is the value; a parenthesised tuple is the tuple
    assertThat(ListLiteral.parse("(('a'))")).containsExactly("a");
    assertThat(ListLiteral.parse("(('a', 'b'))")).containsExactly("a", "b");
    // Python's escapes; unknown ones stay as written
    assertThat(ListLiteral.parse("('a\\d', '\\x41b', '\\101', '\\N{LATIN SMALL LETTER E WITH "
        + "ACUTE}', 'a\\\nb', 'it\\'s', '\\u00e9\\t')"))
        .containsExactly("a\\d", "Ab", "A", "\u00e9", "ab", "it's", "\u00e9\t");
    assertThat(ListLiteral.runIds("('abc1', 'ABC', '123', '\\x41b', 'def')"))
        .containsExactly("abc1", "def");
  }

  @Test
  void listErrorsPrintTheTupleAsPythonPrintsIt() {
    assertInvalid("()", "While parsing a list in the query, expected a non-empty list of string "
        + "values, but got empty list");
    String differentType = "While parsing a list in the query, expected string value, "
        + "punctuation, or whitespace, but got different type in list: ";
    assertInvalid("(1, 2)", differentType + "(1, 2)");
    assertInvalid("(1)", differentType + "(1,)");
    assertInvalid("('a', 2)", differentType + "('a', 2)");
    assertInvalid("(1.50, 2)", differentType + "(1.5, 2)");
    assertInvalid("(1e20, 0x1f, 1_000, +1, True, None)",
        differentType + "(1e+20, 31, 1000, 1, True, None)");
    assertInvalid("(('a',), 'b')", differentType + "(('a',), 'b')");
    String illFormed = "While parsing a list in the query, expected a non-empty list of string "
        + "values, but got ill-formed list.";
    for (String bad : List.of("(a)", "('a',, 'b')", "('a' 1)", "(,)", "('a\nb')", "('\\x4')",
        "(1abc)", "(01)", "('a'")) {
      assertInvalid(bad, illFormed);
    }
  }

  @Test
  void floatsPrintAsPythonReprPrintsThem() {
    assertThat(ListLiteral.floatRepr(1e16)).isEqualTo("1e+16");
    assertThat(ListLiteral.floatRepr(1e15)).isEqualTo("1000000000000000.0");
    assertThat(ListLiteral.floatRepr(1e-5)).isEqualTo("1e-05");
    assertThat(ListLiteral.floatRepr(1e-4)).isEqualTo("0.0001");
    assertThat(ListLiteral.floatRepr(-0.0)).isEqualTo("-0.0");
    assertThat(ListLiteral.floatRepr(0.1 + 0.2)).isEqualTo("0.30000000000000004");
    assertThat(ListLiteral.floatRepr(-2.5e-300)).isEqualTo("-2.5e-300");
    assertThat(ListLiteral.floatRepr(123.45)).isEqualTo("123.45");
  }

  private static void assertInvalid(String paren, String message) {
    assertThatThrownBy(() -> ListLiteral.parse(paren))
        .isInstanceOfSatisfying(MlflowException.class,
            e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_PARAMETER_VALUE))
        .hasMessage(message);
  }
}
