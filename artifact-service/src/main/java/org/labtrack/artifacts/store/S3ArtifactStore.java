package org.labtrack.artifacts.store;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.jboss.logging.Logger;
import org.labtrack.artifacts.domain.ArtifactPath;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CommonPrefix;
import software.amazon.awssdk.services.s3.model.CompletedMultipartUpload;
import software.amazon.awssdk.services.s3.model.Delete;
import software.amazon.awssdk.services.s3.model.ListMultipartUploadsResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.MultipartUpload;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Artifacts as objects in one S3 bucket under an optional key prefix. Uploads up to one buffer go
 * out as a single PutObject; larger ones as a multipart upload of buffer-sized, retryable parts,
 * aborted on any failure so that nothing partial becomes visible.
 */
public class S3ArtifactStore implements ArtifactStore {
  private static final Logger LOG = Logger.getLogger(S3ArtifactStore.class);
  private static final int MAX_PARTS = 10_000;
  private static final long MIN_PART = 5L * 1024 * 1024;

  /** How often creating a multipart upload also looks for abandoned ones. */
  private static final Duration SWEEP_INTERVAL = Duration.ofHours(1);

  private final S3Client s3;
  private final String bucket;
  private final String prefix;
  private final int bufferSize;
  private final UploadBuffers buffers;
  private final boolean createBucket;
  private final Duration uploadExpiry;
  private final Clock clock;
  private final AtomicReference<Instant> nextSweep = new AtomicReference<>(Instant.MIN);

  /**
   * {@code bufferMemory}: all upload buffers together; {@code uploadExpiry}: how long a multipart
   * upload's part URLs stay valid, after which (and an hour's grace) nobody can finish it.
   */
  public record Settings(String bucket, String prefix, long bufferSize, long bufferMemory,
      Duration bufferWait, boolean createBucket, Duration uploadExpiry) {
  }

  public S3ArtifactStore(S3Client s3, Settings settings, Clock clock) {
    this.s3 = s3;
    this.bucket = settings.bucket();
    this.prefix = normalizePrefix(settings.prefix());
    this.bufferSize = (int) Math.max(MIN_PART, Math.min(settings.bufferSize(), 512L * 1024 * 1024));
    this.buffers = new UploadBuffers(settings.bufferMemory(), this.bufferSize,
        settings.bufferWait());
    this.createBucket = settings.createBucket();
    this.uploadExpiry = settings.uploadExpiry();
    this.clock = clock;
  }

  private static String normalizePrefix(String prefix) {
    String p = prefix == null ? "" : prefix.replaceAll("^/+", "").replaceAll("/+$", "");
    return p.isEmpty() ? "" : p + "/";
  }

  @Override
  public String describe() {
    return "s3 bucket " + bucket + (prefix.isEmpty() ? "" : " prefix " + prefix);
  }

  @Override
  public void init() {
    call("checking the bucket", () -> {
      try {
        s3.headBucket(b -> b.bucket(bucket));
      } catch (S3Exception e) {
        if (e.statusCode() != 404 || !createBucket) {
          throw e;
        }
        LOG.infof("Creating bucket %s", bucket);
        s3.createBucket(b -> b.bucket(bucket));
      }
      return null;
    });
    abortAbandonedUploads();
  }

  /**
   * Aborts the multipart uploads under the prefix that nobody can finish any more: begun longer
   * ago than the part URLs' validity and an hour's grace (the filesystem store drops its staged
   * parts by the same rule). Their parts would otherwise cost storage for ever unless the bucket
   * has a lifecycle rule. Runs at start and, at most hourly, when an upload begins; a failure here
   * is only logged.
   */
  void abortAbandonedUploads() {
    Instant now = clock.instant();
    nextSweep.set(now.plus(SWEEP_INTERVAL));
    Instant cutoff = now.minus(uploadExpiry).minus(Duration.ofHours(1));
    try {
      String keyMarker = null;
      String uploadIdMarker = null;
      boolean more = true;
      while (more) {
        String keys = keyMarker;
        String ids = uploadIdMarker;
        ListMultipartUploadsResponse page = s3.listMultipartUploads(b -> b.bucket(bucket)
            .prefix(prefix.isEmpty() ? null : prefix).keyMarker(keys).uploadIdMarker(ids));
        for (MultipartUpload upload : page.uploads()) {
          if (upload.initiated() != null && upload.initiated().isBefore(cutoff)) {
            LOG.infof("Aborting abandoned multipart upload of %s begun %s", upload.key(),
                upload.initiated());
            abortQuietly(upload.key(), upload.uploadId());
          }
        }
        more = Boolean.TRUE.equals(page.isTruncated());
        keyMarker = page.nextKeyMarker();
        uploadIdMarker = page.nextUploadIdMarker();
      }
    } catch (SdkException e) {
      LOG.warnf("Could not look for abandoned multipart uploads in %s: %s", describe(),
          e.getMessage());
    }
  }

  @Override
  public void checkAvailable() {
    call("checking the bucket", () -> s3.headBucket(b -> b.bucket(bucket)));
  }

  private String key(ArtifactPath path) {
    return prefix + path.value();
  }

  @Override
  public void put(ArtifactPath path, InputStream body, long contentLength) {
    String key = key(path);
    int partSize = partSize(contentLength);
    // A body known to be smaller than a part needs only its own size (+1 to detect a longer body).
    try (UploadBuffers.Buffer held = buffers.take(
        contentLength >= 0 && contentLength < partSize ? (int) contentLength + 1 : partSize)) {
      putBuffered(path, key, body, contentLength, partSize, held.bytes());
    }
  }

  private void putBuffered(ArtifactPath path, String key, InputStream body, long contentLength,
      int partSize, byte[] buffer) {
    int filled = fill(body, buffer);
    if (filled < buffer.length || buffer.length < partSize) {
      Streams.checkLength(contentLength, filled);
      call("writing " + path, () -> s3.putObject(b -> b.bucket(bucket).key(key),
          bytes(buffer, filled)));
      return;
    }
    String uploadId = call("starting the upload of " + path,
        () -> s3.createMultipartUpload(b -> b.bucket(bucket).key(key)).uploadId());
    boolean completed = false;
    try {
      List<software.amazon.awssdk.services.s3.model.CompletedPart> parts = new ArrayList<>();
      long total = 0;
      int partNumber = 1;
      int n = filled;
      while (n > 0) {
        int number = partNumber;
        int length = n;
        String etag = call("writing part " + number + " of " + path,
            () -> s3.uploadPart(b -> b.bucket(bucket).key(key).uploadId(uploadId).partNumber(number),
                bytes(buffer, length)).eTag());
        parts.add(software.amazon.awssdk.services.s3.model.CompletedPart.builder()
            .partNumber(number).eTag(etag).build());
        total += n;
        partNumber++;
        n = n < partSize ? 0 : fill(body, buffer);
      }
      Streams.checkLength(contentLength, total);
      call("completing the upload of " + path, () -> s3.completeMultipartUpload(b -> b.bucket(bucket)
          .key(key).uploadId(uploadId).multipartUpload(CompletedMultipartUpload.builder().parts(parts).build())));
      completed = true;
    } finally {
      if (!completed) {
        abortQuietly(key, uploadId);
      }
    }
  }

  /** Parts as big as the buffer, or bigger when 10 000 of them would not hold the body. */
  private int partSize(long contentLength) {
    if (contentLength <= (long) bufferSize * MAX_PARTS) {
      return bufferSize;
    }
    return (int) Math.min(Integer.MAX_VALUE - 8, (contentLength + MAX_PARTS - 1) / MAX_PARTS);
  }

  private static int fill(InputStream body, byte[] buffer) {
    try {
      return Streams.fill(body, buffer);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A retryable body over a buffer slice, without copying it. */
  private static RequestBody bytes(byte[] buffer, int length) {
    ContentStreamProvider provider = () -> new ByteArrayInputStream(buffer, 0, length);
    return RequestBody.fromContentProvider(provider, length, "application/octet-stream");
  }

  @Override
  public long size(ArtifactPath path) {
    if (path.isRoot()) {
      throw new ArtifactNotFoundException("No artifact at ''.");
    }
    return call("reading " + path, () -> s3.headObject(b -> b.bucket(bucket).key(key(path))).contentLength());
  }

  @Override
  public InputStream open(ArtifactPath path, long offset, long length) {
    if (length == 0) {
      return InputStream.nullInputStream();
    }
    String range = "bytes=" + offset + "-" + (offset + length - 1);
    return call("reading " + path, () -> s3.getObject(b -> b.bucket(bucket).key(key(path)).range(range)));
  }

  @Override
  public List<StoredEntry> list(ArtifactPath dir) {
    String listPrefix = dir.isRoot() ? prefix : key(dir) + "/";
    List<StoredEntry> entries = new ArrayList<>();
    String token = null;
    do {
      String continuation = token;
      ListObjectsV2Response page = call("listing " + dir, () -> s3.listObjectsV2(ListObjectsV2Request.builder()
          .bucket(bucket).prefix(listPrefix).delimiter("/").continuationToken(continuation).build()));
      for (CommonPrefix common : page.commonPrefixes()) {
        String name = common.prefix().substring(listPrefix.length()).replaceAll("/$", "");
        if (!name.isEmpty()) {
          entries.add(new StoredEntry(name, true, null));
        }
      }
      for (S3Object object : page.contents()) {
        String name = object.key().substring(listPrefix.length());
        if (!name.isEmpty()) {
          entries.add(new StoredEntry(name, false, object.size()));
        }
      }
      token = Boolean.TRUE.equals(page.isTruncated()) ? page.nextContinuationToken() : null;
    } while (token != null);
    entries.sort(Comparator.comparing(StoredEntry::name));
    return entries;
  }

  @Override
  public void delete(ArtifactPath path) {
    if (path.isRoot()) {
      throw new InvalidUploadException("Refusing to delete the whole artifact store.");
    }
    String key = key(path);
    call("deleting " + path, () -> s3.deleteObject(b -> b.bucket(bucket).key(key)));
    String token = null;
    do {
      String continuation = token;
      ListObjectsV2Response page = call("listing " + path, () -> s3.listObjectsV2(ListObjectsV2Request.builder()
          .bucket(bucket).prefix(key + "/").continuationToken(continuation).build()));
      List<ObjectIdentifier> batch = page.contents().stream()
          .map(o -> ObjectIdentifier.builder().key(o.key()).build()).toList();
      if (!batch.isEmpty()) {
        call("deleting " + path, () -> s3.deleteObjects(b -> b.bucket(bucket)
            .delete(Delete.builder().objects(batch).quiet(true).build())));
      }
      token = Boolean.TRUE.equals(page.isTruncated()) ? page.nextContinuationToken() : null;
    } while (token != null);
  }

  @Override
  public String createMultipartUpload(ArtifactPath path) {
    Instant due = nextSweep.get();
    if (clock.instant().isAfter(due) && nextSweep.compareAndSet(due, Instant.MAX)) {
      abortAbandonedUploads();
    }
    return call("starting the upload of " + path,
        () -> s3.createMultipartUpload(b -> b.bucket(bucket).key(key(path))).uploadId());
  }

  @Override
  public String uploadPart(ArtifactPath path, String uploadId, int partNumber, InputStream body, long length) {
    if (length >= 0 && length <= bufferSize) {
      try (UploadBuffers.Buffer held = buffers.take((int) length)) {
        int filled = fill(body, held.bytes());
        Streams.checkLength(length, filled);
        return uploadPart(path, uploadId, partNumber, bytes(held.bytes(), filled));
      }
    }
    // Too big to buffer: one pass, so the SDK cannot retry this part (the client may retry it).
    return uploadPart(path, uploadId, partNumber,
        RequestBody.fromContentProvider(new OnePass(body), length, "application/octet-stream"));
  }

  private String uploadPart(ArtifactPath path, String uploadId, int partNumber, RequestBody body) {
    return call("writing part " + partNumber + " of " + path, () -> s3.uploadPart(b -> b.bucket(bucket)
        .key(key(path)).uploadId(uploadId).partNumber(partNumber), body).eTag());
  }

  @Override
  public void completeMultipartUpload(ArtifactPath path, String uploadId, List<CompletedPart> parts) {
    List<software.amazon.awssdk.services.s3.model.CompletedPart> completed = parts.stream()
        .map(p -> software.amazon.awssdk.services.s3.model.CompletedPart.builder()
            .partNumber(p.partNumber()).eTag(p.etag()).build())
        .toList();
    call("completing the upload of " + path, () -> s3.completeMultipartUpload(b -> b.bucket(bucket)
        .key(key(path)).uploadId(uploadId)
        .multipartUpload(CompletedMultipartUpload.builder().parts(completed).build())));
  }

  @Override
  public void abortMultipartUpload(ArtifactPath path, String uploadId) {
    try {
      call("aborting the upload of " + path,
          () -> s3.abortMultipartUpload(b -> b.bucket(bucket).key(key(path)).uploadId(uploadId)));
    } catch (ArtifactNotFoundException e) {
      // already gone: aborting is idempotent
    }
  }

  private void abortQuietly(String key, String uploadId) {
    try {
      s3.abortMultipartUpload(b -> b.bucket(bucket).key(key).uploadId(uploadId));
    } catch (SdkException e) {
      LOG.warnf("Could not abort multipart upload %s of %s: %s (a bucket lifecycle rule for "
          + "incomplete multipart uploads cleans such leftovers)", uploadId, key, e.getMessage());
    }
  }

  /** Runs one S3 call and turns its failures into store exceptions. */
  private <T> T call(String what, Supplier<T> action) {
    try {
      return action.get();
    } catch (S3Exception e) {
      throw translate(what, e);
    } catch (SdkClientException | UncheckedIOException e) {
      // The URL connection client lets some socket failures through unwrapped.
      throw new StorageUnavailableException("Artifact storage is unavailable: " + what
          + " failed because S3 could not be reached (" + e.getMessage() + ").", e);
    }
  }

  private RuntimeException translate(String what, S3Exception e) {
    String code = e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
    int status = e.statusCode();
    if ("NoSuchUpload".equals(code)) {
      return new ArtifactNotFoundException("No multipart upload with this id for this path.");
    }
    if ("NoSuchBucket".equals(code)) {
      return new StorageUnavailableException("Artifact storage is unavailable: bucket '" + bucket
          + "' does not exist.", e);
    }
    if (status == 404) {
      return new ArtifactNotFoundException("No artifact found while " + what + ".");
    }
    if (status == 400 && code != null && (code.startsWith("InvalidPart") || code.equals("EntityTooSmall")
        || code.equals("MalformedXML"))) {
      return new InvalidUploadException("S3 refused the multipart upload: " + code + " (" + e.awsErrorDetails().errorMessage() + ").");
    }
    if (status == 416) {
      return new InvalidUploadException("Requested range not satisfiable.");
    }
    return new StorageUnavailableException("Artifact storage is unavailable: " + what + " failed with S3 status "
        + status + (code == null ? "" : " " + code) + ".", e);
  }

  /** Hands the request body to the SDK once and refuses a second read instead of sending garbage. */
  private static final class OnePass implements ContentStreamProvider {
    private final InputStream body;
    private boolean used;

    OnePass(InputStream body) {
      this.body = body;
    }

    @Override
    public synchronized InputStream newStream() {
      if (used) {
        throw new IllegalStateException("This part cannot be retried; upload it again.");
      }
      used = true;
      return body;
    }
  }
}
