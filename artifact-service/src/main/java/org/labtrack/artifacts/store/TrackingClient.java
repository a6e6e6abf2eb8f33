package org.labtrack.artifacts.store;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.quarkus.rest.client.reactive.QuarkusRestClientBuilder;
import io.quarkus.runtime.annotations.RegisterForReflection;
import jakarta.inject.Singleton;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.labtrack.artifacts.config.ArtifactsConfig;
import org.labtrack.common.internal.Internal;

/** Reads a run's artifact URI from tracking-service over REST. */
@Singleton
public class TrackingClient {
  private final TrackingApi api;
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
  }

  /**
   * The run's {@code artifact_uri}.
   *
   * @throws TrackingErrorException with tracking-service's status and body when it refuses
   * @throws StorageUnavailableException when tracking-service cannot be reached
   */
  public String artifactUri(String runId) {
    Response response;
    try {
      response = api.getRun(runId, token);
    } catch (WebApplicationException e) {
      response = e.getResponse();
    } catch (ProcessingException e) {
      throw new StorageUnavailableException("The tracking service at " + baseUrl
          + " is unavailable, so the run's artifact location cannot be resolved.", e);
    }
    try (Response answer = response) {
      if (answer.getStatus() != 200) {
        String type = answer.getMediaType() == null ? MediaType.APPLICATION_JSON
            : answer.getMediaType().toString();
        throw new TrackingErrorException(answer.getStatus(), type, answer.readEntity(String.class));
      }
      RunEnvelope envelope = answer.readEntity(RunEnvelope.class);
      if (envelope == null || envelope.run() == null || envelope.run().info() == null
          || envelope.run().info().artifactUri() == null) {
        throw new StorageUnavailableException("The tracking service returned run " + runId
            + " without an artifact_uri.", null);
      }
      return envelope.run().info().artifactUri();
    }
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
  public record Run(RunInfo info) {
  }

  @RegisterForReflection
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record RunInfo(@JsonProperty("artifact_uri") String artifactUri) {
  }
}
