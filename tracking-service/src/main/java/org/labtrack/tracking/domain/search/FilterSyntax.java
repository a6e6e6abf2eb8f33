package org.labtrack.tracking.domain.search;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.labtrack.common.error.MlflowException;
import org.labtrack.tracking.domain.search.FilterLexer.Kind;
import org.labtrack.tracking.domain.search.FilterLexer.Token;

/**
 * The statement level of MLflow's filter grammar: one statement made only of comparisons and
 * {@code AND} keywords (MLflow accepts them in any arrangement, so a missing or doubled AND is no
 * error), where a comparison is {@code operand comparator operand} or
 * {@code identifier [NOT] IN (list)}.
 */
final class FilterSyntax {

  /** A grouped comparison before its meaning is checked; {@code comparator} is as written. */
  record Clause(Token left, String comparator, Token right) {
  }

  private FilterSyntax() {
  }

  /**
   * @param quoteInvalid runs quote each invalid clause in the message, experiments do not
   */
  static List<Clause> clauses(String filter, boolean quoteInvalid) {
    if (filter == null || filter.isEmpty()) {
      return List.of();
    }
    List<Token> tokens = FilterLexer.tokenize(filter);
    List<Token> significant = tokens.stream().filter(t -> !t.is(Kind.WS)).toList();
    if (significant.isEmpty()) {
      throw MlflowException.invalidParameter(
          "Invalid filter '" + filter + "'. Could not be parsed.");
    }
    for (int i = 0; i < significant.size() - 1; i++) {
      if (significant.get(i).is(Kind.SEMICOLON)) {
        throw MlflowException.invalidParameter("Search filter contained multiple expression "
            + PyRepr.str(filter) + ". Provide AND-ed expression list.");
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
      String listed = invalid.stream()
          .map(tok -> quoteInvalid ? "'" + tok.text() + "'" : tok.text())
          .collect(Collectors.joining(", "));
      throw MlflowException.invalidParameter("Invalid clause(s) in filter string: " + listed);
    }
    return clauses;
  }

  private static Token at(List<Token> tokens, int index) {
    return index < tokens.size() ? tokens.get(index) : null;
  }

  private static boolean isOperand(Token t) {
    return t != null && (t.is(Kind.IDENT) || t.is(Kind.STRING) || t.is(Kind.NUMBER)
        || t.is(Kind.PAREN) || t.isKeyword("NULL"));
  }
}
