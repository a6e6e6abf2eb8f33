package org.labtrack.tracking.domain.search;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.labtrack.common.error.MlflowException;
import org.labtrack.tracking.domain.search.FilterLexer.Kind;
import org.labtrack.tracking.domain.search.FilterLexer.Token;

/**
 * The statement level every MLflow filter grammar shares (sqlparse's grouping plus MLflow's
 * {@code _join_in_comparison_tokens}): one statement made only of comparisons and {@code AND}
 * keywords, in any arrangement (a missing or doubled AND is no error), where a comparison is
 * {@code operand comparator operand} or {@code identifier [NOT] IN (list)}. What the operands may
 * be is each search's own rule; so is the wording of the errors, see {@link Wording}.
 */
public final class FilterSyntax {

  /** A grouped comparison before its meaning is checked; {@code comparator} is as written. */
  public record Clause(Token left, String comparator, Token right) {

    /**
     * The left side's text, which MLflow's {@code SearchUtils._validate_comparison} requires to be
     * an identifier (runs, experiments and the model registry check it; logged models do not).
     */
    public String identifier() {
      if (!left.is(Kind.IDENT)) {
        throw MlflowException.invalidParameter("Invalid comparison clause. Expected 'Identifier' "
            + "found '" + left.text() + "'");
      }
      return left.text();
    }
  }

  /** How a search words the ways a filter fails before its own rules are applied. */
  public interface Wording {
    /** The filter is blank: sqlparse finds no statement in it. */
    MlflowException unparsable(String filter);

    /** A semicolon splits the filter into more than one statement. */
    MlflowException multipleStatements(String filter);

    /** Tokens that are neither AND nor part of a comparison, in order. */
    MlflowException invalidClauses(String filter, List<Token> invalid);
  }

  /** {@code SearchUtils.parse_search_filter}'s wording as experiments and the registry print it. */
  public static final Wording SEARCH_UTILS = new SearchUtilsWording(false);

  /** The same wording, with each invalid clause quoted as the runs search prints it. */
  public static final Wording SEARCH_UTILS_QUOTED = new SearchUtilsWording(true);

  private FilterSyntax() {
  }

  /**
   * The comparisons of a filter, in order; none for a null or empty filter.
   *
   * @throws MlflowException as {@code wording} words it, for a blank filter, more than one
   *     statement or anything but comparisons and ANDs
   */
  public static List<Clause> clauses(String filter, Wording wording) {
    if (filter == null || filter.isEmpty()) {
      return List.of();
    }
    List<Token> significant = FilterLexer.tokenize(filter).stream()
        .filter(t -> !t.is(Kind.WS)).toList();
    if (significant.isEmpty()) {
      throw wording.unparsable(filter);
    }
    for (int i = 0; i < significant.size() - 1; i++) {
      if (significant.get(i).is(Kind.SEMICOLON)) {
        throw wording.multipleStatements(filter);
      }
    }

    List<Clause> clauses = new ArrayList<>();
    List<Token> invalid = new ArrayList<>();
    int i = 0;
    while (i < significant.size()) {
      Token t = significant.get(i);
      Token t1 = at(significant, i + 1);
      Token t2 = at(significant, i + 2);
      Token t3 = at(significant, i + 3);
      if (isOperand(t) && t1 != null && t1.is(Kind.COMPARATOR) && isOperand(t2)) {
        clauses.add(new Clause(t, t1.text(), t2));
        i += 3;
      } else if (t.is(Kind.IDENT) && t1 != null && t1.isKeyword("IN")
          && t2 != null && t2.is(Kind.PAREN)) {
        clauses.add(new Clause(t, t1.text(), t2));
        i += 3;
      } else if (t.is(Kind.IDENT) && t1 != null && t1.isKeyword("NOT")
          && t2 != null && t2.isKeyword("IN") && t3 != null && t3.is(Kind.PAREN)) {
        clauses.add(new Clause(t, "NOT IN", t3));
        i += 4;
      } else {
        if (!t.isKeyword("AND")) {
          invalid.add(t);
        }
        i++;
      }
    }
    if (!invalid.isEmpty()) {
      throw wording.invalidClauses(filter, invalid);
    }
    return clauses;
  }

  /** MLflow's {@code _strip_quotes}: one pair of single or double quotes, nothing unescaped. */
  public static String stripQuotes(String s, boolean expectQuoted) {
    if (isQuoted(s, '\'') || isQuoted(s, '"')) {
      return s.substring(1, s.length() - 1);
    }
    if (expectQuoted) {
      throw MlflowException.invalidParameter("Parameter value is either not quoted or "
          + "unidentified quote types used for string value " + s + ". Use either single or "
          + "double quotes.");
    }
    return s;
  }

  /** MLflow's {@code _trim_backticks}: one pair of backticks. */
  public static String trimBackticks(String s) {
    return isQuoted(s, '`') ? s.substring(1, s.length() - 1) : s;
  }

  private static boolean isQuoted(String s, char q) {
    return s.length() >= 2 && s.charAt(0) == q && s.charAt(s.length() - 1) == q;
  }

  private static Token at(List<Token> tokens, int index) {
    return index < tokens.size() ? tokens.get(index) : null;
  }

  /** What sqlparse groups on either side of a comparison operator. */
  private static boolean isOperand(Token t) {
    return t != null && (t.is(Kind.IDENT) || t.is(Kind.STRING) || t.isNumber()
        || t.is(Kind.PAREN) || t.isKeyword("NULL"));
  }

  private record SearchUtilsWording(boolean quoted) implements Wording {
    @Override
    public MlflowException unparsable(String filter) {
      return MlflowException.invalidParameter(
          "Invalid filter '" + filter + "'. Could not be parsed.");
    }

    @Override
    public MlflowException multipleStatements(String filter) {
      return MlflowException.invalidParameter("Search filter contained multiple expression "
          + PyRepr.str(filter) + ". Provide AND-ed expression list.");
    }

    @Override
    public MlflowException invalidClauses(String filter, List<Token> invalid) {
      return MlflowException.invalidParameter("Invalid clause(s) in filter string: "
          + invalid.stream().map(t -> quoted ? "'" + t.text() + "'" : t.text())
          .collect(Collectors.joining(", ")));
    }
  }
}
