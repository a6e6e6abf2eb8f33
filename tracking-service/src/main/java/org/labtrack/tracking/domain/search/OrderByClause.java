package org.labtrack.tracking.domain.search;

import java.util.List;
import java.util.Locale;
import org.labtrack.common.error.MlflowException;
import org.labtrack.tracking.domain.search.FilterLexer.Kind;
import org.labtrack.tracking.domain.search.FilterLexer.Token;

/**
 * One order_by string as MLflow's {@code SearchUtils._parse_order_by_string} reads it for runs,
 * experiments and the model registry: sqlparse must see a single identifier, optionally followed
 * by whitespace and a direction; the pair is then split by {@code shlex} with backticks read as
 * double quotes.
 *
 * @param identifier the clause itself when it names no direction (quotes kept, as MLflow keeps
 *     them), else the identifier as shlex unquotes it
 */
public record OrderByClause(String identifier, boolean ascending) {

  /** Reads one clause, refusing what MLflow refuses with MLflow's messages. */
  public static OrderByClause parse(String clause) {
    List<Token> tokens = clause == null ? List.of() : FilterLexer.tokenize(clause);
    if (tokens.size() == 1 && tokens.get(0).is(Kind.IDENT)) {
      return new OrderByClause(clause, true);
    }
    // sqlparse also groups a number with a direction (MLflow then refuses it as a key)
    if (tokens.size() == 3 && (tokens.get(0).is(Kind.IDENT) || tokens.get(0).isNumber())
        && tokens.get(1).is(Kind.WS) && tokens.get(2).is(Kind.IDENT)) {
      String direction = tokens.get(2).text().toLowerCase(Locale.ROOT);
      if (!direction.equals("asc") && !direction.equals("desc")) {
        throw MlflowException.invalidParameter(
            "Invalid ordering key in order_by clause '" + clause + "'.");
      }
      String identifier = shlexWord(tokens.get(0).text().replace('`', '"'));
      if (identifier == null) {
        throw unparsable(clause); // shlex: "No closing quotation", a 500 in MLflow
      }
      return new OrderByClause(identifier, direction.equals("asc"));
    }
    throw unparsable(clause);
  }

  private static MlflowException unparsable(String clause) {
    return MlflowException.invalidParameter(
        "Invalid order_by clause '" + clause + "'. Could not be parsed.");
  }

  /**
   * One word as Python's {@code shlex.split} reads it: quotes group and are removed, a backslash
   * escapes any character outside quotes and only {@code "} or itself inside double quotes.
   * Null where shlex fails (an unclosed quote, a trailing backslash).
   */
  private static String shlexWord(String word) {
    StringBuilder b = new StringBuilder();
    char quote = 0;
    for (int i = 0; i < word.length(); i++) {
      char c = word.charAt(i);
      if (quote == 0 && (c == '\'' || c == '"')) {
        quote = c;
      } else if (quote != 0 && c == quote) {
        quote = 0;
      } else if (c == '\\' && quote != '\'') {
        if (i + 1 >= word.length()) {
          return null;
        }
        char next = word.charAt(i + 1);
        if (quote == 0 || next == '"' || next == '\\') {
          b.append(next);
          i++;
        } else {
          b.append(c);
        }
      } else {
        b.append(c);
      }
    }
    return quote == 0 ? b.toString() : null;
  }
}
