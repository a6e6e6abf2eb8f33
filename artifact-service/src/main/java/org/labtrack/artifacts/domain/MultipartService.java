package org.labtrack.artifacts.domain;

import jakarta.inject.Singleton;
import java.io.InputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.labtrack.artifacts.config.ArtifactsConfig;
import org.labtrack.artifacts.store.ArtifactStore;
import org.labtrack.artifacts.store.ArtifactStore.CompletedPart;
import org.labtrack.common.error.ErrorCode;
import org.labtrack.common.error.MlflowException;

/**
 * MLflow's proxied multipart upload, with part URLs that point back at LabTrack instead of
 * presigned storage URLs: storage stays private, and each URL carries its own signature.
 */
@Singleton
public class MultipartService {
  /** The prefix MLflow's client matches to fall back to a single PUT. */
  public static final String UNSUPPORTED =
      "Multipart upload is not supported for the current artifact repository";
  /** Where part URLs point, below the public base URL. */
  public static final String PART_ROUTE = "/api/2.0/mlflow-artifacts/mpu/part/";
  private static final int MAX_PARTS = 10_000;

  private final ArtifactStore store;
  private final PartUrlSigner signer;
  private final boolean enabled;

  MultipartService(ArtifactStore store, PartUrlSigner signer, ArtifactsConfig config) {
    this.store = store;
    this.signer = signer;
    this.enabled = config.multipart().enabled();
  }

  /**
   * Starts an upload of the client's file {@code localPath} (only its base name is used) into
   * directory {@code dir} and returns one signed part URL per part, rooted at {@code baseUrl}.
   */
  public CreatedUpload create(ArtifactPath dir, String localPath, Long numParts, String baseUrl) {
    requireEnabled();
    ArtifactPath target = target(dir, localPath);
    if (numParts == null || numParts < 1 || numParts > MAX_PARTS) {
      throw MlflowException.invalidParameter("Invalid value " + numParts
          + " for parameter 'num_parts' supplied: it must be between 1 and " + MAX_PARTS + ".");
    }
    String uploadId = store.createMultipartUpload(target);
    long expires = signer.expiresAt();
    String partBase = baseUrl + PART_ROUTE + encodePath(target) + "?upload_id=" + encode(uploadId);
    List<PartCredential> credentials = new ArrayList<>();
    for (int part = 1; part <= numParts; part++) {
      String url = partBase + "&part_number=" + part + "&expires=" + expires
          + "&signature=" + signer.sign(target, uploadId, part, expires);
      credentials.add(new PartCredential(part, url, Map.of()));
    }
    return new CreatedUpload(uploadId, credentials);
  }

  /** Stores one part after checking its URL's signature; returns the part's ETag. */
  public String uploadPart(ArtifactPath target, String uploadId, String partNumber, Long expires,
      String signature, InputStream body, long length) {
    requireEnabled();
    int part = partNumber(partNumber);
    signer.verify(target, uploadId, part, expires, signature);
    return store.uploadPart(target, uploadId, part, body, length);
  }

  /** Assembles the uploaded parts into the artifact. */
  public void complete(ArtifactPath dir, String localPath, String uploadId, List<CompletedPart> parts) {
    requireEnabled();
    ArtifactPath target = target(dir, localPath);
    requireUploadId(uploadId);
    if (parts == null || parts.isEmpty()) {
      throw MlflowException.missingParameter("parts");
    }
    store.completeMultipartUpload(target, uploadId, parts);
  }

  /** Discards an upload; aborting an unknown or finished upload succeeds. */
  public void abort(ArtifactPath dir, String localPath, String uploadId) {
    requireEnabled();
    ArtifactPath target = target(dir, localPath);
    requireUploadId(uploadId);
    store.abortMultipartUpload(target, uploadId);
  }

  private void requireEnabled() {
    if (!enabled) {
      throw new MlflowException(ErrorCode.NOT_IMPLEMENTED, UNSUPPORTED + ".");
    }
  }

  /** MLflow's client sends its full local path; like MLflow's S3 repository, keep the base name. */
  static ArtifactPath target(ArtifactPath dir, String localPath) {
    if (localPath == null || localPath.isBlank()) {
      throw MlflowException.missingParameter("path");
    }
    String[] pieces = localPath.split("[/\\\\]", -1);
    String name = pieces.length == 0 ? "" : pieces[pieces.length - 1];
    if (name.isEmpty() || name.equals(".") || name.equals("..")) {
      throw MlflowException.invalidParameter("Invalid value for parameter 'path' supplied: "
          + "it must name a file.");
    }
    return dir.resolve(ArtifactPath.parse(name));
  }

  private static void requireUploadId(String uploadId) {
    if (uploadId == null || uploadId.isBlank()) {
      throw MlflowException.missingParameter("upload_id");
    }
  }

  private static int partNumber(String value) {
    try {
      int part = Integer.parseInt(value);
      if (part >= 1 && part <= MAX_PARTS) {
        return part;
      }
    } catch (NumberFormatException e) {
      // fall through
    }
    throw MlflowException.invalidParameter("Invalid value " + value
        + " for parameter 'part_number' supplied: it must be between 1 and " + MAX_PARTS + ".");
  }

  /** Percent-encodes each segment, keeping the slashes. */
  static String encodePath(ArtifactPath path) {
    StringBuilder out = new StringBuilder();
    for (String segment : path.value().split("/")) {
      if (out.length() > 0) {
        out.append('/');
      }
      out.append(encode(segment));
    }
    return out.toString();
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
  }

  /** A started upload. */
  public record CreatedUpload(String uploadId, List<PartCredential> credentials) {
  }

  /** Where and how to PUT one part. */
  public record PartCredential(int partNumber, String url, Map<String, String> headers) {
  }
}
