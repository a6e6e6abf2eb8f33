package org.labtrack.tracking.domain.search;

import java.util.List;
import org.labtrack.tracking.domain.ViewType;

/**
 * A search_runs request as the store needs it.
 *
 * @param experimentIds the experiments to search (none: no runs)
 * @param filter MLflow filter string, null or empty for none
 * @param viewType lifecycle stages of the runs to return
 * @param maxResults page size, already defaulted by the caller (MLflow: 1000); 1..50000
 * @param orderBy order_by clauses, null or empty for MLflow's default order
 * @param pageToken an opaque token from a previous page, null or empty for the first page
 */
public record RunQuery(List<Long> experimentIds, String filter, ViewType viewType, int maxResults,
    List<String> orderBy, String pageToken) {

  public RunQuery {
    experimentIds = experimentIds == null ? List.of() : List.copyOf(experimentIds);
    orderBy = orderBy == null ? List.of() : List.copyOf(orderBy);
    viewType = viewType == null ? ViewType.ACTIVE_ONLY : viewType;
  }
}
