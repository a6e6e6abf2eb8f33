package org.labtrack.tracking.registry.domain;

import java.util.List;
import java.util.Locale;
import org.labtrack.common.error.MlflowException;

/** MLflow's legacy model version stages ({@code model_version_stages.py}). */
public final class Stages {
  public static final String NONE = "None";
  public static final String STAGING = "Staging";
  public static final String PRODUCTION = "Production";
  public static final String ARCHIVED = "Archived";
  /** A deleted version keeps its row, redacted, in this stage so its number is never reused. */
  public static final String DELETED_INTERNAL = "Deleted_Internal";
  public static final List<String> ALL = List.of(NONE, STAGING, PRODUCTION, ARCHIVED);
  public static final List<String> ACTIVE = List.of(STAGING, PRODUCTION);

  private Stages() {
  }

  /** The canonical spelling of a stage, matched case-insensitively. */
  public static String canonical(String stage) {
    for (String s : ALL) {
      if (s.toLowerCase(Locale.ROOT).equals(stage.toLowerCase(Locale.ROOT))) {
        return s;
      }
    }
    throw MlflowException.invalidParameter("Invalid Model Version stage: " + stage
        + ". Value must be one of " + String.join(", ", ALL) + ".");
  }
}
