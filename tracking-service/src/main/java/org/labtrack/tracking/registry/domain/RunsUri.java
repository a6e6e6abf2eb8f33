package org.labtrack.tracking.registry.domain;

import org.labtrack.common.error.MlflowException;

/** A {@code runs:/<run_id>/<path>} URI, split as MLflow's {@code parse_runs_uri} splits it. */
record RunsUri(String runId, String path) {

  static RunsUri parse(String uri) {
    String path = ModelSources.path(uri);
    if (!path.startsWith("/") || path.length() <= 1) {
      throw improper(uri);
    }
    String[] parts = path.substring(1).split("/", 2);
    if (parts[0].isEmpty()) {
      throw improper(uri);
    }
    return new RunsUri(parts[0], parts.length > 1 ? parts[1] : "");
  }

  private static MlflowException improper(String uri) {
    return MlflowException.invalidParameter("Not a proper runs:/ URI: " + uri + ". Runs URIs must "
        + "be of the form 'runs:/<run_id>/run-relative/path/to/artifact'");
  }
}
