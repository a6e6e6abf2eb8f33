package org.labtrack.tracking.domain.search;

import org.labtrack.common.error.InvalidValue;
import org.labtrack.common.error.MlflowException;

/** MLflow's max_results bounds for run and experiment search, with its messages. */
public final class SearchLimits {
  /** search_runs' default page size (the proto default). */
  public static final int RUNS_DEFAULT_MAX_RESULTS = 1000;
  /** The largest page either search serves. */
  public static final int MAX_RESULTS_THRESHOLD = 50_000;

  private SearchLimits() {
  }

  /**
   * search_runs: over 50000 is refused by MLflow's REST handler (its wording, for a JSON number),
   * below 1 by its store.
   */
  public static void checkRunsMaxResults(long maxResults) {
    if (maxResults > MAX_RESULTS_THRESHOLD) {
      throw MlflowException.invalidParameter(InvalidValue.wrongType("max_results", maxResults));
    }
    checkPositive(maxResults);
  }

  /**
   * search_experiments: the REST handler passes 0 when max_results is absent, and MLflow's store
   * refuses it, as it refuses anything below 1 or over 50000.
   */
  public static void checkExperimentsMaxResults(long maxResults) {
    checkPositive(maxResults);
    if (maxResults > MAX_RESULTS_THRESHOLD) {
      throw MlflowException.invalidParameter("Invalid value " + maxResults + " for parameter "
          + "'max_results' supplied. It must be at most " + MAX_RESULTS_THRESHOLD);
    }
  }

  private static void checkPositive(long maxResults) {
    if (maxResults < 1) {
      throw MlflowException.invalidParameter("Invalid value " + maxResults + " for parameter "
          + "'max_results' supplied. It must be a positive integer");
    }
  }
}
