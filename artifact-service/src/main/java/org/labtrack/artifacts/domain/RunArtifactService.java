package org.labtrack.artifacts.domain;

import jakarta.inject.Singleton;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import org.labtrack.artifacts.store.ArtifactStore;
import org.labtrack.artifacts.store.ArtifactStore.StoredEntry;
import org.labtrack.artifacts.store.TrackingClient;
import org.labtrack.common.error.ErrorCode;
import org.labtrack.common.error.MlflowException;

/**
 * Run-scoped artifact access ({@code artifacts/list}, {@code get-artifact}): the run's artifact root
 * comes from tracking-service and must be a proxied {@code mlflow-artifacts:} root.
 */
@Singleton
public class RunArtifactService {
  private static final String HTTP_ANCHOR = "/api/2.0/mlflow-artifacts/artifacts/";

  private final TrackingClient tracking;
  private final ArtifactStore store;

  RunArtifactService(TrackingClient tracking, ArtifactStore store) {
    this.tracking = tracking;
    this.store = store;
  }

  /** The run's root URI and the entries of {@code relative} below it, paths relative to the root. */
  public RunListing list(String runId, ArtifactPath relative) {
    String rootUri = tracking.artifactUri(requireRunId(runId));
    ArtifactPath root = storePath(rootUri, runId);
    List<RunEntry> entries = store.list(root.resolve(relative)).stream()
        .map(e -> new RunEntry(relative.isRoot() ? e.name() : relative.value() + "/" + e.name(), e))
        .toList();
    return new RunListing(rootUri, entries);
  }

  /** Where a run's artifact {@code relative} lives in the store. */
  public ArtifactPath locate(String runId, ArtifactPath relative) {
    String rootUri = tracking.artifactUri(requireRunId(runId));
    return storePath(rootUri, runId).resolve(relative);
  }

  private static String requireRunId(String runId) {
    if (runId == null || runId.isBlank()) {
      throw MlflowException.missingParameter("run_id");
    }
    return runId;
  }

  /**
   * Maps {@code mlflow-artifacts:/<path>}, {@code mlflow-artifacts://host:port/<path>} and
   * {@code http(s)://host/api/2.0/mlflow-artifacts/artifacts/<path>} to {@code <path>}.
   */
  static ArtifactPath storePath(String artifactUri, String runId) {
    URI uri;
    try {
      uri = new URI(artifactUri);
    } catch (URISyntaxException e) {
      throw unsupported(artifactUri, runId);
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase();
    String rawPath = uri.getRawPath();
    if (scheme.equals("mlflow-artifacts") && rawPath != null) {
      return ArtifactPath.fromEncoded(rawPath.replaceFirst("^/+", ""));
    }
    if ((scheme.equals("http") || scheme.equals("https")) && rawPath != null && rawPath.contains(HTTP_ANCHOR)) {
      return ArtifactPath.fromEncoded(rawPath.substring(rawPath.indexOf(HTTP_ANCHOR) + HTTP_ANCHOR.length()));
    }
    throw unsupported(artifactUri, runId);
  }

  private static MlflowException unsupported(String artifactUri, String runId) {
    return new MlflowException(ErrorCode.NOT_IMPLEMENTED, "The artifact root '" + artifactUri
        + "' of run '" + runId + "' is not served by LabTrack's artifact proxy, which serves only "
        + "'mlflow-artifacts:' roots. Read such artifacts from their storage directly.");
  }

  /** A listing entry with its path relative to the run's artifact root. */
  public record RunEntry(String path, StoredEntry entry) {
  }

  /** A run's artifact root and listed entries. */
  public record RunListing(String rootUri, List<RunEntry> entries) {
  }
}
