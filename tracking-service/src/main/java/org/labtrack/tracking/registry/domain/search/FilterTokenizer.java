package org.labtrack.tracking.registry.domain.search;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Splits a search filter into the tokens MLflow's {@code sqlparse}-based parsers see: identifiers
 * (dotted, with backtick or double-quoted parts), single-quoted strings, numbers, comparison
 * operators, keywords and parenthesised groups. Pure lexing; what makes a valid comparison is
 * decided by {@link FilterParser} and each search's own rules.
 */
public final class FilterTokenizer {

  /** What a token is. */
  public enum Type { IDENTIFIER, STRING, INTEGER, FLOAT, OPERATOR, KEYWORD, PARENTHESIS, PUNCTUATION }

  /** A token with its text exactly as written (quotes included). */
  public record Token(Type type, String text) {
    public boolean isKeyword(String word) {
      return type == Type.KEYWORD && text.equalsIgnoreCase(word);
    }

    @Override
    public String toString() {
      return text;
    }
  }

  private static final Set<String> KEYWORDS = Set.of("AND", "OR", "NOT", "IN", "IS", "NULL",
      "BETWEEN", "EXISTS", "TRUE", "FALSE");
  private static final Set<String> WORD_OPERATORS = Set.of("LIKE", "ILIKE", "RLIKE", "REGEXP");

  private final String input;
  private int pos;

  private FilterTokenizer(String input) {
    this.input = input;
  }

  public static List<Token> tokenize(String filter) {
    return new FilterTokenizer(filter).all();
  }

  private List<Token> all() {
    List<Token> tokens = new ArrayList<>();
    while (true) {
      skipWhitespace();
      if (pos >= input.length()) {
        return tokens;
      }
      tokens.add(next(tokens));
    }
  }

  private Token next(List<Token> previous) {
    char c = input.charAt(pos);
    int start = pos;
    if (c == '\'') {
      return quoted(start, '\'', Type.STRING);
    }
    if (c == '(') {
      return parenthesis(start);
    }
    if ("=!<>~".indexOf(c) >= 0) {
      while (pos < input.length() && "=!<>~".indexOf(input.charAt(pos)) >= 0) {
        pos++;
      }
      return new Token(Type.OPERATOR, input.substring(start, pos));
    }
    if (Character.isDigit(c) || (c == '-' || c == '.') && startsNumber(previous)) {
      Token number = number(start);
      if (number != null) {
        return number;
      }
      pos = start;
    }
    if (isWordStart(c) || c == '`' || c == '"') {
      return identifierOrWord(start);
    }
    pos++;
    return new Token(Type.PUNCTUATION, String.valueOf(c));
  }

  /** A sign or leading dot starts a number only where a value is expected. */
  private boolean startsNumber(List<Token> previous) {
    if (pos + 1 >= input.length()) {
      return false;
    }
    char next = input.charAt(pos + 1);
    boolean digitFollows = Character.isDigit(next)
        || input.charAt(pos) == '-' && next == '.' && pos + 2 < input.length()
        && Character.isDigit(input.charAt(pos + 2));
    return digitFollows && (previous.isEmpty()
        || previous.get(previous.size() - 1).type() == Type.OPERATOR
        || previous.get(previous.size() - 1).type() == Type.KEYWORD);
  }

  private Token number(int start) {
    int i = start;
    if (input.charAt(i) == '-') {
      i++;
    }
    int digits = i;
    while (i < input.length() && Character.isDigit(input.charAt(i))) {
      i++;
    }
    boolean isFloat = false;
    if (i < input.length() && input.charAt(i) == '.') {
      isFloat = true;
      i++;
      while (i < input.length() && Character.isDigit(input.charAt(i))) {
        i++;
      }
    }
    if (i == digits || i == digits + 1 && isFloat) {
      return null;
    }
    if (i < input.length() && (input.charAt(i) == 'e' || input.charAt(i) == 'E')) {
      int exp = i + 1;
      if (exp < input.length() && (input.charAt(exp) == '-' || input.charAt(exp) == '+')) {
        exp++;
      }
      if (exp < input.length() && Character.isDigit(input.charAt(exp))) {
        i = exp;
        while (i < input.length() && Character.isDigit(input.charAt(i))) {
          i++;
        }
        isFloat = true;
      }
    }
    // "1abc" is not a number followed by a word but one bad token, as in sqlparse
    if (i < input.length() && isWordPart(input.charAt(i))) {
      return null;
    }
    pos = i;
    return new Token(isFloat ? Type.FLOAT : Type.INTEGER, input.substring(start, i));
  }

  private Token identifierOrWord(int start) {
    boolean dotted = false;
    boolean quotedPart = false;
    while (true) {
      char c = input.charAt(pos);
      if (c == '`' || c == '"') {
        if (!quotedUntil(c)) {
          pos = input.length();
          return new Token(Type.PUNCTUATION, input.substring(start));
        }
        quotedPart = true;
      } else if (isWordStart(c) || Character.isDigit(c)) {
        while (pos < input.length() && isWordPart(input.charAt(pos))) {
          pos++;
        }
      } else {
        break;
      }
      if (pos < input.length() && input.charAt(pos) == '.' && pos + 1 < input.length()
          && (isWordPart(input.charAt(pos + 1)) || input.charAt(pos + 1) == '`'
          || input.charAt(pos + 1) == '"')) {
        dotted = true;
        pos++;
        continue;
      }
      break;
    }
    String text = input.substring(start, pos);
    if (!dotted && !quotedPart) {
      String upper = text.toUpperCase(Locale.ROOT);
      if (upper.equals("NOT")) {
        int save = pos;
        skipWhitespace();
        int wordStart = pos;
        while (pos < input.length() && isWordPart(input.charAt(pos))) {
          pos++;
        }
        String following = input.substring(wordStart, pos).toUpperCase(Locale.ROOT);
        if (WORD_OPERATORS.contains(following)) {
          return new Token(Type.OPERATOR, input.substring(start, pos));
        }
        pos = save;
      }
      if (WORD_OPERATORS.contains(upper)) {
        return new Token(Type.OPERATOR, text);
      }
      if (KEYWORDS.contains(upper)) {
        return new Token(Type.KEYWORD, text);
      }
    }
    return new Token(Type.IDENTIFIER, text);
  }

  private Token quoted(int start, char quote, Type type) {
    if (!quotedUntil(quote)) {
      pos = input.length();
      return new Token(Type.PUNCTUATION, input.substring(start));
    }
    return new Token(type, input.substring(start, pos));
  }

  /** Moves past a quoted part; a doubled or backslash-escaped quote stays inside. */
  private boolean quotedUntil(char quote) {
    int i = pos + 1;
    while (i < input.length()) {
      char c = input.charAt(i);
      if (c == '\\' && quote == '\'' && i + 1 < input.length()) {
        i += 2;
      } else if (c == quote) {
        if (i + 1 < input.length() && input.charAt(i + 1) == quote) {
          i += 2;
        } else {
          pos = i + 1;
          return true;
        }
      } else {
        i++;
      }
    }
    return false;
  }

  private Token parenthesis(int start) {
    int depth = 0;
    int i = start;
    while (i < input.length()) {
      char c = input.charAt(i);
      if (c == '\'' || c == '"') {
        pos = i;
        if (!quotedUntil(c)) {
          break;
        }
        i = pos;
        continue;
      }
      if (c == '(') {
        depth++;
      } else if (c == ')' && --depth == 0) {
        pos = i + 1;
        return new Token(Type.PARENTHESIS, input.substring(start, pos));
      }
      i++;
    }
    pos = input.length();
    return new Token(Type.PUNCTUATION, input.substring(start));
  }

  private void skipWhitespace() {
    while (pos < input.length() && Character.isWhitespace(input.charAt(pos))) {
      pos++;
    }
  }

  private static boolean isWordStart(char c) {
    return Character.isLetter(c) || c == '_';
  }

  private static boolean isWordPart(char c) {
    return Character.isLetterOrDigit(c) || c == '_' || c == '$' || c == '#';
  }
}
