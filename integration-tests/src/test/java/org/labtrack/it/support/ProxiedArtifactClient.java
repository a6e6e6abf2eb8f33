package org.labtrack.it.support;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

/**
 * The HTTP calls the mlflow Python client (3.6, {@code MlflowArtifactsRepository} over
 * {@code HttpArtifactRepository}, proxied mode) makes for a run's artifacts, replayed from Java
 * against the gateway: the run's {@code artifact_uri} from {@code runs/get}, resolved against the
 * tracking URI; raw {@code PUT}s with a guessed {@code Content-Type}; {@code GET
 * mlflow-artifacts/artifacts?path=} listings; streamed {@code GET}s; and proxied multipart
 * upload whose part {@code PUT}s carry no credentials, only the {@code headers} the server
 * returned. Failures surface as {@link HttpFailure} with the status and body, like the client's
 * {@code augmented_raise_for_status}.
 */
public final class ProxiedArtifactClient {
  private static final String ENDPOINT = "/mlflow-artifacts/artifacts";
  private static final Set<String> TEXT_EXTENSIONS = Set.of("txt", "log", "err", "cfg", "conf",
      "cnf", "cf", "ini", "properties", "prop", "hocon", "toml", "yaml", "yml", "xml", "json",
      "js", "py", "py3", "csv", "tsv", "md", "rst", "MLmodel", "MLproject");
  private static final Map<String, String> MIME_TYPES = Map.of("png", "image/png", "jpg",
      "image/jpeg", "jpeg", "image/jpeg", "gif", "image/gif", "html", "text/html", "htm",
      "text/html", "pdf", "application/pdf", "zip", "application/zip", "svg", "image/svg+xml");
  /** Part uploads use a client of their own, as the Python client uses bare requests.put. */
  private static final HttpClient PARTS = HttpClient.newBuilder()
      .version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();

  private final StackClient client;
  private final String artifactUri;

  /**
   * Looks the run up as the client does ({@code GET runs/get}) and resolves its
   * {@code mlflow-artifacts:/...} root to {@code <tracking URI>/api/2.0/mlflow-artifacts/artifacts/...}.
   */
  public ProxiedArtifactClient(StackClient client, String runId) {
    this.client = client;
    String root = client.get("/api/2.0/mlflow/runs/get?run_id=" + runId).ok().json()
        .at("/run/info/artifact_uri").asText();
    if (!root.startsWith("mlflow-artifacts:")) {
      throw new IllegalArgumentException("Not a proxied artifact root: " + root);
    }
    String path = URI.create(root).getPath();
    this.artifactUri = ("/api/2.0/mlflow-artifacts/artifacts/" + path).replaceAll("//+", "/")
        .replaceAll("/$", "");
  }

  /** The run's root as a gateway path, {@code /api/2.0/mlflow-artifacts/artifacts/<exp>/<run>/artifacts}. */
  public String artifactUri() {
    return artifactUri;
  }

  /** An HTTP error answer, as {@code requests.HTTPError}. */
  public static final class HttpFailure extends RuntimeException {
    private final int status;
    private final String body;

    HttpFailure(String what, int status, String body) {
      super(what + " -> " + status + ": " + body);
      this.status = status;
      this.body = body;
    }

    public int status() {
      return status;
    }

    public String body() {
      return body;
    }
  }

  /** A listing entry as the client returns it (path relative to the run's root). */
  public record FileInfo(String path, boolean isDir, Long fileSize) {
  }

  /** {@code log_artifact(local_file, artifact_path)}: one streamed PUT. */
  public void logArtifact(Path localFile, String artifactPath) {
    String name = localFile.getFileName().toString();
    String path = artifactPath == null ? name : artifactPath + "/" + name;
    try {
      check("PUT " + path, client.send("PUT", artifactUri + "/" + encodePath(path),
          HttpRequest.BodyPublishers.ofFile(localFile), guessMimeType(name), Map.of()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** {@code log_artifacts(local_dir, artifact_path)}: one PUT per file, folders as path segments. */
  public void logArtifacts(Path localDir, String artifactPath) {
    try (Stream<Path> walk = Files.walk(localDir)) {
      for (Path file : walk.filter(Files::isRegularFile).sorted().toList()) {
        Path parent = localDir.relativize(file.getParent());
        String relative = parent.toString().isEmpty() ? null : parent.toString().replace('\\', '/');
        String dir = relative == null ? artifactPath
            : artifactPath == null ? relative : artifactPath + "/" + relative;
        logArtifact(file, dir);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** {@code list_artifacts(path)}: the directory's entries, paths joined with {@code path}, sorted. */
  public List<FileInfo> listArtifacts(String path) {
    String root = artifactUri.substring(artifactUri.indexOf(ENDPOINT) + ENDPOINT.length() + 1);
    String query = path == null ? root : root + "/" + path;
    StackClient.Reply reply = check("list " + path, client.get("/api/2.0" + ENDPOINT + "?path="
        + URLEncoder.encode(query, StandardCharsets.UTF_8)));
    List<FileInfo> files = new ArrayList<>();
    for (JsonNode file : reply.json().path("files")) {
      String name = file.get("path").asText();
      if (name.startsWith("/") || name.contains("..")) {
        throw new IllegalStateException("Unsafe path in a listing: " + name);
      }
      files.add(new FileInfo(path == null ? name : path + "/" + name,
          file.get("is_dir").asBoolean(), file.has("file_size") ? file.get("file_size").asLong() : null));
    }
    files.sort(Comparator.comparing(FileInfo::path));
    return files;
  }

  /**
   * {@code download_artifacts(path, dst)}: a directory (a path whose listing is not empty) is
   * walked with one listing per folder and one streamed GET per file; anything else is fetched
   * as a file. Returns the local path.
   */
  public Path downloadArtifacts(String path, Path dst) {
    if (path != null && !path.isEmpty() && listArtifacts(path).isEmpty()) {
      downloadFile(path, dst.resolve(path));
      return dst.resolve(path);
    }
    for (FileInfo file : walk(path)) {
      Path local = dst.resolve(file.path());
      if (file.isDir()) {
        createDirectories(local);
      } else {
        downloadFile(file.path(), local);
      }
    }
    return path == null || path.isEmpty() ? dst : dst.resolve(path);
  }

  private List<FileInfo> walk(String path) {
    List<FileInfo> content = listArtifacts(path == null || path.isEmpty() ? null : path);
    List<FileInfo> all = new ArrayList<>();
    if (content.isEmpty()) {
      all.add(new FileInfo(path == null ? "" : path, true, null));
    }
    for (FileInfo file : content) {
      if (file.isDir()) {
        all.addAll(walk(file.path()));
      } else {
        all.add(file);
      }
    }
    return all;
  }

  private void downloadFile(String remotePath, Path local) {
    HttpResponse<InputStream> response = client.stream(artifactUri + "/" + encodePath(remotePath),
        Map.of());
    try (InputStream body = response.body()) {
      if (response.statusCode() != 200) {
        throw new HttpFailure("GET " + remotePath, response.statusCode(),
            new String(body.readAllBytes(), StandardCharsets.UTF_8));
      }
      createDirectories(local.getParent());
      Files.copy(body, local, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * {@code log_artifact} with {@code MLFLOW_ENABLE_PROXY_MULTIPART_UPLOAD=true} for a file of
   * at least the minimum size: {@code mpu/create}, parallel part PUTs to the returned URLs with
   * only the returned headers, then {@code mpu/complete}; {@code mpu/abort} when a part fails.
   * Returns the create answer.
   */
  public JsonNode logArtifactMultipart(Path localFile, String artifactPath, long chunkSize) {
    long size;
    try {
      size = Files.size(localFile);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    int numParts = (int) ((size + chunkSize - 1) / chunkSize);
    String local = localFile.toAbsolutePath().toString();
    String suffix = artifactUri.substring(artifactUri.indexOf(ENDPOINT) + ENDPOINT.length())
        + (artifactPath == null ? "" : "/" + encodePath(artifactPath));
    JsonNode create = check("mpu/create", client.post("/api/2.0/mlflow-artifacts/mpu/create"
        + suffix, Map.of("path", local, "num_parts", numParts))).json();
    String uploadId = create.get("upload_id").asText();
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<Map<String, Object>>> parts = new ArrayList<>();
      int i = 0;
      for (JsonNode credential : create.get("credentials")) {
        long start = chunkSize * i++;
        parts.add(pool.submit(() -> uploadPart(credential, localFile, start,
            Math.min(chunkSize, size - start))));
      }
      List<Map<String, Object>> done = new ArrayList<>();
      for (Future<Map<String, Object>> part : parts) {
        done.add(part.get());
      }
      done.sort(Comparator.comparingInt(p -> (Integer) p.get("part_number")));
      check("mpu/complete", client.post("/api/2.0/mlflow-artifacts/mpu/complete" + suffix,
          Map.of("path", local, "upload_id", uploadId, "parts", done)));
      return create;
    } catch (Exception e) {
      client.post("/api/2.0/mlflow-artifacts/mpu/abort" + suffix,
          Map.of("path", local, "upload_id", uploadId));
      if (e instanceof java.util.concurrent.ExecutionException ee
          && ee.getCause() instanceof RuntimeException cause) {
        throw cause;
      }
      throw e instanceof RuntimeException r ? r : new IllegalStateException(e);
    } finally {
      pool.shutdownNow();
    }
  }

  /** {@code requests.put(credential.url, data=chunk, headers=credential.headers)}. */
  private static Map<String, Object> uploadPart(JsonNode credential, Path file, long start,
      long length) throws IOException, InterruptedException {
    byte[] chunk = new byte[(int) length];
    try (var channel = Files.newByteChannel(file)) {
      channel.position(start);
      ByteBuffer buffer = ByteBuffer.wrap(chunk);
      while (buffer.hasRemaining() && channel.read(buffer) >= 0) {
        // fill the chunk
      }
    }
    String url = credential.get("url").asText();
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
        .timeout(Duration.ofSeconds(60)).PUT(HttpRequest.BodyPublishers.ofByteArray(chunk));
    credential.path("headers").fields().forEachRemaining(h ->
        request.header(h.getKey(), h.getValue().asText()));
    HttpResponse<String> response = PARTS.send(request.build(), HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() >= 400) {
      throw new HttpFailure("PUT part " + credential.get("part_number").asInt(),
          response.statusCode(), response.body());
    }
    return Map.of("part_number", credential.get("part_number").asInt(),
        "etag", response.headers().firstValue("ETag").orElse(""), "url", url);
  }

  /** MLflow's {@code _guess_mime_type}: text-like extensions are text/plain, then mimetypes. */
  public static String guessMimeType(String fileName) {
    int dot = fileName.lastIndexOf('.');
    String extension = dot < 0 ? fileName : fileName.substring(dot + 1);
    if (TEXT_EXTENSIONS.contains(extension)) {
      return "text/plain";
    }
    return MIME_TYPES.getOrDefault(extension.toLowerCase(Locale.ROOT), "application/octet-stream");
  }

  /** Percent-encodes each segment as requests does for a URL path (spaces as %20, '/' kept). */
  public static String encodePath(String path) {
    StringBuilder out = new StringBuilder();
    for (String segment : path.split("/", -1)) {
      if (out.length() > 0) {
        out.append('/');
      }
      out.append(URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20"));
    }
    return out.toString();
  }

  private static StackClient.Reply check(String what, StackClient.Reply reply) {
    if (reply.status() >= 400) {
      throw new HttpFailure(what, reply.status(), reply.text());
    }
    return reply;
  }

  private static void createDirectories(Path dir) {
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
