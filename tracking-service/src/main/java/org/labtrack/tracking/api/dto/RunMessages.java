package org.labtrack.tracking.api.dto;

import java.util.List;
import org.labtrack.tracking.domain.model.DatasetInput;
import org.labtrack.tracking.domain.model.MetricInput;
import org.labtrack.tracking.domain.model.Run;
import org.labtrack.tracking.domain.model.RunInfo;
import org.labtrack.tracking.domain.model.Tag;

/**
 * Request and response bodies of the run RPCs, in MLflow's field names. Requests that name a run
 * accept {@code run_id} or its legacy twin {@code run_uuid}; clients send both.
 */
public final class RunMessages {
  private RunMessages() {
  }

  /** A request that names a run by {@code run_id} or legacy {@code run_uuid}. */
  public interface RunScoped {
    String runId();

    String runUuid();

    default String id() {
      return runId() != null && !runId().isEmpty() ? runId() : runUuid();
    }
  }

  public record CreateRunRequest(String experimentId, String userId, String runName,
      Long startTime, List<Tag> tags) {
  }

  public record RunResponse(Run run) {
  }

  public record UpdateRunRequest(String runId, String runUuid, String status, Long endTime,
      String runName) implements RunScoped {
  }

  public record UpdateRunResponse(RunInfo runInfo) {
  }

  public record RunIdRequest(String runId, String runUuid) implements RunScoped {
  }

  public record LogMetricRequest(String runId, String runUuid, String key, Double value,
      Long timestamp, Long step, String modelId, String datasetName, String datasetDigest)
      implements RunScoped {
  }

  public record KeyValueRequest(String runId, String runUuid, String key, String value)
      implements RunScoped {
  }

  public record LogBatchRequest(String runId, String runUuid, List<MetricInput> metrics,
      List<Tag> params, List<Tag> tags) implements RunScoped {
  }

  public record LogInputsRequest(String runId, String runUuid, List<DatasetInput> datasets,
      List<Run.ModelInput> models) implements RunScoped {
  }

  public record LogModelRequest(String runId, String runUuid, String modelJson)
      implements RunScoped {
  }

  public record SearchRunsRequest(List<String> experimentIds, String filter, String runViewType,
      Integer maxResults, List<String> orderBy, String pageToken) {
  }
}
