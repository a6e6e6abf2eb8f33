package org.labtrack.tracking.registry.domain.search;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.labtrack.common.error.MlflowException;
import org.labtrack.tracking.domain.search.FilterLexer;
import org.labtrack.tracking.domain.search.FilterLexer.Token;
import org.labtrack.tracking.domain.search.FilterSyntax;
import org.labtrack.tracking.domain.search.ListLiteral;
import org.labtrack.tracking.domain.search.OrderByClause;
import org.labtrack.tracking.domain.search.PyRepr;

/**
 * The filter and order_by grammars of search_registered_models and search_model_versions, rule
 * by rule and message by message as MLflow's {@code SearchModelUtils},
 * {@code SearchModelVersionUtils} and its SQL registry store apply them.
 */
public final class RegistrySearch {
  public static final String IS_PROMPT_TAG = "mlflow.prompt.is_prompt";

  private static final Set<String> MODEL_ATTRIBUTES = Set.of("name");
  private static final Set<String> VERSION_ATTRIBUTES =
      Set.of("name", "version_number", "run_id", "source_path");
  private static final Set<String> VERSION_NUMERIC = Set.of("version_number");
  private static final Set<String> VERSION_ORDER_KEYS =
      Set.of("name", "version_number", "creation_timestamp", "last_updated_timestamp");
  private static final Set<String> MODEL_ORDER_KEYS =
      Set.of("name", "timestamp", "last_updated_timestamp");
  private static final Set<String> STRING_COMPARATORS = Set.of("=", "!=", "LIKE", "ILIKE");
  private static final Set<String> NUMERIC_COMPARATORS = Set.of("=", "!=", ">", ">=", "<", "<=");
  private static final List<String> ENTITY_TYPES = List.of("attribute", "tag", "tags");

  private RegistrySearch() {
  }

  /** Parses a search_registered_models filter: {@code name} and {@code tags.<key>}. */
  public static List<Clause> modelFilter(String filter) {
    List<Clause> clauses = new ArrayList<>();
    for (FilterSyntax.Clause c : FilterSyntax.clauses(filter, FilterSyntax.SEARCH_UTILS)) {
      Clause clause = clause(c, MODEL_ATTRIBUTES, Set.of());
      String comparator = clause.comparator();
      if (clause.kind() == Clause.Kind.ATTRIBUTE && !STRING_COMPARATORS.contains(comparator)) {
        throw MlflowException.invalidParameter("Invalid comparator for attribute: " + comparator);
      }
      clauses.add(tagComparatorChecked(clause));
    }
    return clauses;
  }

  /**
   * Parses a search_model_versions filter: {@code name}, {@code run_id} (also with {@code IN}),
   * {@code source_path}, numeric {@code version_number} and {@code tags.<key>}.
   */
  public static List<Clause> versionFilter(String filter) {
    List<Clause> clauses = new ArrayList<>();
    for (FilterSyntax.Clause c : FilterSyntax.clauses(filter, FilterSyntax.SEARCH_UTILS)) {
      Clause clause = clause(c, VERSION_ATTRIBUTES, VERSION_NUMERIC);
      String comparator = clause.comparator();
      if (clause.kind() == Clause.Kind.ATTRIBUTE) {
        if (VERSION_NUMERIC.contains(clause.key())) {
          if (!NUMERIC_COMPARATORS.contains(comparator)) {
            throw MlflowException.invalidParameter("Invalid comparator for attribute "
                + clause.key() + ": " + comparator);
          }
        } else if (!STRING_COMPARATORS.contains(comparator) && !comparator.equals("IN")
            || comparator.equals("IN") && !clause.key().equals("run_id")) {
          throw MlflowException.invalidParameter("Invalid comparator for attribute: " + comparator);
        }
      }
      clauses.add(tagComparatorChecked(clause));
    }
    return clauses;
  }

  /**
   * search_registered_models order_by: {@code name}, {@code timestamp} or
   * {@code last_updated_timestamp}. Both timestamp keys sort by the last update time, as MLflow's
   * SQL store does. {@code name ASC} is the default and the tie-break.
   */
  public static List<SortKey> modelOrderBy(List<String> orderBy) {
    List<SortKey> keys = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (String clause : orderBy == null ? List.<String>of() : orderBy) {
      OrderByClause parsed = OrderByClause.parse(clause);
      String token = parsed.identifier().strip();
      if (!MODEL_ORDER_KEYS.contains(token)) {
        throw MlflowException.invalidParameter("Invalid order by key '" + token
            + "' specified. Valid keys are '{'name', 'timestamp'}'");
      }
      String column = token.equals("name") ? "name" : "last_updated_time";
      if (!seen.add(column)) {
        throw duplicateOrderBy(orderBy);
      }
      keys.add(new SortKey(column, parsed.ascending()));
    }
    if (!seen.contains("name")) {
      keys.add(new SortKey("name", true));
    }
    return keys;
  }

  /**
   * search_model_versions order_by over {@code name}, {@code version_number},
   * {@code creation_timestamp}, {@code last_updated_timestamp}; by default
   * {@code last_updated_timestamp DESC, name ASC, version_number DESC}, and {@code name ASC} then
   * {@code version DESC} break ties.
   */
  public static List<SortKey> versionOrderBy(List<String> orderBy) {
    List<String> clauses = orderBy == null || orderBy.isEmpty()
        ? List.of("last_updated_timestamp DESC", "name ASC", "version_number DESC") : orderBy;
    List<SortKey> keys = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (String clause : clauses) {
      OrderByClause parsed = OrderByClause.parse(clause);
      String key = orderByIdentifier(parsed.identifier().strip());
      if (!VERSION_ORDER_KEYS.contains(key)) {
        throw MlflowException.invalidParameter("Invalid order by key '" + key + "' specified. "
            + "Valid keys are {'creation_timestamp', 'last_updated_timestamp', 'name', "
            + "'version_number'}");
      }
      String column = switch (key) {
        case "version_number" -> "version";
        case "creation_timestamp" -> "creation_time";
        case "last_updated_timestamp" -> "last_updated_time";
        default -> "name";
      };
      if (!seen.add(column)) {
        throw duplicateOrderBy(clauses);
      }
      keys.add(new SortKey(column, parsed.ascending()));
    }
    if (!seen.contains("name")) {
      keys.add(new SortKey("name", true));
    }
    if (!seen.contains("version")) {
      keys.add(new SortKey("version", false));
    }
    return keys;
  }

  /**
   * Whether the filter asks for prompts ({@code tags.`mlflow.prompt.is_prompt` = 'true'}).
   * Searches return plain models only unless it does, as in MLflow 3.
   */
  public static boolean queriesPrompts(List<Clause> clauses) {
    for (Clause c : clauses) {
      if (c.kind() == Clause.Kind.TAG && c.key().equals(IS_PROMPT_TAG)) {
        String value = String.valueOf(c.value()).toLowerCase(Locale.ROOT);
        return c.comparator().equals("=") && value.equals("true")
            || c.comparator().equals("!=") && value.equals("false");
      }
    }
    return false;
  }

  private static Clause clause(FilterSyntax.Clause c, Set<String> attributes,
      Set<String> numeric) {
    String identifier = c.identifier();
    Clause.Kind kind;
    String key;
    int dot = identifier.indexOf('.');
    if (dot < 0) {
      kind = Clause.Kind.ATTRIBUTE;
      key = identifier;
    } else {
      String entity = identifier.substring(0, dot);
      key = identifier.substring(dot + 1);
      if (!ENTITY_TYPES.contains(entity)) {
        throw invalidEntity(entity);
      }
      kind = entity.equals("attribute") ? Clause.Kind.ATTRIBUTE : Clause.Kind.TAG;
    }
    if (kind == Clause.Kind.ATTRIBUTE && !attributes.contains(key)) {
      throw MlflowException.invalidParameter("Invalid attribute key '" + key
          + "' specified. Valid keys are '" + pythonSet(attributes) + "'");
    }
    key = FilterSyntax.trimBackticks(FilterSyntax.stripQuotes(key, false));
    String comparator = c.comparator().toUpperCase(Locale.ROOT);
    return new Clause(kind, key, comparator, value(kind, key, c.right(), numeric));
  }

  private static Object value(Clause.Kind kind, String key, Token token, Set<String> numeric) {
    boolean stringish = token.is(FilterLexer.Kind.STRING) || token.is(FilterLexer.Kind.IDENT);
    if (kind == Clause.Kind.TAG) {
      if (stringish) {
        return FilterSyntax.stripQuotes(token.text(), true);
      }
      throw MlflowException.invalidParameter("Expected a quoted string value for tag "
          + "(e.g. 'my-value'). Got value " + token.text());
    }
    if (stringish) {
      return FilterSyntax.stripQuotes(token.text(), true);
    }
    if (token.is(FilterLexer.Kind.PAREN)) {
      if (!key.equals("run_id")) {
        throw MlflowException.invalidParameter("Only the 'run_id' attribute supports comparison "
            + "with a list of quoted string values.");
      }
      return ListLiteral.runIds(token.text());
    }
    if (token.isNumber() && !numeric.isEmpty()) {
      if (!numeric.contains(key)) {
        throw MlflowException.invalidParameter("Only the '{'creation_timestamp', "
            + "'last_updated_timestamp', 'version_number'}' attributes support comparison with "
            + "numeric values.");
      }
      return token.is(FilterLexer.Kind.INTEGER) ? (Object) new java.math.BigInteger(token.text())
          : (Object) Double.parseDouble(token.text());
    }
    throw MlflowException.invalidParameter("Expected a quoted string value or a list of quoted "
        + "string values for attributes. Got value " + token.text());
  }

  private static Clause tagComparatorChecked(Clause clause) {
    if (clause.kind() == Clause.Kind.TAG && !STRING_COMPARATORS.contains(clause.comparator())) {
      throw MlflowException.invalidParameter("Invalid comparator for tag: " + clause.comparator());
    }
    return clause;
  }

  /** SearchExperimentsUtils._get_identifier, which the version order_by goes through. */
  private static String orderByIdentifier(String identifier) {
    int dot = identifier.indexOf('.');
    String key = identifier;
    if (dot >= 0) {
      String entity = identifier.substring(0, dot);
      key = identifier.substring(dot + 1);
      if (!ENTITY_TYPES.contains(entity)) {
        throw invalidEntity(entity);
      }
      key = FilterSyntax.trimBackticks(FilterSyntax.stripQuotes(key, false));
      if (!entity.equals("attribute")) {
        return key;
      }
    } else {
      key = FilterSyntax.trimBackticks(FilterSyntax.stripQuotes(key, false));
    }
    if (!VERSION_ORDER_KEYS.contains(key)) {
      throw MlflowException.invalidParameter("Invalid attribute key '" + key + "' specified. "
          + "Valid keys are '" + pythonSet(VERSION_ORDER_KEYS) + "'");
    }
    return key;
  }

  private static MlflowException invalidEntity(String entity) {
    return MlflowException.invalidParameter("Invalid entity type '" + entity
        + "'. Valid entity types are ('attribute', 'tag', 'tags')");
  }

  private static MlflowException duplicateOrderBy(List<String> orderBy) {
    // MLflow raises this without an error code, i.e. as a 500; it is the client's mistake
    return MlflowException.invalidParameter(
        "`order_by` contains duplicate fields: " + PyRepr.list(orderBy));
  }

  private static String pythonSet(Set<String> values) {
    return PyRepr.set(values.stream().sorted().toList());
  }
}
