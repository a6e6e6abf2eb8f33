package org.labtrack.tracking.registry.domain;

import java.math.BigInteger;
import java.util.regex.Pattern;
import org.labtrack.common.error.MlflowException;
import org.labtrack.tracking.domain.Validation;

/**
 * MLflow's model registry input rules ({@code _validate_model_name}, {@code _validate_model_version},
 * alias and registry tag rules of {@code mlflow/utils/validation.py}), on top of the shared
 * {@link Validation}.
 */
public final class RegistryValidation {
  public static final int MAX_TAG_KEY_LENGTH = 250;
  public static final int MAX_TAG_VALUE_LENGTH = 100_000;
  public static final int MAX_ALIAS_LENGTH = 255;
  public static final int MAX_NAME_LENGTH = 256;
  public static final int MAX_DESCRIPTION_LENGTH = 5000;
  public static final int MAX_URI_LENGTH = 2048;

  private static final Pattern ALIAS = Pattern.compile("^[\\w\\-]*$", Pattern.UNICODE_CHARACTER_CLASS);
  private static final Pattern VERSION_ALIAS = Pattern.compile("^[vV]\\d+$");
  private static final Pattern INTEGER = Pattern.compile("^\\s*[+-]?\\d+(_\\d+)*\\s*$");

  private RegistryValidation() {
  }

  public static void modelName(String name) {
    if (name == null || name.isEmpty()) {
      throw missing("name");
    }
    // MLflow's column is 256 characters; past it MySQL would fail the insert
    Validation.lengthLimit("name", MAX_NAME_LENGTH, name);
  }

  public static void newModelName(String name) {
    if (name == null || name.isEmpty()) {
      throw missing("new_name");
    }
    Validation.lengthLimit("new_name", MAX_NAME_LENGTH, name);
  }

  /**
   * A version as Python's {@code int()} reads it. Returns {@code null} for an integer no version
   * can have (negative or too large), which then names no version.
   */
  public static Integer version(String version) {
    if (version == null || !INTEGER.matcher(version).matches()) {
      throw MlflowException.invalidParameter(
          "Parameter 'version' must be an integer, got '" + version + "'.");
    }
    BigInteger value = new BigInteger(version.strip().replace("_", ""));
    return value.signum() < 0 || value.bitLength() > 31 ? null : value.intValue();
  }

  /** A registered model or model version tag: key rules as for run tags, value up to 100,000. */
  public static void tag(String key, String value) {
    tagKey(key);
    Validation.lengthLimit("value", MAX_TAG_VALUE_LENGTH, value);
  }

  /** The key checks of {@code _validate_tag_name} plus the 250-character limit. */
  public static void tagKey(String key) {
    // Validation.runTag checks exactly the key rules a registry tag has; its value is not ours
    Validation.runTag(key, "", null);
  }

  public static void alias(String alias) {
    if (alias == null || alias.isEmpty()) {
      throw MlflowException.invalidParameter("Registered model alias name cannot be empty.");
    }
    if (!ALIAS.matcher(alias).matches()) {
      throw MlflowException.invalidParameter("Invalid alias name: '" + alias
          + "'. Names may only contain alphanumerics, underscores (_), and dashes (-).");
    }
    Validation.lengthLimit("Registered model alias name", MAX_ALIAS_LENGTH, alias);
  }

  /** {@code latest} and {@code v<digits>} resolve to versions already and cannot be set. */
  public static void aliasNotReserved(String alias) {
    if (alias.equalsIgnoreCase("latest")) {
      throw MlflowException.invalidParameter("'latest' alias name (case insensitive) is reserved.");
    }
    if (VERSION_ALIAS.matcher(alias).matches()) {
      throw MlflowException.invalidParameter("Version alias name '" + alias + "' is reserved.");
    }
  }

  public static void description(String description) {
    Validation.lengthLimit("description", MAX_DESCRIPTION_LENGTH, description);
  }

  private static MlflowException missing(String field) {
    return MlflowException.invalidParameter("Missing value for required parameter '" + field + "'.");
  }
}
