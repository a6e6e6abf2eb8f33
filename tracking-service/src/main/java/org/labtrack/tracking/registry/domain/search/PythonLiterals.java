package org.labtrack.tracking.registry.domain.search;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * The bits of Python literal syntax MLflow's messages and list values are made of: {@code repr}
 * of strings and collections, and reading a tuple of string or number literals.
 */
public final class PythonLiterals {
  private PythonLiterals() {
  }

  /** Python's {@code repr} of a string: single quotes unless the text holds one and no double. */
  public static String repr(String s) {
    if (s == null) {
      return "None";
    }
    char quote = s.indexOf('\'') >= 0 && s.indexOf('"') < 0 ? '"' : '\'';
    StringBuilder out = new StringBuilder().append(quote);
    for (char c : s.toCharArray()) {
      switch (c) {
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (c == quote) {
            out.append('\\').append(c);
          } else if (c < 0x20 || c == 0x7f) {
            out.append(String.format("\\x%02x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    return out.append(quote).toString();
  }

  /** Python's {@code repr} of a list of strings, e.g. {@code ['a', 'b']}. */
  public static String reprList(Collection<String> values) {
    return "[" + String.join(", ", values.stream().map(PythonLiterals::repr).toList()) + "]";
  }

  static String reprTuple(List<Object> values) {
    List<String> parts = values.stream()
        .map(v -> v instanceof String s ? repr(s) : String.valueOf(v)).toList();
    return "(" + String.join(", ", parts) + (parts.size() == 1 ? ",)" : ")");
  }

  /**
   * Reads {@code ('a', "b", 3)}: a parenthesised, comma-separated list of string or number
   * literals (a trailing comma allowed). Returns {@code null} when it is not such a list.
   */
  static List<Object> tuple(String text) {
    String t = text.strip();
    if (t.length() < 2 || t.charAt(0) != '(' || t.charAt(t.length() - 1) != ')') {
      return null;
    }
    String body = t.substring(1, t.length() - 1);
    List<Object> items = new ArrayList<>();
    int i = 0;
    boolean expectItem = true;
    while (true) {
      while (i < body.length() && Character.isWhitespace(body.charAt(i))) {
        i++;
      }
      if (i >= body.length()) {
        return items;
      }
      char c = body.charAt(i);
      if (!expectItem) {
        if (c != ',') {
          return null;
        }
        expectItem = true;
        i++;
        continue;
      }
      if (c == '\'' || c == '"') {
        StringBuilder s = new StringBuilder();
        int j = i + 1;
        boolean closed = false;
        while (j < body.length()) {
          char d = body.charAt(j);
          if (d == '\\' && j + 1 < body.length()) {
            char e = body.charAt(j + 1);
            s.append(switch (e) {
              case 'n' -> '\n';
              case 't' -> '\t';
              case 'r' -> '\r';
              default -> e;
            });
            j += 2;
          } else if (d == c) {
            closed = true;
            j++;
            break;
          } else {
            s.append(d);
            j++;
          }
        }
        if (!closed) {
          return null;
        }
        items.add(s.toString());
        i = j;
      } else {
        int j = i;
        while (j < body.length() && body.charAt(j) != ',' && !Character.isWhitespace(body.charAt(j))) {
          j++;
        }
        String literal = body.substring(i, j);
        try {
          items.add(literal.contains(".") || literal.contains("e") || literal.contains("E")
              ? (Object) Double.parseDouble(literal) : (Object) Long.parseLong(literal));
        } catch (NumberFormatException e) {
          return null;
        }
        i = j;
      }
      expectItem = false;
    }
  }
}
