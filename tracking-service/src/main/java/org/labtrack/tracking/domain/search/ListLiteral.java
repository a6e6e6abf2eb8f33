package org.labtrack.tracking.domain.search;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.labtrack.common.error.MlflowException;

/**
 * The value list of {@code IN (...)}. MLflow reads it with Python's {@code ast.literal_eval}, so
 * strings take Python's escapes, adjacent strings concatenate, a trailing comma is allowed and a
 * single parenthesised value is a one-item list; every item must be a string. Errors, and the
 * items they print, are worded as MLflow's {@code SearchUtils._parse_list_from_sql_token}.
 */
public final class ListLiteral extends TextScanner {
  private static final String DIGITS = "\\d(?:_?\\d)*";
  private static final String EXPONENT = "[eE][+-]?" + DIGITS;
  private static final String FLOAT = "(?:" + DIGITS + ")?\\." + DIGITS + "(?:" + EXPONENT + ")?"
      + "|" + DIGITS + "\\.(?:" + EXPONENT + ")?|" + DIGITS + EXPONENT;
  private static final Pattern IMAGINARY =
      Pattern.compile("(?:" + FLOAT + "|" + DIGITS + ")[jJ](?!\\w)");
  private static final Pattern FLOAT_NUMBER = Pattern.compile("(?:" + FLOAT + ")(?!\\w)");
  private static final Pattern INTEGER = Pattern.compile("(?:0[xX](?:_?[0-9a-fA-F])+"
      + "|0[oO](?:_?[0-7])+|0[bB](?:_?[01])+|[1-9](?:_?\\d)*|0(?:_?0)*)(?!\\w)");
  private static final Pattern CONSTANT = Pattern.compile("(?:True|False|None)(?!\\w)");

  private ListLiteral(String text) {
    super(text);
  }

  /** @param paren the whole parenthesised token, brackets included */
  public static List<String> parse(String paren) {
    ListLiteral reader = new ListLiteral(paren);
    Object value = reader.value();
    reader.skipSpace();
    if (reader.pos < paren.length()) {
      throw illFormed();
    }
    List<Object> items = value instanceof Tuple t ? t.items() : List.of(value);
    if (items.isEmpty()) {
      throw MlflowException.invalidParameter("While parsing a list in the query, expected a "
          + "non-empty list of string values, but got empty list");
    }
    List<String> strings = new ArrayList<>();
    for (Object item : items) {
      if (!(item instanceof String s)) {
        throw MlflowException.invalidParameter("While parsing a list in the query, expected "
            + "string value, punctuation, or whitespace, but got different type in list: "
            + PyRepr.tuple(items));
      }
      strings.add(s);
    }
    return strings;
  }

  /**
   * A list of run ids, as MLflow's {@code _parse_run_ids} reads it: run ids are lower-case hex,
   * and because MySQL compares {@code IN} case-insensitively MLflow drops every value that
   * Python's {@code str.islower()} rejects.
   */
  public static List<String> runIds(String paren) {
    return parse(paren).stream().filter(ListLiteral::isLower).toList();
  }

  /** Python's {@code str.islower()}: some cased character and no upper- or title-case one. */
  static boolean isLower(String s) {
    boolean cased = false;
    for (int i = 0; i < s.length(); ) {
      int cp = s.codePointAt(i);
      if (Character.isUpperCase(cp) || Character.isTitleCase(cp)) {
        return false;
      }
      cased |= Character.isLowerCase(cp);
      i += Character.charCount(cp);
    }
    return cased;
  }

  // ---------------------------------------------------------------- reading

  private Object value() {
    skipSpace();
    if (pos >= text.length()) {
      throw illFormed();
    }
    char c = text.charAt(pos);
    if (c == '(') {
      return parenthesised();
    }
    if (c == '\'' || c == '"') {
      StringBuilder joined = new StringBuilder();
      while (pos < text.length() && (text.charAt(pos) == '\'' || text.charAt(pos) == '"')) {
        joined.append(string());
        skipSpace();
      }
      return joined.toString();
    }
    String constant = match(CONSTANT);
    if (constant != null) {
      return new Scalar(constant);
    }
    boolean negative = false;
    if (c == '+' || c == '-') {
      negative = c == '-';
      pos++;
      skipSpace();
    }
    return number(negative);
  }

  /** {@code (x)} is x itself; a comma, even a trailing one, or nothing inside makes a tuple. */
  private Object parenthesised() {
    pos++;
    List<Object> items = new ArrayList<>();
    boolean comma = false;
    while (true) {
      skipSpace();
      if (pos < text.length() && text.charAt(pos) == ')') {
        pos++;
        return items.size() == 1 && !comma ? items.get(0) : new Tuple(items);
      }
      if (!items.isEmpty() && !comma) {
        throw illFormed();
      }
      items.add(value());
      skipSpace();
      comma = pos < text.length() && text.charAt(pos) == ',';
      if (comma) {
        pos++;
      }
    }
  }

  private Object number(boolean negative) {
    String sign = negative ? "-" : "";
    String literal;
    if ((literal = match(IMAGINARY)) != null) {
      return new Scalar(sign + literal); // only ever printed; Python's complex repr is not needed
    }
    if ((literal = match(FLOAT_NUMBER)) != null) {
      double value = Double.parseDouble(literal.replace("_", ""));
      return new Scalar(floatRepr(negative ? -value : value));
    }
    if ((literal = match(INTEGER)) != null) {
      String digits = literal.replace("_", "");
      int radix = 10;
      if (digits.length() > 1 && Character.isLetter(digits.charAt(1))) {
        radix = switch (Character.toLowerCase(digits.charAt(1))) {
          case 'x' -> 16;
          case 'o' -> 8;
          default -> 2;
        };
        digits = digits.substring(2);
      }
      BigInteger value = new BigInteger(digits, radix);
      return new Scalar((negative ? value.negate() : value).toString());
    }
    throw illFormed();
  }

  private String string() {
    char quote = text.charAt(pos++);
    StringBuilder b = new StringBuilder();
    while (pos < text.length()) {
      char c = text.charAt(pos++);
      if (c == quote) {
        return b.toString();
      }
      if (c == '\n') {
        break; // Python: unterminated string literal
      }
      if (c == '\\' && pos < text.length()) {
        escape(b);
      } else {
        b.append(c);
      }
    }
    throw illFormed();
  }

  /** One escape after a backslash, as a Python (non-raw) string literal reads it. */
  private void escape(StringBuilder b) {
    char e = text.charAt(pos++);
    switch (e) {
      case '\n' -> { }
      case '\\', '\'', '"' -> b.append(e);
      case 'a' -> b.append('\u0007');
      case 'b' -> b.append('\b');
      case 'f' -> b.append('\f');
      case 'n' -> b.append('\n');
      case 'r' -> b.append('\r');
      case 't' -> b.append('\t');
      case 'v' -> b.append('\u000b');
      case 'x' -> b.appendCodePoint(hex(2));
      case 'u' -> b.appendCodePoint(hex(4));
      case 'U' -> b.appendCodePoint(hex(8));
      case 'N' -> b.appendCodePoint(named());
      default -> {
        if (e >= '0' && e <= '7') {
          int value = e - '0';
          for (int i = 0; i < 2 && pos < text.length() && text.charAt(pos) >= '0'
              && text.charAt(pos) <= '7'; i++) {
            value = value * 8 + text.charAt(pos++) - '0';
          }
          b.append((char) value);
        } else {
          b.append('\\').append(e); // Python keeps unknown escapes as written
        }
      }
    }
  }

  private int hex(int length) {
    if (pos + length > text.length()) {
      throw illFormed();
    }
    String digits = text.substring(pos, pos + length);
    if (!digits.chars().allMatch(ch -> "0123456789abcdefABCDEF".indexOf(ch) >= 0)) {
      throw illFormed();
    }
    pos += length;
    long value = Long.parseLong(digits, 16);
    if (value > Character.MAX_CODE_POINT) {
      throw illFormed();
    }
    return (int) value;
  }

  private int named() {
    int close = text.indexOf('}', pos);
    if (pos >= text.length() || text.charAt(pos) != '{' || close < 0) {
      throw illFormed();
    }
    String name = text.substring(pos + 1, close);
    pos = close + 1;
    try {
      return Character.codePointOf(name);
    } catch (IllegalArgumentException e) {
      throw illFormed();
    }
  }

  private void skipSpace() {
    while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
      pos++;
    }
  }

  private static MlflowException illFormed() {
    return MlflowException.invalidParameter("While parsing a list in the query, expected a "
        + "non-empty list of string values, but got ill-formed list.");
  }

  /** Python's {@code repr(float)}: the shortest digits, exponent form outside 1e-4 to 1e16. */
  static String floatRepr(double d) {
    if (Double.isNaN(d)) {
      return "nan";
    }
    if (Double.isInfinite(d)) {
      return d > 0 ? "inf" : "-inf";
    }
    String sign = d < 0 || (d == 0 && 1 / d < 0) ? "-" : "";
    if (d == 0) {
      return sign + "0.0";
    }
    BigDecimal exact = new BigDecimal(Double.toString(Math.abs(d))).stripTrailingZeros();
    String digits = exact.unscaledValue().toString();
    int point = digits.length() - exact.scale(); // the value is 0.<digits> * 10^point
    if (point > -4 && point <= 16) {
      if (point <= 0) {
        return sign + "0." + "0".repeat(-point) + digits;
      }
      if (point >= digits.length()) {
        return sign + digits + "0".repeat(point - digits.length()) + ".0";
      }
      return sign + digits.substring(0, point) + "." + digits.substring(point);
    }
    int exponent = point - 1;
    String mantissa = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
    return sign + mantissa + "e" + (exponent < 0 ? "-" : "+")
        + (Math.abs(exponent) < 10 ? "0" : "") + Math.abs(exponent);
  }

  /** A value other than a string; it only ever appears in an error message, as its repr. */
  private record Scalar(String repr) {
    @Override
    public String toString() {
      return repr;
    }
  }

  private record Tuple(List<Object> items) {
    @Override
    public String toString() {
      return PyRepr.tuple(items);
    }
  }
}
