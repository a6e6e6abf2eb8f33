package org.labtrack.tracking.loggedmodel.domain;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.labtrack.common.error.MlflowException;
import org.labtrack.tracking.domain.search.FilterLexer.Kind;
import org.labtrack.tracking.domain.search.FilterLexer.Token;
import org.labtrack.tracking.domain.search.FilterSyntax;
import org.labtrack.tracking.domain.search.ListLiteral;
import org.labtrack.tracking.domain.search.PyRepr;

/**
 * The search_logged_models grammar of MLflow's SQL store ({@code search_logged_model_utils.py}):
 * {@code attributes.<col>} or a bare column, {@code metrics.<key>}, {@code params.<key>},
 * {@code tags.<key>}, and structured order_by entries.
 */
public final class LoggedModelSearch {

  /** What a comparison is about. */
  public enum EntityType { ATTRIBUTE, METRIC, PARAM, TAG }

  /** One comparison; value is a Double (numeric), a String or a List of Strings (IN). */
  public record Comparison(EntityType type, String key, String op, Object value) {
  }

  /** A {@code datasets[]} entry; a null digest matches any digest of the name. */
  public record DatasetFilter(String name, String digest) {
  }

  /** A structured order_by entry, with the attribute column resolved. */
  public record OrderBy(String field, boolean ascending, String datasetName, String datasetDigest) {
    public boolean isMetric() {
      return field.startsWith("metrics.");
    }
  }

  /** Attribute columns that may be filtered and sorted on, with MLflow's aliases. */
  static final Set<String> COLUMNS = Set.of("model_id", "experiment_id", "name",
      "artifact_location", "creation_timestamp_ms", "last_updated_timestamp_ms", "status",
      "lifecycle_stage", "model_type", "source_run_id", "status_message");
  private static final Set<String> NUMERIC = Set.of("creation_timestamp_ms",
      "last_updated_timestamp_ms");
  private static final Map<String, String> ALIASES = Map.of(
      "creation_time", "creation_timestamp_ms",
      "creation_timestamp", "creation_timestamp_ms",
      "last_updated_timestamp", "last_updated_timestamp_ms",
      "last_updated_time", "last_updated_timestamp_ms");
  private static final List<String> NUMERIC_OPS = List.of("<", "<=", ">", ">=", "=", "!=");
  private static final List<String> STRING_OPS = List.of("=", "!=", "LIKE", "ILIKE", "IN", "NOT IN");
  private static final Pattern ENTITY = Pattern.compile("^([a-z]+)\\.(.+)$", Pattern.DOTALL);

  /** {@code parse_filter_string}'s own wording; it names the whole filter, never a token. */
  private static final FilterSyntax.Wording WORDING = new FilterSyntax.Wording() {
    @Override
    public MlflowException unparsable(String filter) {
      return multipleStatements(filter); // sqlparse finds no statement: "len(parsed) != 1"
    }

    @Override
    public MlflowException multipleStatements(String filter) {
      return MlflowException.invalidParameter("Invalid filter string: " + PyRepr.str(filter)
          + ". Expected a single SQL expression.");
    }

    @Override
    public MlflowException invalidClauses(String filter, List<Token> invalid) {
      return MlflowException.invalidParameter("Invalid filter string: " + PyRepr.str(filter)
          + ". Expected a list of comparisons separated by 'AND' (e.g. 'metrics.loss > 0.1 AND "
          + "params.lr = 0.01').");
    }
  };

  private LoggedModelSearch() {
  }

  public static List<Comparison> parseFilter(String filter) {
    List<Comparison> comparisons = new ArrayList<>();
    for (FilterSyntax.Clause c : FilterSyntax.clauses(filter, WORDING)) {
      EntityType type;
      String key;
      Matcher m = ENTITY.matcher(c.left().text());
      if (m.matches()) {
        type = switch (m.group(1)) {
          case "attributes" -> EntityType.ATTRIBUTE;
          case "metrics" -> EntityType.METRIC;
          case "params" -> EntityType.PARAM;
          case "tags" -> EntityType.TAG;
          default -> throw MlflowException.invalidParameter("Invalid entity type: "
              + PyRepr.str(m.group(1))
              + ". Expected one of ['attributes', 'metrics', 'params', 'tags'].");
        };
        key = stripBackticks(m.group(2));
      } else {
        type = EntityType.ATTRIBUTE;
        key = stripBackticks(c.left().text());
      }
      if (type == EntityType.ATTRIBUTE) {
        key = ALIASES.getOrDefault(key, key);
        if (!COLUMNS.contains(key)) {
          // MLflow fails with an AttributeError (a 500) here
          throw MlflowException.invalidParameter("Invalid attribute key '" + key
              + "' specified. Valid keys are '" + PyRepr.list(
              COLUMNS.stream().sorted().toList()) + "'");
        }
      }
      boolean numeric = type == EntityType.METRIC || type == EntityType.ATTRIBUTE
          && NUMERIC.contains(key);
      String op = c.comparator();
      if (!(numeric ? NUMERIC_OPS : STRING_OPS).contains(op)) {
        throw MlflowException.invalidParameter("Invalid comparison operator for "
            + entityName(type) + "." + key + ": " + PyRepr.str(op) + ". Expected one of "
            + "('=', '!=', 'LIKE', 'ILIKE', 'IN', 'NOT IN').");
      }
      comparisons.add(new Comparison(type, key, op, value(c, numeric, type, key)));
    }
    return comparisons;
  }

  private static Object value(FilterSyntax.Clause c, boolean numeric, EntityType type,
      String key) {
    String text = c.right().text();
    if (numeric) {
      try {
        return Double.parseDouble(text);
      } catch (NumberFormatException e) {
        throw MlflowException.invalidParameter("Invalid value " + text + " for "
            + entityName(type) + "." + key + ": expected a number.");
      }
    }
    boolean list = c.right().is(Kind.PAREN);
    if (list != c.comparator().endsWith("IN")) {
      throw MlflowException.invalidParameter("Invalid value " + text + " for operator "
          + c.comparator() + ": IN and NOT IN take a list of quoted strings, the other operators "
          + "one value.");
    }
    if (list) {
      return ListLiteral.parse(text);
    }
    return stripAll(text, '\'');
  }

  /**
   * Reads the order_by entries; {@code metrics.<key>} or an attribute column. Creation time,
   * newest first, then the model id break ties.
   */
  public static List<OrderBy> parseOrderBy(List<OrderBy> requested) {
    List<OrderBy> order = new ArrayList<>();
    boolean hasCreation = false;
    boolean hasId = false;
    for (OrderBy ob : requested == null ? List.<OrderBy>of() : requested) {
      String field = ob.field();
      if (field == null || field.isEmpty()) {
        throw MlflowException.invalidParameter(
            "`field_name` in the `order_by` clause must be specified.");
      }
      if (field.contains(".")) {
        if (!field.substring(0, field.indexOf('.')).equals("metrics")) {
          throw MlflowException.invalidParameter(
              "Invalid order by field name: " + field + ". Only metrics are supported.");
        }
        order.add(ob);
        continue;
      }
      if (ob.datasetDigest() != null && ob.datasetName() == null) {
        throw MlflowException.invalidParameter(
            "`dataset_digest` can only be specified if `dataset_name` is also specified.");
      }
      String column = ALIASES.getOrDefault(field, field);
      if (!COLUMNS.contains(column)) {
        throw MlflowException.invalidParameter("Invalid order by field name: " + field);
      }
      hasCreation |= column.equals("creation_timestamp_ms");
      hasId |= column.equals("model_id");
      order.add(new OrderBy(column, ob.ascending(), null, null));
    }
    if (!hasCreation) {
      order.add(new OrderBy("creation_timestamp_ms", false, null, null));
    }
    if (!hasId) {
      order.add(new OrderBy("model_id", true, null, null));
    }
    return order;
  }

  private static String entityName(EntityType type) {
    return switch (type) {
      case ATTRIBUTE -> "attributes";
      case METRIC -> "metrics";
      case PARAM -> "params";
      case TAG -> "tags";
    };
  }

  private static String stripBackticks(String s) {
    return stripAll(s, '`');
  }

  /** Python's {@code str.strip(c)}: every leading and trailing {@code c}. */
  private static String stripAll(String s, char c) {
    int start = 0;
    int end = s.length();
    while (start < end && s.charAt(start) == c) {
      start++;
    }
    while (end > start && s.charAt(end - 1) == c) {
      end--;
    }
    return s.substring(start, end);
  }
}
