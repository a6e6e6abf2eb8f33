package org.labtrack.tracking.registry.api.dto;

import java.util.List;
import org.labtrack.tracking.domain.model.Tag;
import org.labtrack.tracking.registry.domain.ModelVersion;
import org.labtrack.tracking.registry.domain.RegisteredModel;

/** Request and response bodies of the Model Registry RPCs, in MLflow's field names. */
public final class RegistryMessages {
  private RegistryMessages() {
  }

  public record CreateRegisteredModelRequest(String name, List<Tag> tags, String description) {
  }

  public record RegisteredModelResponse(RegisteredModel registeredModel) {
  }

  public record RenameRegisteredModelRequest(String name, String newName) {
  }

  public record UpdateRegisteredModelRequest(String name, String description) {
  }

  public record NameRequest(String name) {
  }

  public record SearchRegisteredModelsResponse(List<RegisteredModel> registeredModels,
      String nextPageToken) {
  }

  public record GetLatestVersionsRequest(String name, List<String> stages) {
  }

  public record ModelVersionsResponse(List<ModelVersion> modelVersions) {
  }

  public record ModelTagRequest(String name, String key, String value) {
  }

  public record AliasRequest(String name, String alias, String version) {
  }

  public record CreateModelVersionRequest(String name, String source, String runId,
      List<Tag> tags, String runLink, String description, String modelId) {
  }

  public record ModelVersionResponse(ModelVersion modelVersion) {
  }

  public record VersionRequest(String name, String version) {
  }

  public record UpdateModelVersionRequest(String name, String version, String description) {
  }

  public record TransitionStageRequest(String name, String version, String stage,
      Boolean archiveExistingVersions) {
  }

  public record SearchModelVersionsResponse(List<ModelVersion> modelVersions,
      String nextPageToken) {
  }

  public record VersionTagRequest(String name, String version, String key, String value) {
  }

  public record DownloadUriResponse(String artifactUri) {
  }
}
