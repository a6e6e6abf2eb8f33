package org.labtrack.tracking.domain.search;

import java.util.ArrayList;
import java.util.List;
import org.labtrack.common.error.MlflowException;

/**
 * The value list of {@code IN (...)}. MLflow reads it as a Python literal, so strings take Python's
 * backslash escapes, adjacent strings concatenate and a trailing comma is allowed; every element
 * must be a string.
 */
final class ListLiteral {
  private final String text;
  private int pos;

  private ListLiteral(String text) {
    this.text = text;
  }

  /** @param paren the whole parenthesised token, brackets included */
  static List<String> parse(String paren) {
    ListLiteral p = new ListLiteral(paren.substring(1, paren.length() - 1));
    List<Object> items = p.items();
    if (items.isEmpty()) {
      throw MlflowException.invalidParameter("While parsing a list in the query, expected a "
          + "non-empty list of string values, but got empty list");
    }
    List<String> strings = new ArrayList<>();
    for (Object item : items) {
      if (!(item instanceof String s)) {
        throw MlflowException.invalidParameter("While parsing a list in the query, expected "
            + "string value, punctuation, or whitespace, but got different type in list: "
            + tupleRepr(items));
      }
      strings.add(s);
    }
    return strings;
  }

  private List<Object> items() {
    List<Object> items = new ArrayList<>();
    skipSpace();
    while (pos < text.length()) {
      items.add(item());
      skipSpace();
      if (pos < text.length()) {
        if (text.charAt(pos) != ',') {
          throw illFormed();
        }
        pos++;
        skipSpace();
      }
    }
    return items;
  }

  private Object item() {
    char c = text.charAt(pos);
    if (c == '\'' || c == '"') {
      StringBuilder joined = new StringBuilder();
      while (pos < text.length() && (text.charAt(pos) == '\'' || text.charAt(pos) == '"')) {
        joined.append(string());
        skipSpace();
      }
      return joined.toString();
    }
    int start = pos;
    while (pos < text.length() && "+-.0123456789eEjJxXabcdefABCDEF_".indexOf(text.charAt(pos)) >= 0) {
      pos++;
    }
    String number = text.substring(start, pos);
    if (number.isEmpty() || !number.matches("[+-]?(\\d[\\d_]*(\\.\\d*)?|\\.\\d+)([eE][+-]?\\d+)?j?")) {
      throw illFormed();
    }
    return new Number(number);
  }

  private String string() {
    char quote = text.charAt(pos++);
    StringBuilder b = new StringBuilder();
    while (pos < text.length()) {
      char c = text.charAt(pos++);
      if (c == quote) {
        return b.toString();
      }
      if (c == '\\' && pos < text.length()) {
        char e = text.charAt(pos++);
        switch (e) {
          case 'n' -> b.append('\n');
          case 't' -> b.append('\t');
          case 'r' -> b.append('\r');
          case '0' -> b.append('\0');
          case '\\', '\'', '"' -> b.append(e);
          case '\n' -> { }
          default -> b.append('\\').append(e);
        }
      } else {
        b.append(c);
      }
    }
    throw illFormed();
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

  private static String tupleRepr(List<Object> items) {
    StringBuilder b = new StringBuilder("(");
    for (int i = 0; i < items.size(); i++) {
      Object item = items.get(i);
      b.append(i == 0 ? "" : ", ").append(item instanceof String s ? PyRepr.str(s) : item);
    }
    return b.append(items.size() == 1 ? ",)" : ")").toString();
  }

  /** A numeric element, kept as written: it only ever appears in an error message. */
  private record Number(String literal) {
    @Override
    public String toString() {
      return literal;
    }
  }
}
