package org.labtrack.tracking.domain;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.labtrack.common.error.InvalidValue;
import org.labtrack.common.error.MlflowException;
import org.labtrack.tracking.domain.model.DatasetInput;
import org.labtrack.tracking.domain.model.Tag;

/**
 * MLflow's input rules and their exact wording ({@code mlflow/utils/validation.py}). Clients and
 * users match on these messages, so they are reproduced rather than paraphrased.
 */
public final class Validation {
  public static final int MAX_METRICS_PER_BATCH = 1000;
  public static final int MAX_PARAMS_TAGS_PER_BATCH = 100;
  public static final int MAX_ENTITIES_PER_BATCH = 1000;
  public static final int MAX_ENTITY_KEY_LENGTH = 250;
  public static final int MAX_PARAM_VAL_LENGTH = 6000;
  public static final int MAX_TAG_VAL_LENGTH = 8000;
  public static final int MAX_EXPERIMENT_NAME_LENGTH = 500;
  public static final int MAX_EXPERIMENT_TAG_KEY_LENGTH = 250;
  public static final int MAX_EXPERIMENT_TAG_VAL_LENGTH = 5000;
  public static final int MAX_ARTIFACT_LOCATION_LENGTH = 2048;
  public static final int MAX_DATASET_NAME_SIZE = 500;
  public static final int MAX_DATASET_DIGEST_SIZE = 36;
  public static final int MAX_DATASET_SOURCE_SIZE = 65_535;
  public static final int MAX_DATASET_SCHEMA_SIZE = 1_048_575;
  public static final int MAX_DATASET_PROFILE_SIZE = 16_777_215;
  public static final int MAX_INPUT_TAG_KEY_SIZE = 255;
  public static final int MAX_INPUT_TAG_VALUE_SIZE = 500;
  /** The width of MLflow's {@code inputs.destination_id}, where a run's model links live. */
  public static final int MAX_LINKED_MODEL_ID_LENGTH = 36;

  // Python's \w is Unicode-aware; so is this one.
  private static final Pattern KEY_CHARACTERS =
      Pattern.compile("^[/\\w.\\- :]*$", Pattern.UNICODE_CHARACTER_CLASS);
  private static final Pattern RUN_ID = Pattern.compile("^[a-zA-Z0-9][\\w\\-]{0,255}$");
  private static final String BAD_CHARACTERS = "Names may only contain alphanumerics, underscores "
      + "(_), dashes (-), periods (.), spaces ( ), colon(:) and slashes (/).";

  private Validation() {
  }

  /**
   * Validates a metric point; {@code path} is the JSON path prefix used in messages. A missing
   * key, value or timestamp is refused as MLflow's REST handlers refuse it, before its store's own
   * checks of the values.
   */
  public static void metric(String key, Double value, Long timestamp, Long step, String path) {
    if (key == null || key.isEmpty()) {
      throw MlflowException.missingParameter(join(path, "key"));
    }
    if (value == null) {
      throw MlflowException.missingParameter(join(path, "value"));
    }
    if (timestamp == null) {
      throw MlflowException.missingParameter(join(path, "timestamp"));
    }
    checkKeyShape(key, join(path, "name"));
    if (timestamp < 0) {
      throw MlflowException.invalidParameter(InvalidValue.message(join(path, "timestamp"),
          timestamp.toString(),
          "metric '" + key + "' (value=" + value + "). "
              + "Timestamp must be a nonnegative long (64-bit integer) "));
    }
    if (step == null) {
      throw MlflowException.invalidParameter(InvalidValue.message(join(path, "step"), "null",
          "metric '" + key + "' (value=" + value + "). Step must be a valid long (64-bit integer)."));
    }
    lengthLimit("Metric name", MAX_ENTITY_KEY_LENGTH, key);
  }

  /** Validates a param and returns its value, truncated to MLflow's limit as MLflow does. */
  public static String param(String key, String value, String path) {
    keyName(key, join(path, "key"), "Param");
    lengthLimit("Param key", MAX_ENTITY_KEY_LENGTH, key);
    return truncate(value, MAX_PARAM_VAL_LENGTH);
  }

  /** Validates a run tag and returns its value, truncated to MLflow's limit as MLflow does. */
  public static String runTag(String key, String value, String path) {
    keyName(key, join(path, "key"), "Tag");
    lengthLimit(join(path, "key"), MAX_ENTITY_KEY_LENGTH, key);
    return truncate(value, MAX_TAG_VAL_LENGTH);
  }

  public static void experimentTag(String key, String value) {
    keyName(key, "key", "Tag");
    lengthLimit("key", MAX_EXPERIMENT_TAG_KEY_LENGTH, key);
    lengthLimit("value", MAX_EXPERIMENT_TAG_VAL_LENGTH, value);
  }

  public static void experimentName(String name) {
    if (name == null || name.isEmpty()) {
      throw MlflowException.invalidParameter("Invalid experiment name: '" + nullToEmpty(name) + "'");
    }
    lengthLimit("name", MAX_EXPERIMENT_NAME_LENGTH, name);
  }

  public static void artifactLocation(String location) {
    if (location == null || location.isEmpty()) {
      return;
    }
    if (location.startsWith("runs:")) {
      throw MlflowException.invalidParameter(
          "Artifact location cannot be a runs:/ URI. Given: '" + location + "'");
    }
    if (location.length() > MAX_ARTIFACT_LOCATION_LENGTH) {
      throw MlflowException.invalidParameter("Invalid artifact path length. The length of the "
          + "artifact path cannot be greater than " + MAX_ARTIFACT_LOCATION_LENGTH + " characters.");
    }
    int query = location.indexOf('?');
    if (location.indexOf('#') >= 0 || (query < 0 && location.indexOf(';') >= 0)) {
      throw MlflowException.invalidParameter(
          "'artifact_location' URL can't include fragments or params.");
    }
    if (query >= 0 && decode(location.substring(query + 1)).contains("..")) {
      throw MlflowException.invalidParameter("Invalid query string");
    }
  }

  public static void runId(String runId, String path) {
    if (runId == null || !RUN_ID.matcher(runId).matches()) {
      throw MlflowException.invalidParameter(
          InvalidValue.message(path, InvalidValue.quote(runId), null));
    }
  }

  public static void batchLimits(int metrics, int params, int tags) {
    batchLimit("metrics", MAX_METRICS_PER_BATCH, metrics);
    batchLimit("params", MAX_PARAMS_TAGS_PER_BATCH, params);
    batchLimit("tags", MAX_PARAMS_TAGS_PER_BATCH, tags);
    batchLimit("metrics, params, and tags", MAX_ENTITIES_PER_BATCH, metrics + params + tags);
  }

  public static void uniqueParamKeys(Collection<Tag> params) {
    Set<String> seen = new HashSet<>();
    List<String> duplicates = params.stream().map(Tag::key).filter(k -> !seen.add(k)).toList();
    if (!duplicates.isEmpty()) {
      throw MlflowException.invalidParameter("Duplicate parameter keys have been submitted: "
          + pythonList(duplicates) + ". Please ensure the request contains only one param value "
          + "per param key.");
    }
  }

  public static void datasetInput(DatasetInput input) {
    DatasetInput.Dataset dataset = input.dataset();
    if (dataset == null) {
      throw MlflowException.invalidParameter("Dataset cannot be None");
    }
    required(dataset.name(), "Dataset name cannot be None");
    required(dataset.digest(), "Dataset digest cannot be None");
    required(dataset.sourceType(), "Dataset source_type cannot be None");
    required(dataset.source(), "Dataset source cannot be None");
    lengthLimit("name", MAX_DATASET_NAME_SIZE, dataset.name());
    lengthLimit("digest", MAX_DATASET_DIGEST_SIZE, dataset.digest());
    lengthLimit("source", MAX_DATASET_SOURCE_SIZE, dataset.source());
    lengthLimit("schema", MAX_DATASET_SCHEMA_SIZE, dataset.schema());
    lengthLimit("profile", MAX_DATASET_PROFILE_SIZE, dataset.profile());
    if (input.tags() != null) {
      for (Tag tag : input.tags()) {
        if (tag == null) {
          throw MlflowException.invalidParameter("InputTag cannot be None");
        }
        required(tag.key(), "InputTag key cannot be None");
        required(tag.value(), "InputTag value cannot be None");
        lengthLimit("key", MAX_INPUT_TAG_KEY_SIZE, tag.key());
        lengthLimit("value", MAX_INPUT_TAG_VALUE_SIZE, tag.value());
      }
    }
  }

  /** The id of a LoggedModel a run links to as input or output, at {@code path} in the request. */
  public static String linkedModelId(String modelId, String path) {
    if (modelId == null || modelId.isEmpty()) {
      throw MlflowException.missingParameter(path);
    }
    lengthLimit(path, MAX_LINKED_MODEL_ID_LENGTH, modelId);
    return modelId;
  }

  public static void lengthLimit(String entity, int limit, String value) {
    if (value != null && value.codePointCount(0, value.length()) > limit) {
      throw MlflowException.invalidParameter(
          "'" + entity + "' exceeds the maximum length of " + limit + " characters");
    }
  }

  private static void keyName(String name, String path, String what) {
    if (name == null) {
      throw MlflowException.invalidParameter(what.equals("Param")
          ? InvalidValue.message(path, "\"\"", "A key name must be provided.")
          : "Missing value for required parameter '" + path + "'.");
    }
    checkKeyShape(name, path);
  }

  private static void checkKeyShape(String name, String path) {
    if (!KEY_CHARACTERS.matcher(name).matches()) {
      throw MlflowException.invalidParameter(
          InvalidValue.message(path, InvalidValue.quote(name), BAD_CHARACTERS));
    }
    String normalized = normpath(name);
    if (!normalized.equals(name) || normalized.equals(".") || normalized.startsWith("..")
        || normalized.startsWith("/")) {
      throw MlflowException.invalidParameter(InvalidValue.message(path, InvalidValue.quote(name),
          "Names may be treated as files in certain cases, and must not resolve to other names "
              + "when treated as such. This name would resolve to '" + normalized + "'"));
    }
  }

  /** POSIX {@code normpath}, as Python's {@code posixpath.normpath}. */
  static String normpath(String path) {
    if (path.isEmpty()) {
      return ".";
    }
    int initialSlashes = !path.startsWith("/") ? 0
        : path.startsWith("//") && !path.startsWith("///") ? 2 : 1;
    Deque<String> parts = new ArrayDeque<>();
    for (String part : path.split("/")) {
      if (part.isEmpty() || part.equals(".")) {
        continue;
      }
      if (!part.equals("..") || (initialSlashes == 0 && parts.isEmpty())
          || (!parts.isEmpty() && parts.peekLast().equals(".."))) {
        parts.addLast(part);
      } else if (!parts.isEmpty()) {
        parts.removeLast();
      }
    }
    String result = "/".repeat(initialSlashes) + String.join("/", parts);
    return result.isEmpty() ? "." : result;
  }

  private static String truncate(String value, int limit) {
    if (value == null || value.codePointCount(0, value.length()) <= limit) {
      return value;
    }
    return value.substring(0, value.offsetByCodePoints(0, limit));
  }

  private static void batchLimit(String entity, int limit, int length) {
    if (length > limit) {
      throw MlflowException.invalidParameter("A batch logging request can contain at most "
          + limit + " " + entity + ". Got " + length + " " + entity + ". Please split up " + entity
          + " across multiple requests and try again.");
    }
  }

  private static void required(String value, String message) {
    if (value == null) {
      throw MlflowException.invalidParameter(message);
    }
  }

  private static String join(String path, String field) {
    return path == null || path.isEmpty() ? field : path + "." + field;
  }

  private static String nullToEmpty(String s) {
    return s == null ? "" : s;
  }

  private static String pythonList(List<String> values) {
    return "[" + String.join(", ", values.stream().map(v -> "'" + v + "'").toList()) + "]";
  }

  /** Percent-decodes until stable, leaving malformed escapes alone (Python's {@code unquote}). */
  private static String decode(String s) {
    String current = s;
    for (int i = 0; i < 10; i++) {
      String next = percentDecode(current);
      if (next.equals(current)) {
        return current;
      }
      current = next;
    }
    return current;
  }

  private static String percentDecode(String s) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(s.length());
    byte[] raw = s.getBytes(StandardCharsets.UTF_8);
    for (int i = 0; i < raw.length; i++) {
      if (raw[i] == '%' && i + 2 < raw.length
          && Character.digit(raw[i + 1], 16) >= 0 && Character.digit(raw[i + 2], 16) >= 0) {
        bytes.write(Character.digit(raw[i + 1], 16) * 16 + Character.digit(raw[i + 2], 16));
        i += 2;
      } else {
        bytes.write(raw[i]);
      }
    }
    return bytes.toString(StandardCharsets.UTF_8);
  }
}
