package org.labtrack.tracking.domain.search;

import java.util.Collection;
import java.util.stream.Collectors;

/** Python's repr() of strings and collections, because MLflow's messages embed them. */
final class PyRepr {
  private PyRepr() {
  }

  static String str(String s) {
    char quote = s.indexOf('\'') >= 0 && s.indexOf('"') < 0 ? '"' : '\'';
    StringBuilder b = new StringBuilder().append(quote);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '\\' -> b.append("\\\\");
        case '\n' -> b.append("\\n");
        case '\r' -> b.append("\\r");
        case '\t' -> b.append("\\t");
        default -> {
          if (c == quote) {
            b.append('\\');
          }
          b.append(c);
        }
      }
    }
    return b.append(quote).toString();
  }

  static String list(Collection<String> items) {
    return join(items, "[", "]");
  }

  static String set(Collection<String> items) {
    return join(items, "{", "}");
  }

  static String tuple(Collection<String> items) {
    return join(items, "(", ")");
  }

  private static String join(Collection<String> items, String open, String close) {
    return items.stream().map(PyRepr::str).collect(Collectors.joining(", ", open, close));
  }
}
