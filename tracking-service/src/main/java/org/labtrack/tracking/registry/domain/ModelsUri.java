package org.labtrack.tracking.registry.domain;

import org.labtrack.common.error.MlflowException;

/**
 * A {@code models:/} URI as MLflow's {@code _parse_model_uri} reads it: exactly one of a
 * LoggedModel id, a version, a stage, {@code latest} (neither, meaning all stages) or an alias.
 */
record ModelsUri(String modelId, String name, String version, String stage, String alias) {

  static ModelsUri parse(String uri) {
    String path = ModelSources.path(uri);
    if (!ModelSources.scheme(uri).equals("models") || !path.startsWith("/") || path.length() <= 1) {
      throw improper(uri);
    }
    String[] parts = path.replaceFirst("^/+", "").split("/", -1);
    if (parts.length > 2 || parts[0].strip().isEmpty()) {
      throw improper(uri);
    }
    if (parts.length == 2) {
      String suffix = parts[1];
      if (suffix.strip().isEmpty()) {
        throw improper(uri);
      }
      if (suffix.chars().allMatch(Character::isDigit)) {
        return new ModelsUri(null, parts[0], suffix, null, null);
      }
      if (suffix.equalsIgnoreCase("latest")) {
        return new ModelsUri(null, parts[0], null, null, null);
      }
      return new ModelsUri(null, parts[0], null, suffix, null);
    }
    if (path.contains("@")) {
      int at = parts[0].lastIndexOf('@');
      String alias = parts[0].substring(at + 1);
      if (at < 0 || alias.strip().isEmpty()) {
        throw improper(uri);
      }
      return new ModelsUri(null, parts[0].substring(0, at), null, null, alias);
    }
    return new ModelsUri(parts[0], null, null, null, null);
  }

  private static MlflowException improper(String uri) {
    return MlflowException.invalidParameter("Not a proper models:/ URI: " + uri + ". Models URIs "
        + "must be of the form 'models:/name/suffix' or 'models:/name@alias' where suffix is a "
        + "version, stage, or the string 'latest' and where alias is a registered model alias. "
        + "Only one of suffix or alias can be defined at a time.");
  }
}
