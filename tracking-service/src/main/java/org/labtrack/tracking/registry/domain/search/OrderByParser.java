package org.labtrack.tracking.registry.domain.search;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.labtrack.common.error.MlflowException;

/**
 * One {@code order_by} string, as MLflow's {@code _parse_order_by_string} reads it: a single
 * identifier (quotes and backticks allowed) optionally followed by {@code ASC} or {@code DESC}.
 */
public final class OrderByParser {

  /** The key (unquoted) and direction. */
  public record OrderBy(String key, boolean ascending) {
  }

  private OrderByParser() {
  }

  public static OrderBy parse(String clause) {
    List<String> words = words(clause == null ? "" : clause);
    if (words == null || words.isEmpty() || words.size() > 2) {
      throw unparsable(clause);
    }
    boolean ascending = true;
    if (words.size() == 2) {
      String direction = words.get(1).toLowerCase(Locale.ROOT);
      if (!direction.equals("asc") && !direction.equals("desc")) {
        throw MlflowException.invalidParameter(
            "Invalid ordering key in order_by clause '" + clause + "'.");
      }
      ascending = direction.equals("asc");
    }
    return new OrderBy(words.get(0), ascending);
  }

  private static MlflowException unparsable(String clause) {
    return MlflowException.invalidParameter(
        "Invalid order_by clause '" + clause + "'. Could not be parsed.");
  }

  /** Whitespace-separated words; quotes and backticks group and are removed, as shlex does. */
  private static List<String> words(String clause) {
    List<String> words = new ArrayList<>();
    StringBuilder word = null;
    char quote = 0;
    for (char c : clause.toCharArray()) {
      if (quote != 0) {
        if (c == quote) {
          quote = 0;
        } else {
          word.append(c);
        }
      } else if (c == '"' || c == '`' || c == '\'') {
        quote = c;
        if (word == null) {
          word = new StringBuilder();
        }
      } else if (Character.isWhitespace(c)) {
        if (word != null) {
          words.add(word.toString());
          word = null;
        }
      } else {
        if (word == null) {
          word = new StringBuilder();
        }
        word.append(c);
      }
    }
    if (quote != 0) {
      return null;
    }
    if (word != null) {
      words.add(word.toString());
    }
    return words;
  }
}
