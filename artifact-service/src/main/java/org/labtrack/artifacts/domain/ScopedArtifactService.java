package org.labtrack.artifacts.domain;

import jakarta.inject.Singleton;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PushbackInputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.regex.Pattern;
import org.labtrack.artifacts.store.ArtifactStore;
import org.labtrack.artifacts.store.ArtifactStore.StoredEntry;
import org.labtrack.artifacts.store.InvalidUploadException;
import org.labtrack.artifacts.store.TrackingClient;
import org.labtrack.common.error.ErrorCode;
import org.labtrack.common.error.MlflowException;

/**
 * Artifacts addressed through what owns them rather than by store path: a run
 * ({@code artifacts/list}, {@code get-artifact}, {@code upload-artifact}), a LoggedModel
 * ({@code logged-models/{id}/artifacts/...}) or a model version
 * ({@code model-versions/get-artifact}). The owner's artifact root comes from tracking-service and
 * must be a proxied {@code mlflow-artifacts:} (or equivalent HTTP) root.
 */
@Singleton
public class ScopedArtifactService {
  /** MLflow's limit on the UI's {@code upload-artifact} (handlers.py upload_artifact_handler). */
  public static final long UI_UPLOAD_LIMIT = 10L * 1024 * 1024;
  private static final String TOO_LARGE = "Artifact size is too large. Max size is 10MB.";
  private static final String HTTP_ANCHOR = "/api/2.0/mlflow-artifacts/artifacts/";
  private static final Pattern MODEL_ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");

  private final TrackingClient tracking;
  private final ArtifactStore store;

  ScopedArtifactService(TrackingClient tracking, ArtifactStore store) {
    this.tracking = tracking;
    this.store = store;
  }

  /** The run's root URI and the entries of {@code relative} below it, paths relative to the root. */
  public Listing listRun(String runId, ArtifactPath relative) {
    return runRoot(runId).list(store, relative);
  }

  /** Where a run's artifact {@code relative} lives in the store. */
  public ArtifactPath locateInRun(String runId, ArtifactPath relative) {
    return runRoot(runId).path().resolve(relative);
  }

  /** A LoggedModel's root URI and the entries of {@code relative} below it (ListLoggedModelArtifacts). */
  public Listing listModel(String modelId, ArtifactPath relative) {
    return modelRoot(modelId).list(store, relative);
  }

  /** Where a LoggedModel's artifact {@code relative} lives in the store. */
  public ArtifactPath locateInModel(String modelId, ArtifactPath relative) {
    return modelRoot(modelId).path().resolve(relative);
  }

  /** Where file {@code relative} of a registered model version lives in the store. */
  public ArtifactPath locateInModelVersion(String name, String version, ArtifactPath relative) {
    String uri = tracking.modelVersionDownloadUri(name, version);
    return storePath(uri, "model version '" + name + "' version " + version).resolve(relative);
  }

  /**
   * The web UI's small upload into a run: at most {@value #UI_UPLOAD_LIMIT} bytes and not empty,
   * with MLflow's messages. {@code contentLength} is -1 when the body is chunked; the limit is then
   * enforced while streaming and an oversized body stores nothing.
   */
  public void uploadToRun(String runUuid, ArtifactPath relative, InputStream body, long contentLength) {
    if (runUuid == null || runUuid.isEmpty()) {
      throw MlflowException.invalidParameter("Request must specify run_uuid.");
    }
    if (relative.isRoot()) {
      throw MlflowException.invalidParameter("Request must specify path.");
    }
    if (contentLength > UI_UPLOAD_LIMIT) {
      throw tooLarge();
    }
    PushbackInputStream data = new PushbackInputStream(body, 1);
    if (contentLength == 0 || isEmpty(data)) {
      throw MlflowException.invalidParameter("Request must specify data.");
    }
    ArtifactPath target = locateInRun(runUuid, relative);
    store.put(target, contentLength >= 0 ? data : new LimitedStream(data), contentLength);
  }

  private Root runRoot(String runId) {
    String uri = tracking.artifactUri(requireRunId(runId));
    return new Root(uri, storePath(uri, "run '" + runId + "'"));
  }

  private Root modelRoot(String modelId) {
    String uri = tracking.loggedModelArtifactUri(requireModelId(modelId));
    return new Root(uri, storePath(uri, "logged model '" + modelId + "'"));
  }

  /** An owner's artifact root: as tracking-service names it, and in the store. */
  private record Root(String uri, ArtifactPath path) {
    Listing list(ArtifactStore store, ArtifactPath relative) {
      List<Entry> entries = store.list(path.resolve(relative)).stream()
          .map(e -> new Entry(relative.isRoot() ? e.name() : relative.value() + "/" + e.name(), e))
          .toList();
      return new Listing(uri, entries);
    }
  }

  private static String requireRunId(String runId) {
    if (runId == null || runId.isBlank()) {
      throw MlflowException.missingParameter("run_id");
    }
    return runId;
  }

  private static String requireModelId(String modelId) {
    if (modelId == null || !MODEL_ID.matcher(modelId).matches()) {
      throw MlflowException.invalidParameter("Invalid model id '" + modelId + "'.");
    }
    return modelId;
  }

  private static boolean isEmpty(PushbackInputStream data) {
    try {
      int first = data.read();
      if (first < 0) {
        return true;
      }
      data.unread(first);
      return false;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static MlflowException tooLarge() {
    return MlflowException.invalidParameter(TOO_LARGE);
  }

  /**
   * Maps {@code mlflow-artifacts:/<path>}, {@code mlflow-artifacts://host:port/<path>} and
   * {@code http(s)://host/api/2.0/mlflow-artifacts/artifacts/<path>} to {@code <path>};
   * {@code owner} names whose root it is, for the error message.
   */
  static ArtifactPath storePath(String artifactUri, String owner) {
    URI uri;
    try {
      uri = new URI(artifactUri);
    } catch (URISyntaxException e) {
      throw unsupported(artifactUri, owner);
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase();
    String rawPath = uri.getRawPath();
    if (scheme.equals("mlflow-artifacts") && rawPath != null) {
      return ArtifactPath.fromEncoded(rawPath.replaceFirst("^/+", ""));
    }
    if ((scheme.equals("http") || scheme.equals("https")) && rawPath != null && rawPath.contains(HTTP_ANCHOR)) {
      return ArtifactPath.fromEncoded(rawPath.substring(rawPath.indexOf(HTTP_ANCHOR) + HTTP_ANCHOR.length()));
    }
    throw unsupported(artifactUri, owner);
  }

  private static MlflowException unsupported(String artifactUri, String owner) {
    return new MlflowException(ErrorCode.NOT_IMPLEMENTED, "The artifact root '" + artifactUri
        + "' of " + owner + " is not served by LabTrack's artifact proxy, which serves only "
        + "'mlflow-artifacts:' roots. Read such artifacts from their storage directly.");
  }

  /** A listing entry with its path relative to the owner's artifact root. */
  public record Entry(String path, StoredEntry entry) {
  }

  /** An owner's artifact root and listed entries. */
  public record Listing(String rootUri, List<Entry> entries) {
  }

  /** Fails (and so stores nothing) once a chunked body passes the UI upload limit. */
  private static final class LimitedStream extends FilterInputStream {
    private long seen;

    LimitedStream(InputStream in) {
      super(in);
    }

    @Override
    public int read() throws IOException {
      int b = super.read();
      count(b < 0 ? 0 : 1);
      return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      int n = super.read(b, off, len);
      count(Math.max(n, 0));
      return n;
    }

    private void count(int n) {
      seen += n;
      if (seen > UI_UPLOAD_LIMIT) {
        throw new InvalidUploadException(TOO_LARGE);
      }
    }
  }
}
