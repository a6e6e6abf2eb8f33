package org.labtrack.artifacts.store;

import java.io.InputStream;
import java.util.List;
import org.labtrack.artifacts.domain.ArtifactPath;

/**
 * Where artifact bytes live. Paths are relative to the store's root and already validated.
 * Implementations stream: no method holds a whole artifact in memory or spools it to disk, and a
 * failed write never leaves a partial object under the final name.
 *
 * <p>Failures surface as {@link ArtifactNotFoundException}, {@link StorageUnavailableException} or
 * {@link InvalidUploadException}.
 */
public interface ArtifactStore {

  /** A short name for logs and health output. */
  String describe();

  /** Prepares the store at start-up (folders, bucket). May throw when storage is down. */
  void init();

  /** Throws {@link StorageUnavailableException} when storage cannot serve requests. */
  void checkAvailable();

  /**
   * Writes {@code body} under {@code path}, replacing any file there. When {@code contentLength} is
   * not negative the body must have exactly that many bytes, otherwise nothing is written.
   */
  void put(ArtifactPath path, InputStream body, long contentLength);

  /** Size of the file at {@code path}; {@link ArtifactNotFoundException} when there is none. */
  long size(ArtifactPath path);

  /** Opens {@code length} bytes of the file at {@code path} starting at {@code offset}. */
  InputStream open(ArtifactPath path, long offset, long length);

  /** The direct children of directory {@code dir}, sorted by name; empty when it is missing or a file. */
  List<StoredEntry> list(ArtifactPath dir);

  /** Deletes the file at {@code path} or everything below it; nothing there is not an error. */
  void delete(ArtifactPath path);

  /** Starts a multipart upload that will end up at {@code path}; returns its upload id. */
  String createMultipartUpload(ArtifactPath path);

  /** Stores one part ({@code length} bytes); returns its ETag. */
  String uploadPart(ArtifactPath path, String uploadId, int partNumber, InputStream body, long length);

  /** Assembles the parts, in the given order, into the file at {@code path}. */
  void completeMultipartUpload(ArtifactPath path, String uploadId, List<CompletedPart> parts);

  /** Discards an upload and its parts; an unknown upload is not an error. */
  void abortMultipartUpload(ArtifactPath path, String uploadId);

  /** A listing entry. {@code size} is {@code null} for directories. */
  record StoredEntry(String name, boolean directory, Long size) {
  }

  /** A part the client reports as uploaded. */
  record CompletedPart(int partNumber, String etag) {
  }
}
