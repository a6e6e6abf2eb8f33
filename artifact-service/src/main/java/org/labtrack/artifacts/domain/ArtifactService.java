package org.labtrack.artifacts.domain;

import jakarta.inject.Singleton;
import java.io.InputStream;
import java.util.List;
import org.labtrack.artifacts.store.ArtifactStore;
import org.labtrack.artifacts.store.ArtifactStore.StoredEntry;
import org.labtrack.common.error.MlflowException;

/** Upload, download, list and delete of proxied artifacts. */
@Singleton
public class ArtifactService {
  private final ArtifactStore store;

  ArtifactService(ArtifactStore store) {
    this.store = store;
  }

  /**
   * Stores {@code body} at {@code path}, streaming. With a known {@code contentLength} a shorter body
   * stores nothing.
   */
  public void upload(ArtifactPath path, InputStream body, long contentLength) {
    requireFile(path);
    store.put(path, body, contentLength);
  }

  /**
   * Opens the file at {@code path}, or the part of it that {@code rangeHeader} selects.
   *
   * @throws ByteRange.UnsatisfiableRangeException when the range lies outside the file
   */
  public Download download(ArtifactPath path, String rangeHeader) {
    requireFile(path);
    long size = store.size(path);
    ByteRange range = ByteRange.parse(rangeHeader, size);
    InputStream body = store.open(path, range.start(), range.length());
    return new Download(path.name(), MimeTypes.guess(path.name()), size, range, body);
  }

  /** What {@link #download} would send, without opening the file (for HEAD requests). */
  public Download describe(ArtifactPath path, String rangeHeader) {
    requireFile(path);
    long size = store.size(path);
    ByteRange range = ByteRange.parse(rangeHeader, size);
    return new Download(path.name(), MimeTypes.guess(path.name()), size, range, InputStream.nullInputStream());
  }

  /** The direct children of {@code dir}; empty when it does not exist or is a file. */
  public List<StoredEntry> list(ArtifactPath dir) {
    return store.list(dir);
  }

  /** Deletes a file or everything below a directory. */
  public void delete(ArtifactPath path) {
    requireFile(path);
    store.delete(path);
  }

  private static void requireFile(ArtifactPath path) {
    if (path.isRoot()) {
      throw MlflowException.invalidParameter("Invalid path: an artifact path is required.");
    }
  }

  /** An opened artifact: the caller must close {@code body}. */
  public record Download(String name, String contentType, long size, ByteRange range, InputStream body) {
  }
}
