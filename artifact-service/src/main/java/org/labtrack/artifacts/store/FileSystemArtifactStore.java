package org.labtrack.artifacts.store;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.jboss.logging.Logger;
import org.labtrack.artifacts.domain.ArtifactPath;

/**
 * Artifacts as plain files below one root folder. Writes go to a temporary file in a staging
 * folder inside the root (same file system) and are renamed into place atomically; multipart parts
 * wait in the staging folder until {@code complete} concatenates them.
 */
public class FileSystemArtifactStore implements ArtifactStore {
  private static final Logger LOG = Logger.getLogger(FileSystemArtifactStore.class);
  /** Reserved first segment: clients cannot read or write below it. */
  public static final String STAGING = ".labtrack-staging";
  private static final Pattern UPLOAD_ID = Pattern.compile("[0-9a-f]{32}");
  private static final String TARGET_FILE = "target";
  /** Tries at moving an upload into place while deletes of its folder go on. */
  private static final int PLACE_ATTEMPTS = 10;
  /** NAME_MAX of ext4, XFS, btrfs and the other usual Linux filesystems. */
  private static final int MAX_NAME_BYTES = 255;

  private final Path root;
  private final Path staging;
  private final Duration uploadExpiry;
  private final SecureRandom random = new SecureRandom();

  public FileSystemArtifactStore(Path root, Duration uploadExpiry) {
    this.root = root.toAbsolutePath().normalize();
    this.staging = this.root.resolve(STAGING);
    this.uploadExpiry = uploadExpiry;
  }

  @Override
  public String describe() {
    return "filesystem " + root;
  }

  @Override
  public void init() {
    try {
      Files.createDirectories(staging);
    } catch (IOException e) {
      throw unavailable("cannot create " + staging, e);
    }
    removeExpiredStaging();
  }

  @Override
  public void checkAvailable() {
    if (!Files.isDirectory(root) || !Files.isDirectory(staging) || !Files.isWritable(staging)) {
      throw unavailable("the artifact folder " + root + " is missing or not writable", null);
    }
  }

  @Override
  public void put(ArtifactPath path, InputStream body, long contentLength) {
    Path target = fileToWrite(path);
    checkAvailable();
    Path temp = null;
    try {
      temp = tempFile(staging, "upload-");
      long written;
      try (OutputStream out = Files.newOutputStream(temp)) {
        written = Streams.copy(body, out);
      }
      Streams.checkLength(contentLength, written);
      moveIntoPlace(temp, target, path);
      temp = null;
    } catch (IOException e) {
      throw unavailable("writing " + path + " failed: " + e.getMessage(), e);
    } finally {
      deleteQuietly(temp);
    }
  }

  @Override
  public long size(ArtifactPath path) {
    Path file = file(path);
    checkAvailable();
    if (!Files.isRegularFile(file)) {
      throw notFound(path);
    }
    try {
      return Files.size(file);
    } catch (NoSuchFileException e) {
      throw notFound(path);
    } catch (IOException e) {
      throw unavailable("reading " + path + " failed", e);
    }
  }

  @Override
  public InputStream open(ArtifactPath path, long offset, long length) {
    Path file = file(path);
    try {
      SeekableByteChannel channel = Files.newByteChannel(file, StandardOpenOption.READ);
      channel.position(offset);
      return new BoundedInputStream(Channels.newInputStream(channel), length);
    } catch (NoSuchFileException e) {
      throw notFound(path);
    } catch (IOException e) {
      throw unavailable("reading " + path + " failed", e);
    }
  }

  @Override
  public List<StoredEntry> list(ArtifactPath dir) {
    Path folder = dir.isRoot() ? root : file(dir);
    checkAvailable();
    if (!Files.isDirectory(folder)) {
      return List.of();
    }
    List<StoredEntry> entries = new ArrayList<>();
    try (Stream<Path> children = Files.list(folder)) {
      for (Path child : (Iterable<Path>) children::iterator) {
        String name = child.getFileName().toString();
        if (dir.isRoot() && name.equals(STAGING)) {
          continue;
        }
        BasicFileAttributes attributes = Files.readAttributes(child, BasicFileAttributes.class);
        entries.add(attributes.isDirectory()
            ? new StoredEntry(name, true, null)
            : new StoredEntry(name, false, attributes.size()));
      }
    } catch (NoSuchFileException | NotDirectoryException e) {
      return List.of();
    } catch (IOException e) {
      throw unavailable("listing " + dir + " failed", e);
    }
    entries.sort(Comparator.comparing(StoredEntry::name));
    return entries;
  }

  @Override
  public void delete(ArtifactPath path) {
    checkAvailable();
    if (path.isRoot()) {
      throw new InvalidUploadException("Refusing to delete the whole artifact store.");
    }
    Path target = file(path);
    try {
      deleteRecursively(target);
    } catch (IOException e) {
      throw unavailable("deleting " + path + " failed", e);
    }
  }

  @Override
  public String createMultipartUpload(ArtifactPath path) {
    fileToWrite(path);
    checkAvailable();
    byte[] id = new byte[16];
    random.nextBytes(id);
    String uploadId = HexFormat.of().formatHex(id);
    try {
      Path dir = Files.createDirectory(staging.resolve("mpu-" + uploadId));
      Files.writeString(dir.resolve(TARGET_FILE), path.value(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw unavailable("creating a multipart upload failed", e);
    }
    removeExpiredStaging();
    return uploadId;
  }

  @Override
  public String uploadPart(ArtifactPath path, String uploadId, int partNumber, InputStream body, long length) {
    Path dir = uploadDir(path, uploadId);
    Path temp = null;
    try {
      temp = tempFile(dir, "part-");
      MessageDigest md5 = md5();
      long written;
      try (OutputStream out = new DigestOutputStream(Files.newOutputStream(temp), md5)) {
        written = Streams.copy(body, out);
      }
      Streams.checkLength(length, written);
      String etag = "\"" + HexFormat.of().formatHex(md5.digest()) + "\"";
      Files.move(temp, dir.resolve("part-" + partNumber), StandardCopyOption.REPLACE_EXISTING,
          StandardCopyOption.ATOMIC_MOVE);
      temp = null;
      Files.writeString(dir.resolve("part-" + partNumber + ".etag"), etag, StandardCharsets.UTF_8);
      return etag;
    } catch (IOException e) {
      throw unavailable("storing part " + partNumber + " failed", e);
    } finally {
      deleteQuietly(temp);
    }
  }

  @Override
  public void completeMultipartUpload(ArtifactPath path, String uploadId, List<CompletedPart> parts) {
    Path dir = uploadDir(path, uploadId);
    if (parts.isEmpty()) {
      throw new InvalidUploadException("A multipart upload needs at least one part.");
    }
    Path temp = null;
    try {
      int previous = 0;
      for (CompletedPart part : parts) {
        if (part.partNumber() <= previous) {
          throw new InvalidUploadException("Parts must be listed in ascending part_number order.");
        }
        previous = part.partNumber();
        Path etagFile = dir.resolve("part-" + part.partNumber() + ".etag");
        if (!Files.exists(etagFile)
            || !stripQuotes(Files.readString(etagFile)).equals(stripQuotes(part.etag()))) {
          throw new InvalidUploadException("Part " + part.partNumber()
              + " was not uploaded or its ETag does not match.");
        }
      }
      temp = tempFile(staging, "assemble-");
      try (OutputStream out = Files.newOutputStream(temp)) {
        for (CompletedPart part : parts) {
          Files.copy(dir.resolve("part-" + part.partNumber()), out);
        }
      }
      moveIntoPlace(temp, file(path), path);
      temp = null;
      deleteRecursively(dir);
    } catch (IOException e) {
      throw unavailable("completing the multipart upload failed", e);
    } finally {
      deleteQuietly(temp);
    }
  }

  @Override
  public void abortMultipartUpload(ArtifactPath path, String uploadId) {
    try {
      deleteRecursively(uploadDir(path, uploadId));
    } catch (ArtifactNotFoundException e) {
      // already gone: aborting is idempotent
    } catch (IOException e) {
      throw unavailable("aborting the multipart upload failed", e);
    }
  }

  /**
   * As {@link #file}, for a file about to be written. A name the filesystem cannot hold is the
   * client's to change: without this check the write failed as storage trouble, a 503 that
   * MLflow's client retries for minutes.
   */
  private Path fileToWrite(ArtifactPath path) {
    for (String name : path.value().split("/")) {
      int bytes = name.getBytes(StandardCharsets.UTF_8).length;
      if (bytes > MAX_NAME_BYTES) {
        String start = name.substring(0, name.offsetByCodePoints(0, 32));
        throw new InvalidUploadException("The name '" + start + "...' is " + bytes
            + " bytes long in UTF-8; the filesystem artifact store keeps names of at most "
            + MAX_NAME_BYTES + " bytes.");
      }
    }
    return file(path);
  }

  /** The file for {@code path}, refusing the reserved staging folder. */
  private Path file(ArtifactPath path) {
    if (path.firstSegment().equals(STAGING)) {
      throw new InvalidUploadException("The name " + STAGING + " is reserved.");
    }
    Path file = root.resolve(path.value()).normalize();
    if (!file.startsWith(root)) {
      throw new InvalidUploadException("Invalid path.");
    }
    return file;
  }

  private Path uploadDir(ArtifactPath path, String uploadId) {
    checkAvailable();
    if (uploadId == null || !UPLOAD_ID.matcher(uploadId).matches()) {
      throw noSuchUpload(uploadId);
    }
    Path dir = staging.resolve("mpu-" + uploadId);
    try {
      String target = Files.readString(dir.resolve(TARGET_FILE), StandardCharsets.UTF_8);
      if (!target.equals(path.value())) {
        throw noSuchUpload(uploadId);
      }
    } catch (NoSuchFileException e) {
      throw noSuchUpload(uploadId);
    } catch (IOException e) {
      throw unavailable("reading multipart upload " + uploadId + " failed", e);
    }
    return dir;
  }

  private void moveIntoPlace(Path temp, Path target, ArtifactPath path) throws IOException {
    if (Files.isDirectory(target)) {
      throw new InvalidUploadException("'" + path + "' is a directory.");
    }
    // A delete of the folder at the same time may remove a parent while it is being made, or
    // before the move into it: the upload then comes after the delete and makes it again.
    for (int attempt = 1; ; attempt++) {
      try {
        Files.createDirectories(target.getParent());
        try {
          Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE,
              StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
          Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
        }
        return;
      } catch (FileAlreadyExistsException e) {
        if (isBelowAFile(target.getParent())) {
          throw new InvalidUploadException("A parent of '" + path + "' is a file.");
        }
        if (attempt == PLACE_ATTEMPTS) {
          throw e;
        }
      } catch (NoSuchFileException e) {
        if (attempt == PLACE_ATTEMPTS || !Files.exists(temp)) {
          throw e;
        }
      }
    }
  }

  private boolean isBelowAFile(Path folder) {
    for (Path p = folder; p != null && p.startsWith(root); p = p.getParent()) {
      if (Files.isRegularFile(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
        return true;
      }
    }
    return false;
  }

  /** Drops staged uploads and temporary files older than the part-URL expiry. */
  private void removeExpiredStaging() {
    Instant cutoff = Instant.now().minus(uploadExpiry).minus(Duration.ofHours(1));
    try (Stream<Path> entries = Files.list(staging)) {
      for (Path entry : (Iterable<Path>) entries::iterator) {
        if (Files.getLastModifiedTime(entry).toInstant().isBefore(cutoff)) {
          LOG.infof("Removing abandoned upload %s", entry.getFileName());
          deleteRecursively(entry);
        }
      }
    } catch (IOException | UncheckedIOException e) {
      LOG.warnf("Could not clean the staging folder %s: %s", staging, e.getMessage());
    }
  }

  private static void deleteRecursively(Path target) throws IOException {
    if (!Files.exists(target, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    // Another delete of the same folder may remove entries this walk has listed: gone is fine.
    Files.walkFileTree(target, new SimpleFileVisitor<>() {
      @Override
      public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
        Files.deleteIfExists(file);
        return FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
        if (e instanceof NoSuchFileException) {
          return FileVisitResult.CONTINUE;
        }
        throw e;
      }

      @Override
      public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
        if (e != null && !(e instanceof NoSuchFileException)) {
          throw e;
        }
        try {
          Files.deleteIfExists(dir);
        } catch (DirectoryNotEmptyException concurrentWrite) {
          // a concurrent upload landed here; leave the folder
        }
        return FileVisitResult.CONTINUE;
      }
    });
  }

  /** A new file that gets the usual permissions (createTempFile would make it owner-only). */
  private Path tempFile(Path dir, String prefix) throws IOException {
    byte[] id = new byte[12];
    random.nextBytes(id);
    return Files.createFile(dir.resolve(prefix + HexFormat.of().formatHex(id) + ".tmp"));
  }

  private static void deleteQuietly(Path temp) {
    if (temp != null) {
      try {
        Files.deleteIfExists(temp);
      } catch (IOException e) {
        LOG.warnf("Could not remove temporary file %s: %s", temp, e.getMessage());
      }
    }
  }

  private static String stripQuotes(String etag) {
    String trimmed = etag == null ? "" : etag.trim();
    return trimmed.length() >= 2 && trimmed.startsWith("\"") && trimmed.endsWith("\"")
        ? trimmed.substring(1, trimmed.length() - 1)
        : trimmed;
  }

  private static MessageDigest md5() {
    try {
      return MessageDigest.getInstance("MD5");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static ArtifactNotFoundException notFound(ArtifactPath path) {
    return new ArtifactNotFoundException("No artifact at '" + path + "'.");
  }

  private static ArtifactNotFoundException noSuchUpload(String uploadId) {
    return new ArtifactNotFoundException("No multipart upload '" + uploadId + "' for this path.");
  }

  private static StorageUnavailableException unavailable(String what, Throwable cause) {
    return new StorageUnavailableException("Artifact storage is unavailable: " + what + ".", cause);
  }
}
