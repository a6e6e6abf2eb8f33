package org.labtrack.tracking.domain.search;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.labtrack.common.error.MlflowException;
import org.labtrack.tracking.domain.search.FilterLexer.Kind;
import org.labtrack.tracking.domain.search.FilterLexer.Token;

/**
 * MLflow's search grammar for runs and for experiments ({@code mlflow/utils/search_utils.py} with
 * the checks the SQL store adds), reimplemented: identifiers, value types, comparators per entity
 * and order_by clauses, each refusal worded as MLflow words it.
 */
final class SearchGrammar {

  private static final List<String> METRIC_COMPARATORS = List.of(">", ">=", "!=", "=", "<", "<=");
  private static final List<String> PARAM_TAG_COMPARATORS = List.of("!=", "=", "LIKE", "ILIKE");
  private static final List<String> STRING_COMPARATORS =
      List.of("!=", "=", "LIKE", "ILIKE", "IN", "NOT IN");
  private static final List<String> DATASET_KEYS = List.of("name", "digest", "context");
  private static final List<String> RUN_ENTITY_NAMES =
      List.of("metric", "parameter", "tag", "attribute", "dataset");
  private static final Map<String, SearchEntity> RUN_ENTITIES = Map.ofEntries(
      Map.entry("metric", SearchEntity.METRIC), Map.entry("metrics", SearchEntity.METRIC),
      Map.entry("parameter", SearchEntity.PARAM), Map.entry("parameters", SearchEntity.PARAM),
      Map.entry("param", SearchEntity.PARAM), Map.entry("params", SearchEntity.PARAM),
      Map.entry("tag", SearchEntity.TAG), Map.entry("tags", SearchEntity.TAG),
      Map.entry("attribute", SearchEntity.ATTRIBUTE), Map.entry("attributes", SearchEntity.ATTRIBUTE),
      Map.entry("attr", SearchEntity.ATTRIBUTE), Map.entry("run", SearchEntity.ATTRIBUTE),
      Map.entry("dataset", SearchEntity.DATASET), Map.entry("datasets", SearchEntity.DATASET));
  private static final List<String> EXPERIMENT_ENTITY_NAMES = List.of("attribute", "tag", "tags");
  private static final Map<String, SearchEntity> EXPERIMENT_ENTITIES = Map.of(
      "attribute", SearchEntity.ATTRIBUTE, "tag", SearchEntity.TAG, "tags", SearchEntity.TAG);
  private static final Map<String, String> ALIASES = Map.of(
      "created", "start_time", "Created", "start_time",
      "run name", "run_name", "Run name", "run_name", "Run Name", "run_name");

  static final SearchGrammar RUNS = new SearchGrammar(true,
      List.of("run_id", "run_name", "user_id", "status", "start_time", "end_time", "artifact_uri",
          "created", "Created", "run name", "Run name", "Run Name"),
      List.of("run_id", "run_name", "user_id", "status", "start_time", "end_time", "artifact_uri",
          "created", "Created"),
      Set.of("start_time", "end_time", "created", "Created"));

  static final SearchGrammar EXPERIMENTS = new SearchGrammar(false,
      List.of("name", "creation_time", "last_update_time"),
      List.of("name", "experiment_id", "creation_time", "last_update_time"),
      Set.of("creation_time", "last_update_time"));

  /** A comparison whose identifier and value are checked but not yet its comparator. */
  record Pending(SearchEntity entity, String key, String comparator, String value,
      List<String> values) {
  }

  private final boolean runs;
  private final List<String> filterKeys;
  private final List<String> orderKeys;
  private final Set<String> numericAttributes;

  private SearchGrammar(boolean runs, List<String> filterKeys, List<String> orderKeys,
      Set<String> numericAttributes) {
    this.runs = runs;
    this.filterKeys = filterKeys;
    this.orderKeys = orderKeys;
    this.numericAttributes = numericAttributes;
  }

  // ---------------------------------------------------------------- filter

  /** Syntax, identifiers and value types; what MLflow's {@code parse_search_filter} checks. */
  List<Pending> parseFilter(String filter) {
    List<Pending> parsed = new ArrayList<>();
    FilterSyntax.Wording wording =
        runs ? FilterSyntax.SEARCH_UTILS_QUOTED : FilterSyntax.SEARCH_UTILS;
    for (FilterSyntax.Clause clause : FilterSyntax.clauses(filter, wording)) {
      Identifier id = identifier(clause.identifier(), filterKeys);
      Token right = clause.right();
      if (right.is(Kind.PAREN) && listAllowed(id)) {
        List<String> values = id.key().equals("run_id")
            ? ListLiteral.runIds(right.text()) : ListLiteral.parse(right.text());
        parsed.add(new Pending(id.entity(), id.key(), clause.comparator(), null, values));
      } else {
        parsed.add(new Pending(id.entity(), id.key(), clause.comparator(), value(id, right),
            List.of()));
      }
    }
    return parsed;
  }

  /** The comparator checks MLflow's SQL store makes per entity; aliases are translated here. */
  List<Comparison> checkComparators(List<Pending> parsed) {
    List<Comparison> out = new ArrayList<>();
    for (Pending p : parsed) {
      String key = runs ? ALIASES.getOrDefault(p.key(), p.key()) : p.key();
      // MLflow's experiment search is case-sensitive here ('like' is refused); LabTrack is not.
      String upper = p.comparator().toUpperCase(Locale.ROOT);
      boolean numericAttribute =
          p.entity() == SearchEntity.ATTRIBUTE && numericAttributes.contains(key);
      List<String> allowed;
      String closing = "";
      if (p.entity() == SearchEntity.ATTRIBUTE && !numericAttribute) {
        allowed = STRING_COMPARATORS;
        closing = "'";
      } else if (numericAttribute) {
        allowed = METRIC_COMPARATORS;
      } else if (p.entity() == SearchEntity.METRIC) {
        allowed = METRIC_COMPARATORS;
      } else if (p.entity() == SearchEntity.PARAM) {
        allowed = PARAM_TAG_COMPARATORS;
        closing = "'";
      } else if (p.entity() == SearchEntity.TAG) {
        allowed = PARAM_TAG_COMPARATORS;
      } else {
        allowed = STRING_COMPARATORS;
      }
      if (!allowed.contains(upper)) {
        if (!runs && p.entity() == SearchEntity.TAG) {
          throw MlflowException.invalidParameter("Invalid comparator for tag: " + upper);
        }
        // MLflow names the string comparators for numeric attributes too, and leaves some
        // quotes unclosed; clients see exactly this.
        List<String> named = numericAttribute ? STRING_COMPARATORS : allowed;
        throw MlflowException.invalidParameter("Invalid comparator '" + upper + "' not one of '"
            + PyRepr.set(named) + closing);
      }
      Comparator comparator = Comparator.of(upper).orElseThrow();
      if (comparator.isList() != (p.value() == null)) {
        throw MlflowException.invalidParameter("Invalid comparator '" + upper + "' for "
            + (p.value() == null ? "a list of values: use IN or NOT IN" : "a single value"));
      }
      out.add(new Comparison(p.entity(), key, comparator, p.value(), p.values()));
    }
    return out;
  }

  private boolean listAllowed(Identifier id) {
    return switch (id.entity()) {
      case ATTRIBUTE -> {
        if (numericAttributes.contains(id.key())) {
          yield false; // reported as a non-numeric value
        }
        if (!id.key().equals("run_id")) {
          throw MlflowException.invalidParameter("Only the 'run_id' attribute supports comparison "
              + "with a list of quoted string values.");
        }
        yield true;
      }
      case DATASET -> true;
      default -> false;
    };
  }

  private String value(Identifier id, Token token) {
    boolean stringToken = token.is(Kind.STRING) || token.is(Kind.IDENT);
    String text = token.text();
    switch (id.entity()) {
      case METRIC -> {
        if (!token.isNumber()) {
          throw MlflowException.invalidParameter(
              "Expected numeric value type for metric. Found " + text);
        }
        return text;
      }
      case PARAM, TAG -> {
        if (!stringToken) {
          throw MlflowException.invalidParameter("Expected a quoted string value for "
              + id.entity().mlflowName() + " (e.g. 'my-value'). Got value " + text);
        }
        return FilterSyntax.stripQuotes(text, true);
      }
      case ATTRIBUTE -> {
        if (numericAttributes.contains(id.key())) {
          if (!token.isNumber()) {
            throw MlflowException.invalidParameter("Expected numeric value type for numeric "
                + "attribute: " + id.key() + ". Found " + text);
          }
          return text;
        }
        if (!stringToken) {
          throw MlflowException.invalidParameter(
              "Expected a quoted string value for attributes. Got value " + text);
        }
        return FilterSyntax.stripQuotes(text, true);
      }
      default -> {
        if (!stringToken) {
          throw MlflowException.invalidParameter(
              "Expected a quoted string value for dataset attributes. Got value " + text);
        }
        return FilterSyntax.stripQuotes(text, true);
      }
    }
  }

  // ---------------------------------------------------------------- order_by

  /** One order_by clause: identifier and optional ASC/DESC; attribute aliases translated. */
  OrderKey parseOrderBy(String clause) {
    OrderByClause parsed = OrderByClause.parse(clause);
    Identifier id = identifier(parsed.identifier().strip(), orderKeys);
    String key = runs ? ALIASES.getOrDefault(id.key(), id.key()) : id.key();
    return new OrderKey(id.entity(), key, parsed.ascending());
  }

  /** MLflow's runs order_by rules: no dataset keys, no field twice (aliases count as the same). */
  List<OrderKey> runOrderBy(List<String> clauses) {
    List<OrderKey> keys = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (String clause : clauses == null ? List.<String>of() : clauses) {
      OrderKey key = parseOrderBy(clause);
      if (key.entity() == SearchEntity.DATASET) {
        throw MlflowException.invalidParameter("Invalid identifier type 'dataset'");
      }
      if (!seen.add(key.entity() + "\u0000" + key.key())) {
        // MLflow raises this one without an error code (a 500); it is the client's mistake.
        throw MlflowException.invalidParameter(
            "`order_by` contains duplicate fields: " + PyRepr.list(clauses));
      }
      keys.add(key);
    }
    return keys;
  }

  /** MLflow's experiments order_by: attributes only; default creation_time DESC, id ASC. */
  List<OrderKey> experimentOrderBy(List<String> clauses) {
    List<String> effective = clauses == null || clauses.isEmpty()
        ? List.of("creation_time DESC", "experiment_id ASC") : clauses;
    List<OrderKey> keys = new ArrayList<>();
    for (String clause : effective) {
      OrderKey key = parseOrderBy(clause);
      if (key.entity() != SearchEntity.ATTRIBUTE) {
        throw MlflowException.invalidParameter(
            "Invalid order_by entity: " + key.entity().mlflowName());
      }
      keys.add(key);
    }
    return keys;
  }

  // ---------------------------------------------------------------- identifiers

  private record Identifier(SearchEntity entity, String key) {
  }

  private Identifier identifier(String raw, List<String> validAttributes) {
    int dot = raw.indexOf('.');
    SearchEntity entity;
    String key;
    if (dot < 0) {
      entity = SearchEntity.ATTRIBUTE;
      key = raw;
    } else {
      String type = raw.substring(0, dot);
      key = raw.substring(dot + 1);
      entity = runs ? runEntity(type) : experimentEntity(type);
    }
    key = FilterSyntax.trimBackticks(FilterSyntax.stripQuotes(key, false));
    if (entity == SearchEntity.ATTRIBUTE && !validAttributes.contains(key)) {
      throw MlflowException.invalidParameter("Invalid attribute key '" + key
          + "' specified. Valid keys are '" + PyRepr.set(validAttributes) + "'");
    }
    if (entity == SearchEntity.DATASET && !DATASET_KEYS.contains(key)) {
      throw MlflowException.invalidParameter("Invalid dataset key '" + key
          + "' specified. Valid keys are '" + PyRepr.set(DATASET_KEYS) + "'");
    }
    return new Identifier(entity, key);
  }

  private static SearchEntity runEntity(String type) {
    String trimmed = FilterSyntax.trimBackticks(type);
    SearchEntity entity = RUN_ENTITIES.get(trimmed);
    if (entity == null) {
      throw MlflowException.invalidParameter("Invalid entity type '" + trimmed
          + "'. Valid values are " + PyRepr.list(RUN_ENTITY_NAMES));
    }
    return entity;
  }

  private static SearchEntity experimentEntity(String type) {
    SearchEntity entity = EXPERIMENT_ENTITIES.get(type);
    if (entity == null) {
      throw MlflowException.invalidParameter("Invalid entity type '" + type
          + "'. Valid entity types are " + PyRepr.tuple(EXPERIMENT_ENTITY_NAMES));
    }
    return entity;
  }
}
