package org.labtrack.tracking.domain.search;

import java.util.Collection;
import java.util.stream.Collectors;

/** Python's repr() of strings, bytes and collections, because MLflow's messages embed them. */
public final class PyRepr {
  private PyRepr() {
  }

  /** {@code repr(s)}: single quotes unless the text holds one and no double; None for null. */
  public static String str(String s) {
    if (s == null) {
      return "None";
    }
    char quote = quoteFor(s.indexOf('\'') >= 0, s.indexOf('"') >= 0);
    StringBuilder b = new StringBuilder().append(quote);
    s.codePoints().forEach(cp -> {
      if (cp == quote || cp == '\\') {
        b.append('\\').appendCodePoint(cp);
      } else if (cp == '\t' || cp == '\n' || cp == '\r') {
        b.append(cp == '\t' ? "\\t" : cp == '\n' ? "\\n" : "\\r");
      } else if (isPrintable(cp)) {
        b.appendCodePoint(cp);
      } else if (cp <= 0xff) {
        b.append(String.format("\\x%02x", cp));
      } else if (cp <= 0xffff) {
        b.append(String.format("\\u%04x", cp));
      } else {
        b.append(String.format("\\U%08x", cp));
      }
    });
    return b.append(quote).toString();
  }

  /** {@code repr(b)} of a bytes value: printable ASCII as is, everything else escaped. */
  public static String bytes(byte[] bytes) {
    boolean single = false;
    boolean dbl = false;
    for (byte x : bytes) {
      single |= x == '\'';
      dbl |= x == '"';
    }
    char quote = quoteFor(single, dbl);
    StringBuilder b = new StringBuilder("b").append(quote);
    for (byte x : bytes) {
      int c = x & 0xff;
      if (c == quote || c == '\\') {
        b.append('\\').append((char) c);
      } else if (c == '\t' || c == '\n' || c == '\r') {
        b.append(c == '\t' ? "\\t" : c == '\n' ? "\\n" : "\\r");
      } else if (c < 0x20 || c >= 0x7f) {
        b.append(String.format("\\x%02x", c));
      } else {
        b.append((char) c);
      }
    }
    return b.append(quote).toString();
  }

  /** A list, e.g. {@code ['a', 'b']}. */
  public static String list(Collection<?> items) {
    return join(items, "[", "]");
  }

  /** A set, in the collection's order (Python prints sets in hash order). */
  public static String set(Collection<?> items) {
    return join(items, "{", "}");
  }

  /** A tuple, e.g. {@code ('a', 'b')}; a single item keeps its trailing comma: {@code ('a',)}. */
  public static String tuple(Collection<?> items) {
    return join(items, "(", items.size() == 1 ? ",)" : ")");
  }

  /** Strings as {@link #str}; any other item prints its {@code toString()}, its own repr. */
  private static String join(Collection<?> items, String open, String close) {
    return items.stream().map(i -> i instanceof String s ? str(s) : String.valueOf(i))
        .collect(Collectors.joining(", ", open, close));
  }

  private static char quoteFor(boolean hasSingle, boolean hasDouble) {
    return hasSingle && !hasDouble ? '"' : '\'';
  }

  /** Python's {@code str.isprintable()} for one character; the space is the one printable blank. */
  private static boolean isPrintable(int cp) {
    if (cp == ' ') {
      return true;
    }
    return switch (Character.getType(cp)) {
      case Character.CONTROL, Character.FORMAT, Character.SURROGATE, Character.PRIVATE_USE,
          Character.UNASSIGNED, Character.LINE_SEPARATOR, Character.PARAGRAPH_SEPARATOR,
          Character.SPACE_SEPARATOR -> false;
      default -> true;
    };
  }
}
