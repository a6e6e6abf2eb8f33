package org.labtrack.tracking.domain.search;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Splits a filter or order_by string into the tokens MLflow's SQL tokenizer (sqlparse) would see for
 * the inputs the search grammars care about: identifiers (dotted, with quoted parts), string and
 * numeric literals, comparison operators, keywords, parenthesised groups and anything else as
 * single "other" tokens, so that errors can name the offending text as MLflow does. Like sqlparse's
 * lexer it is a list of patterns tried in order, with no look at the tokens before.
 */
public final class FilterLexer extends TextScanner {

  /** What a token is; {@code INTEGER} and {@code FLOAT} are sqlparse's two number types. */
  public enum Kind {
    WS, IDENT, STRING, INTEGER, FLOAT, COMPARATOR, KEYWORD, PAREN, SEMICOLON, OTHER
  }

  /** A token with its text exactly as written (quotes, brackets and signs included). */
  public record Token(Kind kind, String text) {
    public boolean is(Kind k) {
      return kind == k;
    }

    public boolean isNumber() {
      return kind == Kind.INTEGER || kind == Kind.FLOAT;
    }

    public boolean isKeyword(String word) {
      return kind == Kind.KEYWORD && text.equalsIgnoreCase(word);
    }

    @Override
    public String toString() {
      return text;
    }
  }

  /**
   * Bare words that are keywords to sqlparse and so never identifiers or values in a filter.
   * sqlparse knows hundreds more (SELECT, FROM ...); these are the ones a filter plausibly holds.
   */
  private static final Set<String> KEYWORDS = Set.of("AND", "OR", "NOT", "IN", "IS", "NULL",
      "BETWEEN", "EXISTS", "TRUE", "FALSE");

  private static final Pattern WS = Pattern.compile("\\s+");
  /** A word starts with a word character; {@code $} and {@code #} may follow (sqlparse). */
  private static final Pattern WORD =
      Pattern.compile("\\w[\\w$#]*", Pattern.UNICODE_CHARACTER_CLASS);
  private static final Pattern PART = Pattern.compile("[\\w$#]+", Pattern.UNICODE_CHARACTER_CLASS);
  private static final Pattern WORD_COMPARATOR = Pattern.compile(
      "(?:NOT\\s+)?(?:LIKE|ILIKE|RLIKE)\\b|(?:NOT\\s+)?REGEXP(?:\\s+BINARY)?\\b",
      Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CHARACTER_CLASS);
  private static final Pattern SYMBOL_COMPARATOR = Pattern.compile("[<>=~!]+");
  /** sqlparse's hexadecimal number, which its grouping never takes as a comparison operand. */
  private static final Pattern HEX = Pattern.compile("-?0[xX][\\da-fA-F]+");
  private static final Pattern FLOAT = Pattern.compile(
      "-?\\d+(?:\\.\\d+)?[eE]-?\\d+|-?(?:\\d+\\.\\d*|\\.\\d+)(?![\\p{L}_])");
  private static final Pattern INTEGER = Pattern.compile("-?\\d+(?![\\p{L}_])");
  private static final Pattern SINGLE_QUOTED = Pattern.compile("'(?:''|\\\\'|[^'])*'");
  private static final Pattern DOUBLE_QUOTED = Pattern.compile("\"(?:\"\"|\\\\\"|[^\"])*\"");
  private static final Pattern BACKTICKED = Pattern.compile("`(?:``|[^`])*`");
  private static final Pattern OPERATOR_RUN = Pattern.compile("[+/@#%^&|*-]+");

  private FilterLexer(String text) {
    super(text);
  }

  /** All tokens of the text, whitespace included, in order; their texts concatenate to it. */
  public static List<Token> tokenize(String text) {
    return new FilterLexer(text).all();
  }

  private List<Token> all() {
    List<Token> tokens = new ArrayList<>();
    while (pos < text.length()) {
      tokens.add(next());
    }
    return tokens;
  }

  private Token next() {
    char c = text.charAt(pos);
    String m;
    if ((m = match(WS)) != null) {
      return new Token(Kind.WS, m);
    }
    if (c == '(' && (m = parenthesis()) != null) {
      return new Token(Kind.PAREN, m);
    }
    if (c == ';') {
      pos++;
      return new Token(Kind.SEMICOLON, ";");
    }
    if ((m = match(WORD_COMPARATOR)) != null || (m = match(SYMBOL_COMPARATOR)) != null) {
      return new Token(Kind.COMPARATOR, m);
    }
    if ((m = match(HEX)) != null) {
      return new Token(Kind.OTHER, m);
    }
    if ((m = match(FLOAT)) != null) {
      return new Token(Kind.FLOAT, m);
    }
    if ((m = match(INTEGER)) != null) {
      return new Token(Kind.INTEGER, m);
    }
    if ((m = match(SINGLE_QUOTED)) != null) {
      return new Token(Kind.STRING, m);
    }
    if (c == '"' || c == '`' || WORD.matcher(text).region(pos, text.length()).lookingAt()) {
      return identifierOrKeyword();
    }
    if ((m = match(OPERATOR_RUN)) != null) {
      return new Token(Kind.OTHER, m);
    }
    int length = Character.charCount(text.codePointAt(pos));
    pos += length;
    return new Token(Kind.OTHER, text.substring(pos - length, pos));
  }

  /** One identifier: parts joined by dots; a part may be quoted with backticks or double quotes. */
  private Token identifierOrKeyword() {
    int start = pos;
    String first = part(false);
    if (first == null) {
      // an unterminated quote: sqlparse reports the lone character
      pos++;
      return new Token(Kind.OTHER, text.substring(start, pos));
    }
    if (pos >= text.length() || text.charAt(pos) != '.') {
      if (KEYWORDS.contains(first.toUpperCase(Locale.ROOT))) {
        return new Token(Kind.KEYWORD, first);
      }
      return new Token(Kind.IDENT, first);
    }
    while (pos < text.length() && text.charAt(pos) == '.') {
      pos++;
      part(true); // an empty part after the dot is allowed: "metrics." names the key ''
    }
    return new Token(Kind.IDENT, text.substring(start, pos));
  }

  private String part(boolean afterDot) {
    String m;
    if ((m = match(BACKTICKED)) != null || (m = match(DOUBLE_QUOTED)) != null) {
      return m;
    }
    if (afterDot && (m = match(SINGLE_QUOTED)) != null) {
      return m;
    }
    return match(afterDot ? PART : WORD);
  }

  /** A balanced parenthesised group, quotes respected; null if unbalanced (then '(' is just a character). */
  private String parenthesis() {
    int start = pos;
    int depth = 0;
    while (pos < text.length()) {
      char c = text.charAt(pos);
      if (c == '\'' || c == '"' || c == '`') {
        Pattern quoted = c == '\'' ? SINGLE_QUOTED : c == '"' ? DOUBLE_QUOTED : BACKTICKED;
        if (match(quoted) != null) {
          continue;
        }
      } else if (c == '(') {
        depth++;
      } else if (c == ')') {
        depth--;
        if (depth == 0) {
          pos++;
          return text.substring(start, pos);
        }
      }
      pos++;
    }
    pos = start;
    return null;
  }
}
