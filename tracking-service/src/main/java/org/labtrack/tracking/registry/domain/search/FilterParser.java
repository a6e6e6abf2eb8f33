package org.labtrack.tracking.registry.domain.search;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.labtrack.common.error.MlflowException;
import org.labtrack.tracking.registry.domain.search.FilterTokenizer.Token;
import org.labtrack.tracking.registry.domain.search.FilterTokenizer.Type;

/**
 * Groups filter tokens into comparisons joined by {@code AND}, the one shape every MLflow search
 * grammar accepts: {@code <identifier> <operator> <value>}, {@code <identifier> IN (...)} and
 * {@code <identifier> NOT IN (...)}. Anything else is an invalid clause; each search words that
 * error its own way, so the caller supplies the message.
 */
public final class FilterParser {

  /** One comparison as written: left identifier, operator text as typed, right token. */
  public record Comparison(Token left, String operator, Token right) {
  }

  private FilterParser() {
  }

  /**
   * @param invalidClauses builds the error for tokens that form no comparison, given them in order
   * @param multipleStatements builds the error for a filter with more than one statement
   */
  public static List<Comparison> parse(String filter,
      Function<List<Token>, MlflowException> invalidClauses,
      Function<String, MlflowException> multipleStatements) {
    List<Token> tokens = FilterTokenizer.tokenize(filter);
    int semicolon = indexOfSemicolon(tokens);
    if (semicolon >= 0 && semicolon < tokens.size() - 1) {
      throw multipleStatements.apply(filter);
    }
    List<Comparison> comparisons = new ArrayList<>();
    List<Token> invalid = new ArrayList<>();
    int i = 0;
    while (i < tokens.size()) {
      Token t = tokens.get(i);
      if (t.isKeyword("AND")) {
        i++;
        continue;
      }
      if (t.type() == Type.IDENTIFIER && i + 2 < tokens.size()) {
        Token second = tokens.get(i + 1);
        Token third = tokens.get(i + 2);
        if (second.type() == Type.OPERATOR && isValue(third)) {
          comparisons.add(new Comparison(t, second.text(), third));
          i += 3;
          continue;
        }
        if (second.isKeyword("IN") && third.type() == Type.PARENTHESIS) {
          comparisons.add(new Comparison(t, "IN", third));
          i += 3;
          continue;
        }
        if (second.isKeyword("NOT") && third.isKeyword("IN") && i + 3 < tokens.size()
            && tokens.get(i + 3).type() == Type.PARENTHESIS) {
          comparisons.add(new Comparison(t, "NOT IN", tokens.get(i + 3)));
          i += 4;
          continue;
        }
      }
      invalid.add(t);
      i++;
    }
    if (!invalid.isEmpty()) {
      throw invalidClauses.apply(invalid);
    }
    return comparisons;
  }

  private static boolean isValue(Token t) {
    return t.type() == Type.STRING || t.type() == Type.INTEGER || t.type() == Type.FLOAT
        || t.type() == Type.IDENTIFIER || t.type() == Type.PARENTHESIS;
  }

  private static int indexOfSemicolon(List<Token> tokens) {
    for (int i = 0; i < tokens.size(); i++) {
      if (tokens.get(i).type() == Type.PUNCTUATION && tokens.get(i).text().equals(";")) {
        return i;
      }
    }
    return -1;
  }

  /** MLflow's {@code _strip_quotes}: removes matching single or double quotes. */
  public static String stripQuotes(String value, boolean expectQuoted) {
    if (isQuoted(value, '\'') || isQuoted(value, '"')) {
      return value.substring(1, value.length() - 1);
    }
    if (expectQuoted) {
      throw MlflowException.invalidParameter("Parameter value is either not quoted or "
          + "unidentified quote types used for string value " + value
          + ". Use either single or double quotes.");
    }
    return value;
  }

  /** MLflow's {@code _trim_backticks}. */
  public static String trimBackticks(String value) {
    return isQuoted(value, '`') ? value.substring(1, value.length() - 1) : value;
  }

  private static boolean isQuoted(String value, char quote) {
    return value.length() >= 2 && value.charAt(0) == quote
        && value.charAt(value.length() - 1) == quote;
  }
}
