package org.labtrack.artifacts.store;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.quarkus.rest.client.reactive.QuarkusRestClientBuilder;
import io.quarkus.runtime.annotations.RegisterForReflection;
import jakarta.inject.Singleton;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.labtrack.artifacts.config.ArtifactsConfig;
import org.labtrack.common.internal.Internal;

/**
 * Reads artifact locations (of runs, logged models, model versions) from tracking-service over
 * REST, and asks it for the metadata half of a purge.
 */
@Singleton
public class TrackingClient {
  private final TrackingApi api;
  /** A purge removes run after run in one call: it may take far longer than a read. */
  private final TrackingApi purgeApi;
  private final String token;
  private final String baseUrl;

  TrackingClient(ArtifactsConfig config, @ConfigProperty(name = Internal.SECRET_KEY) Optional<String> secret) {
    this.baseUrl = config.trackingUrl();
    this.token = secret.filter(s -> !s.isBlank()).orElse(null);
    this.api = QuarkusRestClientBuilder.newBuilder()
        .baseUri(URI.create(baseUrl))
        .connectTimeout(5, TimeUnit.SECONDS)
        .readTimeout(30, TimeUnit.SECONDS)
        .build(TrackingApi.class);
    this.purgeApi = QuarkusRestClientBuilder.newBuilder()
        .baseUri(URI.create(baseUrl))
        .connectTimeout(5, TimeUnit.SECONDS)
        .readTimeout(config.purgeTimeout().toMillis(), TimeUnit.MILLISECONDS)
        .build(TrackingApi.class);
  }

  /**
   * The run's {@code artifact_uri}.
   *
   * @throws TrackingErrorException with tracking-service's status and body when it refuses
   * @throws StorageUnavailableException when tracking-service cannot be reached
   */
  public String artifactUri(String runId) {
    RunEnvelope envelope = call(() -> api.getRun(runId, token), RunEnvelope.class);
    return require(envelope == null || envelope.run() == null || envelope.run().info() == null
        ? null : envelope.run().info().artifactUri(), "run " + runId);
  }

  /** The LoggedModel's {@code artifact_uri} (MLflow's {@code artifact_location}); errors as {@link #artifactUri}. */
  public String loggedModelArtifactUri(String modelId) {
    ModelEnvelope envelope = call(() -> api.getLoggedModel(modelId, token), ModelEnvelope.class);
    return require(envelope == null || envelope.model() == null || envelope.model().info() == null
        ? null : envelope.model().info().artifactUri(), "logged model " + modelId);
  }

  /** Where a model version's files live ({@code get-download-uri}); errors as {@link #artifactUri}. */
  public String modelVersionDownloadUri(String name, String version) {
    DownloadUri answer = call(() -> api.getModelVersionDownloadUri(name, version, token),
        DownloadUri.class);
    return require(answer == null ? null : answer.artifactUri(),
        "model version " + name + "/" + version);
  }

  /** Has tracking-service remove what the request names, or everything deleted and old enough. */
  public PurgeResult purge(PurgeRequest request) {
    return call(() -> purgeApi.purge(request, token), PurgeResult.class);
  }

  /** Artifact roots purged runs and models left, after {@code afterId}, oldest first. */
  public List<PendingArtifact> pendingArtifacts(long afterId, int limit) {
    PendingList page = call(() -> api.pendingArtifacts(afterId, limit, token), PendingList.class);
    return page == null || page.artifacts() == null ? List.of() : page.artifacts();
  }

  /** Reports the files of these pending roots gone. */
  public void artifactsRemoved(List<Long> ids) {
    if (!ids.isEmpty()) {
      call(() -> api.artifactsRemoved(new RemovedArtifacts(ids), token), Object.class);
    }
  }

  private <T> T call(Supplier<Response> request, Class<T> type) {
    Response response;
    try {
      response = request.get();
    } catch (WebApplicationException e) {
      response = e.getResponse();
    } catch (ProcessingException e) {
      throw new StorageUnavailableException("The tracking service at " + baseUrl
          + " is unavailable, so the artifact location cannot be resolved.", e);
    }
    try (Response answer = response) {
      if (answer.getStatus() != 200) {
        String mediaType = answer.getMediaType() == null ? MediaType.APPLICATION_JSON
            : answer.getMediaType().toString();
        throw new TrackingErrorException(answer.getStatus(), mediaType, answer.readEntity(String.class));
      }
      return answer.readEntity(type);
    }
  }

  private static String require(String uri, String what) {
    if (uri == null) {
      throw new StorageUnavailableException("The tracking service returned " + what
          + " without an artifact location.", null);
    }
    return uri;
  }

  /** tracking-service answered with an error that goes back to the client unchanged. */
  public static class TrackingErrorException extends RuntimeException {
    private final int status;
    private final String mediaType;
    private final String body;

    public TrackingErrorException(int status, String mediaType, String body) {
      super("tracking-service answered " + status, null, false, false);
      this.status = status;
      this.mediaType = mediaType;
      this.body = body;
    }

    public int status() {
      return status;
    }

    public String mediaType() {
      return mediaType;
    }

    public String body() {
      return body;
    }
  }

  @RegisterForReflection
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record RunEnvelope(Run run) {
  }

  @RegisterForReflection
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Run(InfoWithUri info) {
  }

  /** The {@code info} of a run or a LoggedModel: only its {@code artifact_uri} matters here. */
  @RegisterForReflection
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record InfoWithUri(@JsonProperty("artifact_uri") String artifactUri) {
  }

  @RegisterForReflection
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record ModelEnvelope(Model model) {
  }

  /** MLflow's LoggedModel; its {@code info.artifact_uri} is the model's artifact location. */
  @RegisterForReflection
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Model(InfoWithUri info) {
  }

  @RegisterForReflection
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record DownloadUri(@JsonProperty("artifact_uri") String artifactUri) {
  }

  /** What to purge: MLflow gc's options. */
  @RegisterForReflection
  public record PurgeRequest(@JsonProperty("older_than") String olderThan,
      @JsonProperty("run_ids") List<String> runIds,
      @JsonProperty("experiment_ids") List<String> experimentIds,
      @JsonProperty("logged_model_ids") List<String> loggedModelIds,
      @JsonProperty("dry_run") boolean dryRun) {
  }

  /** What tracking removed (or would remove) and kept. */
  @RegisterForReflection
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record PurgeResult(@JsonProperty("run_ids") List<String> runIds,
      @JsonProperty("experiment_ids") List<String> experimentIds,
      @JsonProperty("logged_model_ids") List<String> loggedModelIds,
      @JsonProperty("kept") List<Kept> kept) {
  }

  /** A run, experiment or LoggedModel a purge kept, and why. */
  @RegisterForReflection
  @JsonIgnoreProperties(ignoreUnknown = true)
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Kept(@JsonProperty("run_id") String runId,
      @JsonProperty("experiment_id") String experimentId,
      @JsonProperty("model_id") String modelId,
      @JsonProperty("reason") String reason) {
  }

  @RegisterForReflection
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record PendingList(List<PendingArtifact> artifacts) {
  }

  /** An artifact root whose owner a purge removed; its files are still to go. */
  @RegisterForReflection
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record PendingArtifact(long id, String uri, String owner) {
  }

  @RegisterForReflection
  public record RemovedArtifacts(List<Long> ids) {
  }
}
