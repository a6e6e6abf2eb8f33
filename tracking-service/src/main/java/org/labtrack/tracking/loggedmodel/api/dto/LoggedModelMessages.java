package org.labtrack.tracking.loggedmodel.api.dto;

import java.util.List;
import org.labtrack.tracking.domain.model.Tag;
import org.labtrack.tracking.loggedmodel.domain.LoggedModel;

/** Request and response bodies of the LoggedModel RPCs and LogOutputs, in MLflow's names. */
public final class LoggedModelMessages {
  private LoggedModelMessages() {
  }

  public record CreateLoggedModelRequest(String experimentId, String name, String modelType,
      String sourceRunId, List<Tag> params, List<Tag> tags) {
  }

  public record LoggedModelResponse(LoggedModel model) {
  }

  /** {@code status} is the enum name or its number, as protobuf JSON allows. */
  public record FinalizeLoggedModelRequest(String modelId, String status) {
  }

  public record TagsRequest(String modelId, List<Tag> tags) {
  }

  public record ParamsRequest(String modelId, List<Tag> params) {
  }

  public record SearchLoggedModelsRequest(List<String> experimentIds, String filter,
      List<DatasetRequest> datasets, Integer maxResults, List<OrderByRequest> orderBy,
      String pageToken) {
  }

  public record DatasetRequest(String datasetName, String datasetDigest) {
  }

  public record OrderByRequest(String fieldName, Boolean ascending, String datasetName,
      String datasetDigest) {
  }

  public record SearchLoggedModelsResponse(List<LoggedModel> models, String nextPageToken) {
  }

  public record LogOutputsRequest(String runId, List<ModelOutput> models) {
  }

  public record ModelOutput(String modelId, Long step) {
  }
}
