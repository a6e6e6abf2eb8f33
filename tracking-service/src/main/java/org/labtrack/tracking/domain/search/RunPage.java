package org.labtrack.tracking.domain.search;

import java.util.List;

/**
 * One page of run ids in search order.
 *
 * @param nextPageToken null when MLflow would send none (runs: the page was not full)
 */
public record RunPage(List<String> runIds, String nextPageToken) {
  public RunPage {
    runIds = List.copyOf(runIds);
  }
}
