package org.labtrack.tracking.domain.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.labtrack.common.error.ErrorCode;
import org.labtrack.common.error.MlflowException;
import org.labtrack.tracking.domain.search.FilterLexer.Kind;
import org.labtrack.tracking.domain.search.FilterLexer.Token;

/**
 * The tokens, statements and order_by clauses every search grammar shares. Expected groupings are
 * what sqlparse 0.5 and MLflow 3.6's {@code _join_in_comparison_tokens} make of the same text.
 */
class FilterSyntaxTest {

  private static List<Token> significant(String text) {
    List<Token> tokens = FilterLexer.tokenize(text);
    assertThat(tokens.stream().map(Token::text).collect(Collectors.joining())).isEqualTo(text);
    return tokens.stream().filter(t -> !t.is(Kind.WS)).toList();
  }

  @Test
  void tokenizerSeesWhatSqlparseSees() {
    assertThat(significant("tags.`my key` != 'it''s' AND version_number>=-2.5"))
        .containsExactly(new Token(Kind.IDENT, "tags.`my key`"),
            new Token(Kind.COMPARATOR, "!="), new Token(Kind.STRING, "'it''s'"),
            new Token(Kind.KEYWORD, "AND"), new Token(Kind.IDENT, "version_number"),
            new Token(Kind.COMPARATOR, ">="), new Token(Kind.FLOAT, "-2.5"));
    assertThat(significant("name not like \"x\" or run_id NOT IN ('a', 'b')"))
        .extracting(Token::kind).containsExactly(Kind.IDENT, Kind.COMPARATOR,
            Kind.IDENT, Kind.KEYWORD, Kind.IDENT, Kind.KEYWORD, Kind.KEYWORD,
            Kind.PAREN);
    // an unclosed quote is one error character to sqlparse, and the rest lexes on
    assertThat(significant("name = 'open")).containsExactly(new Token(Kind.IDENT, "name"),
        new Token(Kind.COMPARATOR, "="), new Token(Kind.OTHER, "'"),
        new Token(Kind.IDENT, "open"));
    assertThat(significant("3 -4 5.0 .5 1e5 1E-3 0x1f 1_000 1abc")).containsExactly(
        new Token(Kind.INTEGER, "3"), new Token(Kind.INTEGER, "-4"),
        new Token(Kind.FLOAT, "5.0"), new Token(Kind.FLOAT, ".5"), new Token(Kind.FLOAT, "1e5"),
        new Token(Kind.FLOAT, "1E-3"), new Token(Kind.OTHER, "0x1f"),
        new Token(Kind.IDENT, "1_000"), new Token(Kind.IDENT, "1abc"));
    assertThat(significant("true FALSE Between exists null"))
        .allMatch(t -> t.is(Kind.KEYWORD));
  }

  /** Clauses as {@code left|comparator|right}, or the invalid tokens as {@code X[token]}. */
  private static String statement(String filter) {
    FilterSyntax.Wording capture = new FilterSyntax.Wording() {
      @Override
      public MlflowException unparsable(String f) {
        return MlflowException.invalidParameter("UNPARSABLE");
      }

      @Override
      public MlflowException multipleStatements(String f) {
        return MlflowException.invalidParameter("MULTIPLE");
      }

      @Override
      public MlflowException invalidClauses(String f, List<Token> invalid) {
        return MlflowException.invalidParameter(invalid.stream().map(t -> "X[" + t.text() + "]")
            .collect(Collectors.joining(" ")));
      }
    };
    try {
      return FilterSyntax.clauses(filter, capture).stream()
          .map(c -> c.left().kind() + ":" + c.left().text() + "|" + c.comparator() + "|"
              + c.right().kind() + ":" + c.right().text())
          .collect(Collectors.joining(" & "));
    } catch (MlflowException e) {
      return e.getMessage();
    }
  }

  static Stream<Arguments> statements() {
    return Stream.of(
        arguments("name = 'a'", "IDENT:name|=|STRING:'a'"),
        arguments("name = 'a' name = 'b'", "IDENT:name|=|STRING:'a' & IDENT:name|=|STRING:'b'"),
        arguments("AND name = 'a' AND AND", "IDENT:name|=|STRING:'a'"),
        arguments(" ", "UNPARSABLE"),
        arguments("name = 'a'; name = 'b'", "MULTIPLE"),
        arguments("name = 'a';", "X[;]"),
        arguments("name = 'a' OR (name = 'b')", "X[OR] X[(name = 'b')]"),
        arguments("name = 'open", "X[name] X[=] X['] X[open]"),
        arguments("run_id IN ('a'", "X[run_id] X[IN] X[(] X['a']"),
        // keywords are no operands; NULL is
        arguments("tags.x = true", "X[tags.x] X[=] X[true]"),
        arguments("name = between AND exists", "X[name] X[=] X[between] X[exists]"),
        arguments("name = null", "IDENT:name|=|KEYWORD:null"),
        arguments("version_number = 0x1f", "X[version_number] X[=] X[0x1f]"),
        arguments("version_number = 1_000", "IDENT:version_number|=|IDENT:1_000"),
        arguments("name = abc-1", "X[-1]"),
        arguments("metrics.a>1AND metrics.b<2",
            "IDENT:metrics.a|>|IDENT:1AND & IDENT:metrics.b|<|INTEGER:2"),
        arguments("version_number >= -2.5", "IDENT:version_number|>=|FLOAT:-2.5"),
        arguments("name REGEXP BINARY 'a'", "IDENT:name|REGEXP BINARY|STRING:'a'"),
        arguments("name NOT  ILIKE 'a'", "IDENT:name|NOT  ILIKE|STRING:'a'"),
        // IN keeps its spelling; NOT IN is MLflow's own token
        arguments("run_id in ('a',)", "IDENT:run_id|in|PAREN:('a',)"),
        arguments("run_id not\tin ('a')", "IDENT:run_id|NOT IN|PAREN:('a')"),
        arguments("run_id IN (`a)`, 'b')", "IDENT:run_id|IN|PAREN:(`a)`, 'b')"),
        arguments("tags.'k' = 'v'", "IDENT:tags.'k'|=|STRING:'v'"),
        arguments("metrics. = 1", "IDENT:metrics.|=|INTEGER:1"),
        // sqlparse groups any operands; SearchUtils then wants an identifier on the left
        arguments("1 = name", "INTEGER:1|=|IDENT:name"),
        arguments("'name' = 'a'", "STRING:'name'|=|STRING:'a'"),
        arguments("#x = 'a'", "X[#]"));
  }

  @ParameterizedTest
  @MethodSource("statements")
  void statementsGroupAsSqlparseGroupsThem(String filter, String expected) {
    assertThat(statement(filter)).isEqualTo(expected);
  }

  @Test
  void searchUtilsWording() {
    assertInvalid(() -> FilterSyntax.clauses(" ", FilterSyntax.SEARCH_UTILS),
        "Invalid filter ' '. Could not be parsed.");
    assertInvalid(() -> FilterSyntax.clauses("a = 'x'; b = 'y'", FilterSyntax.SEARCH_UTILS),
        "Search filter contained multiple expression \"a = 'x'; b = 'y'\". Provide AND-ed "
            + "expression list.");
    assertInvalid(() -> FilterSyntax.clauses("a = 'x' OR b", FilterSyntax.SEARCH_UTILS),
        "Invalid clause(s) in filter string: OR, b");
    assertInvalid(() -> FilterSyntax.clauses("a = 'x' OR b", FilterSyntax.SEARCH_UTILS_QUOTED),
        "Invalid clause(s) in filter string: 'OR', 'b'");
    assertThat(FilterSyntax.clauses(null, FilterSyntax.SEARCH_UTILS)).isEmpty();
    assertThat(FilterSyntax.clauses("", FilterSyntax.SEARCH_UTILS)).isEmpty();
    FilterSyntax.Clause clause = FilterSyntax.clauses("1 = a", FilterSyntax.SEARCH_UTILS).get(0);
    assertInvalid(clause::identifier, "Invalid comparison clause. Expected 'Identifier' found '1'");
  }

  static Stream<Arguments> orderBys() {
    String unparsable = "Could not be parsed.";
    return Stream.of(
        arguments("name", "name ASC"),
        arguments("name\t\tDESC", "name DESC"),
        arguments("timestamp desc", "timestamp DESC"),
        // without a direction MLflow keeps the clause as written, quotes and all
        arguments("`name`", "`name` ASC"),
        arguments("\"name\"", "\"name\" ASC"),
        arguments("metrics.'a b'", "metrics.'a b' ASC"),
        arguments("`name` DESC", "name DESC"),
        arguments("metrics.\"a b\" DESC", "metrics.a b DESC"),
        arguments("metrics.'a b' DESC", "metrics.a b DESC"),
        // shlex: inside double quotes a backslash escapes only " and itself
        arguments("metrics.\"a\\\"b\" DESC", "metrics.a\"b DESC"),
        arguments("metrics.\"a\\$b\" DESC", "metrics.a\\$b DESC"),
        arguments("1 DESC", "1 DESC"),
        arguments("`a\"b` DESC", unparsable),
        arguments("1", unparsable),
        arguments("'name'", unparsable),
        arguments("'name' DESC", unparsable),
        arguments(" name", unparsable),
        arguments("name ", unparsable),
        arguments("", unparsable),
        arguments("a,b", unparsable),
        arguments("name;", unparsable),
        arguments("name DESC;", unparsable),
        arguments("name ASC DESC", unparsable),
        arguments("(name)", unparsable),
        arguments("and", unparsable),
        arguments("null", unparsable),
        arguments("TRUE", unparsable),
        arguments("name TRUE", unparsable),
        arguments("name DOWN", "Invalid ordering key in order_by clause 'name DOWN'."));
  }

  @ParameterizedTest
  @MethodSource("orderBys")
  void orderByClausesReadAsMlflowReadsThem(String clause, String expected) {
    String actual;
    try {
      OrderByClause parsed = OrderByClause.parse(clause);
      actual = parsed.identifier() + (parsed.ascending() ? " ASC" : " DESC");
    } catch (MlflowException e) {
      actual = e.getMessage().equals("Invalid order_by clause '" + clause + "'. Could not be "
          + "parsed.") ? "Could not be parsed." : e.getMessage();
    }
    assertThat(actual).isEqualTo(expected);
  }

  @Test
  void quotesAndBackticks() {
    assertThat(FilterSyntax.stripQuotes("'a'", true)).isEqualTo("a");
    assertThat(FilterSyntax.stripQuotes("\"it''s\"", true)).isEqualTo("it''s");
    assertThat(FilterSyntax.stripQuotes("`a`", false)).isEqualTo("`a`");
    assertThat(FilterSyntax.trimBackticks("`a b`")).isEqualTo("a b");
    assertThat(FilterSyntax.trimBackticks("`a")).isEqualTo("`a");
    assertInvalid(() -> FilterSyntax.stripQuotes("a", true), "Parameter value is either not "
        + "quoted or unidentified quote types used for string value a. Use either single or "
        + "double quotes.");
  }

  private static void assertInvalid(Runnable call, String message) {
    assertThatThrownBy(call::run)
        .isInstanceOfSatisfying(MlflowException.class,
            e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_PARAMETER_VALUE))
        .hasMessage(message);
  }
}
