package org.labtrack.artifacts.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import io.restassured.RestAssured;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.labtrack.artifacts.domain.ArtifactPath;
import org.labtrack.artifacts.domain.PartUrlSigner;
import org.labtrack.artifacts.support.GeneratedStream;
import org.labtrack.artifacts.support.RawHttp;
import org.labtrack.artifacts.support.TrackingStub;

/**
 * The artifact API contract, run once per store (see the subclasses). Everything goes over real
 * HTTP to the running service and ends in real storage.
 */
abstract class ArtifactsContractTest {
  static final String API = "/api/2.0/mlflow-artifacts/artifacts";
  static final int MIB = 1024 * 1024;

  @Inject
  PartUrlSigner signer;

  /** A unique run root per test: {@code <exp>/<run>/artifacts}. */
  String runRoot;
  final HttpClient http11 = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  /** Makes storage unreachable. */
  abstract void storageDown() throws Exception;

  /** Brings storage back. */
  abstract void storageUp() throws Exception;

  /** Asserts that no upload left staged parts or temporary files behind. */
  abstract void assertNoUploadLeftovers();

  /** A name for log lines. */
  abstract String storeName();

  @BeforeEach
  void newRun() {
    runRoot = "7/" + UUID.randomUUID().toString().replace("-", "") + "/artifacts";
  }

  // ---------------------------------------------------------------- round trips

  @Test
  void textRoundTrip() {
    put(runRoot + "/notes/readme.txt", "hello LabTrack\n".getBytes(StandardCharsets.UTF_8))
        .then().statusCode(200).body(equalTo("{}"));
    get(runRoot + "/notes/readme.txt").then().statusCode(200)
        .header("Content-Type", startsWith("text/plain"))
        .header("Content-Disposition", "attachment; filename=readme.txt")
        .header("X-Content-Type-Options", "nosniff")
        .header("Content-Length", "15")
        .body(equalTo("hello LabTrack\n"));
  }

  @Test
  void binaryEmptyAndLargeRoundTrips() throws Exception {
    byte[] binary = new byte[256 * 3];
    for (int i = 0; i < binary.length; i++) {
      binary[i] = (byte) i;
    }
    byte[] large = GeneratedStream.bytes(23 * MIB + 123, 42);
    put(runRoot + "/bin/all-bytes.bin", binary).then().statusCode(200);
    put(runRoot + "/bin/empty.dat", new byte[0]).then().statusCode(200);
    assertThat(putLarge(runRoot + "/bin/large.bin", large)).isEqualTo(200);

    assertThat(get(runRoot + "/bin/all-bytes.bin").then().statusCode(200)
        .header("Content-Type", "application/octet-stream").extract().asByteArray()).isEqualTo(binary);
    assertThat(get(runRoot + "/bin/empty.dat").then().statusCode(200).header("Content-Length", "0")
        .extract().asByteArray()).isEmpty();
    assertThat(getLargeSha256(runRoot + "/bin/large.bin")).isEqualTo(sha256(large));
  }

  @Test
  void overwriteReplacesTheFile() {
    put(runRoot + "/a.txt", "first".getBytes()).then().statusCode(200);
    put(runRoot + "/a.txt", "second, longer".getBytes()).then().statusCode(200);
    get(runRoot + "/a.txt").then().statusCode(200).body(equalTo("second, longer"));
  }

  @Test
  void unicodeAndNestedNames() {
    String path = runRoot + "/données/模型 v2/naïve model (1).json";
    put(path, "{\"ok\":true}".getBytes()).then().statusCode(200);
    get(path).then().statusCode(200)
        .header("Content-Type", startsWith("text/plain"))
        .header("Content-Disposition",
            "attachment; filename=\"na_ve model _1_.json\"; filename*=UTF-8''na%C3%AFve%20model%20%281%29.json")
        .body(equalTo("{\"ok\":true}"));
    list(runRoot + "/données").then().statusCode(200)
        .body(equalTo("{\"files\":[{\"path\":\"模型 v2\",\"is_dir\":true}]}"));
    String deep = runRoot + "/a/b/c/d/e/f/g/h.txt";
    put(deep, "deep".getBytes()).then().statusCode(200);
    get(deep).then().statusCode(200).body(equalTo("deep"));
  }

  @Test
  void contentTypesFollowMlflow() {
    Map<String, String> expected = Map.of(
        "MLmodel", "text/plain",
        "conda.yaml", "text/plain",
        "plot.png", "image/png",
        "model.pkl", "application/octet-stream",
        "data.tar.gz", "application/x-tar",
        "page.html", "text/html");
    expected.forEach((name, type) -> put(runRoot + "/types/" + name, new byte[] {1}).then().statusCode(200));
    expected.forEach((name, type) ->
        get(runRoot + "/types/" + name).then().statusCode(200).header("Content-Type", startsWith(type))
            .header("Content-Disposition", "attachment; filename=" + name));
  }

  @Test
  void headDescribesWithoutABody() {
    put(runRoot + "/h.csv", "a,b\n1,2\n".getBytes()).then().statusCode(200);
    given().urlEncodingEnabled(false).head(API + "/" + runRoot + "/h.csv").then().statusCode(200)
        .header("Content-Length", "8").header("Content-Type", startsWith("text/plain"))
        .header("Content-Disposition", "attachment; filename=h.csv");
    given().urlEncodingEnabled(false).head(API + "/" + runRoot + "/none.csv").then().statusCode(404);
  }

  @Test
  void missingArtifactIs404() {
    get(runRoot + "/nope.txt").then().statusCode(404)
        .body("error_code", equalTo("RESOURCE_DOES_NOT_EXIST"));
    get(runRoot).then().statusCode(404).body("error_code", equalTo("RESOURCE_DOES_NOT_EXIST"));
  }

  @Test
  void ajaxPrefixServesTheSameApi() {
    given().urlEncodingEnabled(false).contentType("text/plain").body("via ajax")
        .put("/ajax-api/2.0/mlflow-artifacts/artifacts/" + runRoot + "/x.txt").then().statusCode(200);
    given().urlEncodingEnabled(false).get("/ajax-api/2.0/mlflow-artifacts/artifacts/" + runRoot + "/x.txt")
        .then().statusCode(200).body(equalTo("via ajax"));
    given().queryParam("path", runRoot).get("/ajax-api/2.0/mlflow-artifacts/artifacts")
        .then().statusCode(200).body(equalTo("{\"files\":[{\"path\":\"x.txt\",\"is_dir\":false,\"file_size\":8}]}"));
  }

  // ---------------------------------------------------------------- listing and delete

  @Test
  void listingHasMlflowsShape() {
    put(runRoot + "/model/MLmodel", "flavors: {}".getBytes()).then().statusCode(200);
    put(runRoot + "/model/data/weights.bin", new byte[1000]).then().statusCode(200);
    put(runRoot + "/metrics.csv", "a,b\n".getBytes()).then().statusCode(200);
    put(runRoot + "/zero.txt", new byte[0]).then().statusCode(200);

    // An empty file has no file_size, as MLflow lists it (checked against MLflow 2.12.2).
    list(runRoot).then().statusCode(200).body(equalTo("{\"files\":["
        + "{\"path\":\"metrics.csv\",\"is_dir\":false,\"file_size\":4},"
        + "{\"path\":\"model\",\"is_dir\":true},"
        + "{\"path\":\"zero.txt\",\"is_dir\":false}]}"));
    list(runRoot + "/model/").then().statusCode(200).body(equalTo("{\"files\":["
        + "{\"path\":\"MLmodel\",\"is_dir\":false,\"file_size\":11},"
        + "{\"path\":\"data\",\"is_dir\":true}]}"));
    // Missing directories and files list as MLflow's empty message.
    list(runRoot + "/missing").then().statusCode(200).body(equalTo("{}"));
    list(runRoot + "/metrics.csv").then().statusCode(200).body(equalTo("{}"));
  }

  @Test
  void deleteRemovesAFileOrAWholePrefixButNotItsNeighbours() {
    put(runRoot + "/d/a.txt", "a".getBytes()).then().statusCode(200);
    put(runRoot + "/d/sub/b.txt", "b".getBytes()).then().statusCode(200);
    put(runRoot + "/dx/keep.txt", "keep".getBytes()).then().statusCode(200);
    put(runRoot + "/d.txt", "keep".getBytes()).then().statusCode(200);

    delete(runRoot + "/d/a.txt").then().statusCode(200).body(equalTo("{}"));
    get(runRoot + "/d/a.txt").then().statusCode(404);
    get(runRoot + "/d/sub/b.txt").then().statusCode(200);

    delete(runRoot + "/d").then().statusCode(200);
    get(runRoot + "/d/sub/b.txt").then().statusCode(404);
    get(runRoot + "/dx/keep.txt").then().statusCode(200).body(equalTo("keep"));
    get(runRoot + "/d.txt").then().statusCode(200);
    delete(runRoot + "/never-existed").then().statusCode(200);
  }

  // ---------------------------------------------------------------- ranges

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "bytes=0-4      | 206 | bytes 0-4/26   | abcde",
      "bytes=20-      | 206 | bytes 20-25/26 | uvwxyz",
      "bytes=-3       | 206 | bytes 23-25/26 | xyz",
      "bytes=24-99    | 206 | bytes 24-25/26 | yz",
      "bytes=5-5      | 206 | bytes 5-5/26   | f",
      "bytes=0-1,4-5  | 200 |                | abcdefghijklmnopqrstuvwxyz",
      "items=0-3      | 200 |                | abcdefghijklmnopqrstuvwxyz",
      "bytes=9-3      | 200 |                | abcdefghijklmnopqrstuvwxyz"})
  void rangeDownloads(String range, int status, String contentRange, String body) {
    put(runRoot + "/abc.txt", "abcdefghijklmnopqrstuvwxyz".getBytes()).then().statusCode(200);
    Response response = given().urlEncodingEnabled(false).header("Range", range).get(API + "/" + runRoot + "/abc.txt");
    response.then().statusCode(status).body(equalTo(body))
        .header("Content-Length", String.valueOf(body.length()))
        .header("Accept-Ranges", "bytes");
    assertThat(response.header("Content-Range")).isEqualTo(contentRange);
  }

  @ParameterizedTest
  @ValueSource(strings = {"bytes=26-", "bytes=100-200", "bytes=-0"})
  void unsatisfiableRangeIs416(String range) {
    put(runRoot + "/abc.txt", "abcdefghijklmnopqrstuvwxyz".getBytes()).then().statusCode(200);
    given().urlEncodingEnabled(false).header("Range", range).get(API + "/" + runRoot + "/abc.txt")
        .then().statusCode(416).header("Content-Range", "bytes */26")
        .body("error_code", equalTo("INVALID_PARAMETER_VALUE"));
  }

  @Test
  void rangeWithinALargeFile() throws Exception {
    byte[] large = GeneratedStream.bytes(12 * MIB, 7);
    assertThat(putLarge(runRoot + "/large.bin", large)).isEqualTo(200);
    byte[] slice = given().urlEncodingEnabled(false).header("Range", "bytes=" + (6 * MIB - 10) + "-" + (6 * MIB + 9))
        .get(API + "/" + runRoot + "/large.bin").then().statusCode(206).extract().asByteArray();
    assertThat(slice).isEqualTo(java.util.Arrays.copyOfRange(large, 6 * MIB - 10, 6 * MIB + 10));
  }

  // ---------------------------------------------------------------- multipart

  @ParameterizedTest
  @ValueSource(ints = {5 * MIB, 6 * MIB})
  void multipartUploadThroughSignedPartUrls(int partSize) throws Exception {
    byte[] file = GeneratedStream.bytes(2 * partSize + 12345, partSize);
    int numParts = 3;
    Response created = mpu("create", runRoot + "/checkpoints",
        Map.of("path", "/home/me/train/out/weights.bin", "num_parts", numParts));
    created.then().statusCode(200);
    String uploadId = created.path("upload_id");
    List<Map<String, Object>> credentials = created.path("credentials");
    assertThat(credentials).hasSize(numParts);
    assertThat(credentials).extracting(c -> c.get("part_number")).containsExactly(1, 2, 3);
    assertThat(credentials.get(0).get("headers")).isEqualTo(Map.of());
    assertThat((String) credentials.get(0).get("url")).startsWith("http://localhost:" + RestAssured.port
        + "/api/2.0/mlflow-artifacts/mpu/part/" + runRoot + "/checkpoints/weights.bin?upload_id=");

    // Parts go up in parallel, without credentials, exactly as MLflow's client does.
    ExecutorService pool = Executors.newFixedThreadPool(3);
    List<Future<Map<String, Object>>> uploads = new ArrayList<>();
    for (Map<String, Object> credential : credentials) {
      int part = (Integer) credential.get("part_number");
      int from = (part - 1) * partSize;
      byte[] chunk = java.util.Arrays.copyOfRange(file, from, Math.min(file.length, from + partSize));
      uploads.add(pool.submit(() -> {
        HttpResponse<String> reply = http11.send(HttpRequest.newBuilder(URI.create((String) credential.get("url")))
            .PUT(HttpRequest.BodyPublishers.ofByteArray(chunk)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(reply.statusCode()).as(reply.body()).isEqualTo(200);
        String etag = reply.headers().firstValue("ETag").orElseThrow();
        return Map.of("part_number", part, "etag", etag, "url", credential.get("url"));
      }));
    }
    List<Map<String, Object>> parts = new ArrayList<>();
    for (Future<Map<String, Object>> upload : uploads) {
      parts.add(upload.get());
    }
    pool.shutdown();
    get(runRoot + "/checkpoints/weights.bin").then().statusCode(404); // not visible before complete

    mpu("complete", runRoot + "/checkpoints", Map.of("path", "/home/me/train/out/weights.bin",
        "upload_id", uploadId, "parts", parts)).then().statusCode(200).body(equalTo("{}"));
    assertThat(getLargeSha256(runRoot + "/checkpoints/weights.bin")).isEqualTo(sha256(file));
    assertNoUploadLeftovers();
  }

  @Test
  void windowsClientPathsKeepOnlyTheBaseName() throws Exception {
    Response created = mpu("create", runRoot, Map.of("path", "C:\\Users\\me\\model.onnx", "num_parts", 1));
    created.then().statusCode(200);
    String url = created.path("credentials[0].url");
    assertThat(url).contains("/mpu/part/" + runRoot + "/model.onnx?");
    String etag = putPart(url, "onnx".getBytes()).headers().firstValue("ETag").orElseThrow();
    mpu("complete", runRoot, Map.of("path", "C:\\Users\\me\\model.onnx", "upload_id", created.path("upload_id"),
        "parts", List.of(Map.of("part_number", 1, "etag", etag, "url", url)))).then().statusCode(200);
    get(runRoot + "/model.onnx").then().statusCode(200).body(equalTo("onnx"));
  }

  @Test
  void abortDiscardsTheUpload() throws Exception {
    Response created = mpu("create", runRoot, Map.of("path", "/tmp/big.bin", "num_parts", 2));
    String uploadId = created.path("upload_id");
    String url = created.path("credentials[0].url");
    String etag = putPart(url, GeneratedStream.bytes(5 * MIB, 1)).headers().firstValue("ETag").orElseThrow();

    mpu("abort", runRoot, Map.of("path", "/tmp/big.bin", "upload_id", uploadId)).then().statusCode(200).body(equalTo("{}"));
    mpu("abort", runRoot, Map.of("path", "/tmp/big.bin", "upload_id", uploadId)).then().statusCode(200);
    mpu("complete", runRoot, Map.of("path", "/tmp/big.bin", "upload_id", uploadId,
        "parts", List.of(Map.of("part_number", 1, "etag", etag, "url", url))))
        .then().statusCode(404).body("error_code", equalTo("RESOURCE_DOES_NOT_EXIST"));
    get(runRoot + "/big.bin").then().statusCode(404);
    assertNoUploadLeftovers();
  }

  @Test
  void completeWithAWrongEtagStoresNothing() throws Exception {
    Response created = mpu("create", runRoot, Map.of("path", "f.bin", "num_parts", 1));
    String uploadId = created.path("upload_id");
    String url = created.path("credentials[0].url");
    putPart(url, "data".getBytes());
    mpu("complete", runRoot, Map.of("path", "f.bin", "upload_id", uploadId,
        "parts", List.of(Map.of("part_number", 1, "etag", "\"0123456789abcdef0123456789abcdef\"", "url", url))))
        .then().statusCode(400).body("error_code", equalTo("INVALID_PARAMETER_VALUE"));
    get(runRoot + "/f.bin").then().statusCode(404);
    mpu("abort", runRoot, Map.of("path", "f.bin", "upload_id", uploadId)).then().statusCode(200);
  }

  @Test
  void partUrlsRefuseBadExpiredOrTamperedSignatures() throws Exception {
    Response created = mpu("create", runRoot, Map.of("path", "/x/secret.bin", "num_parts", 2));
    String uploadId = created.path("upload_id");
    String url1 = created.path("credentials[0].url");
    String signature = url1.substring(url1.indexOf("&signature=") + 11);
    String tampered = signature.substring(0, 5) + (signature.charAt(5) == 'A' ? 'B' : 'A') + signature.substring(6);
    String expiredSignature = signer.sign(ArtifactPath.parse(runRoot + "/secret.bin"), uploadId, 1,
        System.currentTimeMillis() / 1000 - 10);
    long expires = Long.parseLong(url1.replaceAll(".*&expires=(\\d+).*", "$1"));

    List<String> refused = List.of(
        url1.replace(signature, tampered),
        url1.replace("part_number=1", "part_number=2"),
        url1.replace("/secret.bin?", "/other.bin?"),
        url1.replace("expires=" + expires, "expires=" + (expires + 3600)),
        url1.replace("upload_id=", "upload_id=x"),
        url1.substring(0, url1.indexOf("&signature=")),
        url1.replace("expires=" + expires, "expires=" + (System.currentTimeMillis() / 1000 - 10))
            .replace(signature, expiredSignature));
    for (String url : refused) {
      HttpResponse<String> reply = putPart(url, "evil".getBytes());
      assertThat(reply.statusCode()).as(url).isEqualTo(403);
      assertThat(reply.body()).as(url).contains("\"error_code\":\"PERMISSION_DENIED\"");
    }
    assertThat(putPart(refused.get(refused.size() - 1), "x".getBytes()).body()).contains("expired");
    mpu("abort", runRoot, Map.of("path", "/x/secret.bin", "upload_id", uploadId)).then().statusCode(200);
    get(runRoot + "/secret.bin").then().statusCode(404);
  }

  @Test
  void partUrlsFollowTheGatewaysForwardedHeaders() {
    Response created = given().contentType("application/json")
        .header("X-Forwarded-Proto", "https")
        .header("X-Forwarded-Host", "labtrack.example.org, internal:5000")
        .header("X-Forwarded-Prefix", "/tracking/")
        .body(Map.of("path", "m.bin", "num_parts", 1))
        .post("/api/2.0/mlflow-artifacts/mpu/create/" + runRoot);
    created.then().statusCode(200);
    assertThat((String) created.path("credentials[0].url"))
        .startsWith("https://labtrack.example.org/tracking/api/2.0/mlflow-artifacts/mpu/part/" + runRoot + "/m.bin?");
    mpu("abort", runRoot, Map.of("path", "m.bin", "upload_id", created.path("upload_id"))).then().statusCode(200);
  }

  @Test
  void multipartRequestsAreValidated() {
    mpu("create", runRoot, Map.of("num_parts", 2)).then().statusCode(400)
        .body("error_code", equalTo("INVALID_PARAMETER_VALUE"))
        .body("message", startsWith("Missing value for required parameter 'path'"));
    mpu("create", runRoot, Map.of("path", "a.bin", "num_parts", 0)).then().statusCode(400);
    // JSON types kept, as MLflow's protobuf parser keeps them: a number is no path
    mpu("create", runRoot, Map.of("path", 5, "num_parts", 1)).then().statusCode(400)
        .body("message", equalTo("Invalid value 5 for parameter 'path' supplied:  Hint: Value "
            + "was of type 'int'. See the API docs for more information about request "
            + "parameters."));
    mpu("abort", runRoot, Map.of("path", "a.bin", "upload_id", 7)).then().statusCode(400)
        .body("message", startsWith("Invalid value 7 for parameter 'upload_id' supplied"));
    mpu("create", runRoot, Map.of("path", "a.bin", "num_parts", 10_001)).then().statusCode(400);
    mpu("create", runRoot, Map.of("path", "/tmp/..", "num_parts", 1)).then().statusCode(400);
    mpu("complete", runRoot, Map.of("path", "a.bin", "upload_id", "x", "parts", List.of()))
        .then().statusCode(400).body("error_code", equalTo("INVALID_PARAMETER_VALUE"));
    given().contentType("text/plain").body("{}").post("/api/2.0/mlflow-artifacts/mpu/create/" + runRoot)
        .then().statusCode(400).body("error_code", equalTo("INVALID_PARAMETER_VALUE"));
  }

  // ---------------------------------------------------------------- concurrency and failures

  @Test
  void concurrentUploadsStayApart() throws Exception {
    int uploads = 8;
    ExecutorService pool = Executors.newFixedThreadPool(uploads);
    List<Callable<Integer>> tasks = new ArrayList<>();
    for (int i = 0; i < uploads; i++) {
      int n = i;
      tasks.add(() -> {
        byte[] body = GeneratedStream.bytes(MIB + n, n + 100);
        HttpResponse<String> reply = http11.send(HttpRequest.newBuilder(uri(API + "/" + runRoot + "/c/" + n + ".bin"))
            .PUT(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
        return reply.statusCode();
      });
    }
    for (Future<Integer> result : pool.invokeAll(tasks)) {
      assertThat(result.get()).isEqualTo(200);
    }
    pool.shutdown();
    for (int i = 0; i < uploads; i++) {
      assertThat(getLargeSha256(runRoot + "/c/" + i + ".bin"))
          .isEqualTo(sha256(GeneratedStream.bytes(MIB + i, i + 100)));
    }
  }

  @Test
  void interruptedUploadLeavesNothingVisible() throws Exception {
    // A new file: bigger than one S3 buffer, so the S3 store has a multipart upload to abort.
    RawHttp.sendTruncated(RestAssured.port, API + "/" + runRoot + "/cut.bin", 12 * MIB, 7 * MIB);
    // An existing file keeps its old content.
    put(runRoot + "/kept.txt", "old".getBytes()).then().statusCode(200);
    RawHttp.sendTruncated(RestAssured.port, API + "/" + runRoot + "/kept.txt", 2 * MIB, MIB);

    await().atMost(Duration.ofSeconds(30)).untilAsserted(this::assertNoUploadLeftovers);
    get(runRoot + "/cut.bin").then().statusCode(404);
    get(runRoot + "/kept.txt").then().statusCode(200).body(equalTo("old"));
    list(runRoot).then().body(equalTo("{\"files\":[{\"path\":\"kept.txt\",\"is_dir\":false,\"file_size\":3}]}"));
  }

  @Test
  void storageOutageIs503AndTheServiceRecovers() throws Exception {
    put(runRoot + "/before.txt", "before".getBytes()).then().statusCode(200);
    storageDown();
    try {
      put(runRoot + "/during.txt", "x".getBytes()).then().statusCode(503)
          .body("error_code", equalTo("TEMPORARILY_UNAVAILABLE"))
          .body("message", startsWith("Artifact storage is unavailable"));
      get(runRoot + "/before.txt").then().statusCode(503).body("error_code", equalTo("TEMPORARILY_UNAVAILABLE"));
      list(runRoot).then().statusCode(503);
      given().get(managementUrl("/q/health/ready")).then().statusCode(503);
    } finally {
      storageUp();
    }
    await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
        put(runRoot + "/after.txt", "after".getBytes()).then().statusCode(200));
    get(runRoot + "/before.txt").then().statusCode(200).body(equalTo("before"));
    given().get(managementUrl("/q/health/ready")).then().statusCode(200);
  }

  // ---------------------------------------------------------------- purge

  /**
   * A purge removes every pending root's files in this store and reports them gone to
   * tracking-service; a root outside the store is reported and forgotten, one the store failed
   * on stays pending until a later purge.
   */
  @Test
  void purgeRemovesPendingRootsAndKeepsWhatTheStoreFailedOn() throws Exception {
    String other = "7/" + UUID.randomUUID().toString().replace("-", "") + "/artifacts";
    put(runRoot + "/model/weights.bin", "w".getBytes()).then().statusCode(200);
    put(other + "/notes.txt", "n".getBytes()).then().statusCode(200);
    TrackingStub.purgeAnswer = Map.entry(200, "{\"run_ids\":[\"r1\"]}");
    TrackingStub.PENDING.clear();
    TrackingStub.PENDING.put(11L, Map.of("uri", "mlflow-artifacts:/" + runRoot, "owner", "run r1"));
    TrackingStub.PENDING.put(12L, Map.of("uri", "s3://elsewhere/r2", "owner", "run r2"));

    gc(Map.of("run_ids", List.of("r1"), "dry_run", true)).then().statusCode(200)
        .body("dry_run", equalTo(true)).body("artifacts_removed", equalTo(List.of()));
    assertThat(TrackingStub.PENDING).containsOnlyKeys(11L, 12L);
    get(runRoot + "/model/weights.bin").then().statusCode(200);

    gc(Map.of("run_ids", List.of("r1"))).then().statusCode(200)
        .body("run_ids", equalTo(List.of("r1")))
        .body("artifacts_removed", equalTo(List.of("mlflow-artifacts:/" + runRoot)))
        .body("artifacts_not_removed[0].uri", equalTo("s3://elsewhere/r2"))
        .body("artifacts_not_removed[0].reason", startsWith("outside LabTrack's artifact store"));
    assertThat(TrackingStub.lastPurgeBody).contains("\"run_ids\":[\"r1\"]")
        .contains("\"dry_run\":false");
    assertThat(TrackingStub.PENDING).isEmpty();
    get(runRoot + "/model/weights.bin").then().statusCode(404);

    TrackingStub.PENDING.put(13L, Map.of("uri", "mlflow-artifacts:/" + other, "owner", "run r3"));
    storageDown();
    try {
      gc(Map.of()).then().statusCode(200)
          .body("artifacts_not_removed[0].uri", equalTo("mlflow-artifacts:/" + other))
          .body("artifacts_not_removed[0].reason", org.hamcrest.Matchers.containsString(
              "stays pending"));
    } finally {
      storageUp();
    }
    assertThat(TrackingStub.PENDING).containsOnlyKeys(13L);
    await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> gc(Map.of()).then()
        .statusCode(200).body("artifacts_removed", equalTo(List.of("mlflow-artifacts:/" + other))));
    assertThat(TrackingStub.PENDING).isEmpty();
    get(other + "/notes.txt").then().statusCode(404);
  }

  /** tracking-service's refusal (a run not deleted) reaches the admin unchanged. */
  @Test
  void purgePassesTrackingsRefusalOn() {
    String refusal = "{\"error_code\":\"INVALID_PARAMETER_VALUE\",\"message\":\"Run r1 is "
        + "not in `deleted` lifecycle stage.\"}";
    TrackingStub.purgeAnswer = Map.entry(400, refusal);
    try {
      gc(Map.of("run_ids", List.of("r1"))).then().statusCode(400).body(equalTo(refusal));
    } finally {
      TrackingStub.purgeAnswer = Map.entry(200, "{}");
    }
    gc(Map.of("dry_run", "yes")).then().statusCode(400)
        .body("error_code", equalTo("INVALID_PARAMETER_VALUE"));
  }

  private static Response gc(Map<String, ?> body) {
    return given().contentType("application/json").body(body).post("/api/labtrack/v1/gc");
  }

  // ---------------------------------------------------------------- path safety

  @ParameterizedTest
  @ValueSource(strings = {
      "../../etc/passwd", "a/../../b", "a/..", "..", "%2e%2e/x", "%2E%2E/%2e%2e/x", "a/%2e%2e/%2e%2e/b",
      "a%2Fb", "a%2fb", "%2Fetc/passwd", "a%5Cb", "a%00b", "a%2500b",
      "%252e%252e/x", "a%252Fb", "a%25252Fb", "a%255Cb",
      "a%23b", "a%5C..%5Cb", "C:/Windows/win.ini", "c%3A/x", "/etc/passwd", "a//b", "a/%09/b"})
  void unsafePathsAreRefusedOnEveryRoute(String unsafe) throws IOException {
    int port = RestAssured.port;
    for (String[] route : List.of(
        new String[] {"GET", API + "/"}, new String[] {"PUT", API + "/"}, new String[] {"DELETE", API + "/"},
        new String[] {"GET", "/ajax-api/2.0/mlflow-artifacts/artifacts/"},
        new String[] {"PUT", "/api/2.0/mlflow-artifacts/mpu/part/"})) {
      RawHttp.Reply reply = RawHttp.send(port, route[0], route[1] + runRoot + "/" + unsafe, "x".getBytes());
      assertThat(reply.status()).as(route[0] + " " + route[1] + unsafe).isEqualTo(400);
      assertThat(reply.body()).as(route[0] + " " + route[1] + unsafe).contains("\"error_code\":\"INVALID_PARAMETER_VALUE\"");
    }
    RawHttp.Reply create = RawHttp.send(port, "POST", "/api/2.0/mlflow-artifacts/mpu/create/" + unsafe, new byte[0]);
    assertThat(create.status()).as("mpu/create " + unsafe).isEqualTo(400);
  }

  @ParameterizedTest
  @ValueSource(strings = {"..", "../x", "a/../..", "/etc", "a\\b", "a#b", "%2e%2e/x", "a%2Fb", "C:\\x", "a\u0000b"})
  void unsafeQueryPathsAreRefused(String unsafe) {
    given().queryParam("path", unsafe).get(API).then().statusCode(400)
        .body("error_code", equalTo("INVALID_PARAMETER_VALUE"));
  }

  // ---------------------------------------------------------------- run-scoped routes

  @Test
  void runScopedListAndGetArtifactResolveTheRunRoot() {
    String runId = UUID.randomUUID().toString().replace("-", "");
    String root = "3/" + runId + "/artifacts";
    TrackingStub.RUNS.put(runId, "mlflow-artifacts:/" + root);
    put(root + "/model/MLmodel", "flavors: {}".getBytes()).then().statusCode(200);
    put(root + "/plot.png", new byte[] {1, 2, 3}).then().statusCode(200);

    given().queryParam("run_id", runId).get("/api/2.0/mlflow/artifacts/list").then().statusCode(200)
        .body(equalTo("{\"root_uri\":\"mlflow-artifacts:/" + root + "\",\"files\":["
            + "{\"path\":\"model\",\"is_dir\":true},{\"path\":\"plot.png\",\"is_dir\":false,\"file_size\":3}]}"));
    given().queryParam("run_uuid", runId).queryParam("path", "model")
        .get("/ajax-api/2.0/mlflow/artifacts/list").then().statusCode(200)
        .body("files[0].path", equalTo("model/MLmodel")).body("files[0].file_size", equalTo(11));
    given().queryParam("run_id", runId).queryParam("path", "nothing-here")
        .get("/api/2.0/mlflow/artifacts/list").then().statusCode(200)
        .body(equalTo("{\"root_uri\":\"mlflow-artifacts:/" + root + "\"}"));

    given().queryParam("run_uuid", runId).queryParam("path", "model/MLmodel").get("/get-artifact")
        .then().statusCode(200).header("Content-Type", startsWith("text/plain"))
        .header("Content-Disposition", "attachment; filename=MLmodel").body(equalTo("flavors: {}"));
    given().queryParam("run_id", runId).queryParam("path", "../../x").get("/get-artifact")
        .then().statusCode(400).body("error_code", equalTo("INVALID_PARAMETER_VALUE"));
    given().queryParam("run_id", runId).queryParam("path", "missing.txt").get("/get-artifact")
        .then().statusCode(404).body("error_code", equalTo("RESOURCE_DOES_NOT_EXIST"));
  }

  @Test
  void runRootsInOtherFormsAndErrors() {
    String runId = UUID.randomUUID().toString().replace("-", "");
    TrackingStub.RUNS.put(runId, "mlflow-artifacts://labtrack:5000/4/" + runId + "/artifacts");
    put("4/" + runId + "/artifacts/f.txt", "f".getBytes()).then().statusCode(200);
    given().queryParam("run_id", runId).get("/api/2.0/mlflow/artifacts/list").then().statusCode(200)
        .body("files[0].path", equalTo("f.txt"));

    given().queryParam("run_id", "0123456789abcdef0123456789abcdef").get("/api/2.0/mlflow/artifacts/list")
        .then().statusCode(404).body("error_code", equalTo("RESOURCE_DOES_NOT_EXIST"))
        .body("message", equalTo("Run with id=0123456789abcdef0123456789abcdef not found"));
    given().get("/api/2.0/mlflow/artifacts/list").then().statusCode(400)
        .body("message", startsWith("Missing value for required parameter 'run_id'"));

    String s3Run = UUID.randomUUID().toString().replace("-", "");
    TrackingStub.RUNS.put(s3Run, "s3://other-bucket/1/" + s3Run + "/artifacts");
    given().queryParam("run_id", s3Run).get("/api/2.0/mlflow/artifacts/list").then().statusCode(501)
        .body("error_code", equalTo("NOT_IMPLEMENTED")).body("message", startsWith("The artifact root 's3://"));

    String evilRun = UUID.randomUUID().toString().replace("-", "");
    TrackingStub.RUNS.put(evilRun, "mlflow-artifacts:/../../etc");
    given().queryParam("run_id", evilRun).get("/api/2.0/mlflow/artifacts/list").then().statusCode(400);
  }

  @Test
  void ajaxSpellingOfGetArtifactResolvesTheRunRoot() {
    String runId = UUID.randomUUID().toString().replace("-", "");
    TrackingStub.RUNS.put(runId, "mlflow-artifacts:/3/" + runId + "/artifacts");
    put("3/" + runId + "/artifacts/eval/metrics.json", "{\"a\":1}".getBytes()).then().statusCode(200);
    for (String route : List.of("/ajax-api/2.0/mlflow/get-artifact", "/api/2.0/mlflow/get-artifact")) {
      given().queryParam("run_uuid", runId).queryParam("path", "eval/metrics.json").get(route)
          .then().statusCode(200).header("Content-Disposition", "attachment; filename=metrics.json")
          .body(equalTo("{\"a\":1}"));
    }
  }

  /** MLflow 3's ListLoggedModelArtifacts and the UI's logged-model file download. */
  @Test
  void loggedModelArtifactsResolveTheModelRoot() {
    String modelId = "m-" + UUID.randomUUID().toString().replace("-", "");
    String root = "3/models/" + modelId + "/artifacts";
    TrackingStub.MODELS.put(modelId, "mlflow-artifacts:/" + root);
    put(root + "/MLmodel", "flavors:\n  python_function: {}\n".getBytes()).then().statusCode(200);
    put(root + "/data/weights.bin", new byte[] {1, 2, 3, 4, 5}).then().statusCode(200);
    String base = "/api/2.0/mlflow/logged-models/" + modelId + "/artifacts";

    given().get(base + "/directories").then().statusCode(200)
        .body(equalTo("{\"root_uri\":\"mlflow-artifacts:/" + root + "\",\"files\":["
            + "{\"path\":\"MLmodel\",\"is_dir\":false,\"file_size\":31},"
            + "{\"path\":\"data\",\"is_dir\":true}]}"));
    given().queryParam("artifact_directory_path", "data")
        .get("/ajax-api/2.0/mlflow/logged-models/" + modelId + "/artifacts/directories")
        .then().statusCode(200).body("files[0].path", equalTo("data/weights.bin"))
        .body("files[0].file_size", equalTo(5));
    given().queryParam("artifact_directory_path", "../other").get(base + "/directories")
        .then().statusCode(400).body("error_code", equalTo("INVALID_PARAMETER_VALUE"));

    given().queryParam("artifact_file_path", "MLmodel")
        .get("/ajax-api/2.0/mlflow/logged-models/" + modelId + "/artifacts/files").then().statusCode(200)
        .header("Content-Type", startsWith("text/plain"))
        .header("Content-Disposition", "attachment; filename=MLmodel")
        .body(equalTo("flavors:\n  python_function: {}\n"));
    given().queryParam("artifact_file_path", "data/weights.bin").header("Range", "bytes=1-2")
        .get(base + "/files").then().statusCode(206).header("Content-Range", "bytes 1-2/5");
    given().get(base + "/files").then().statusCode(400).body("error_code", equalTo("BAD_REQUEST"))
        .body("message", equalTo("Request must include the \"artifact_file_path\" query parameter."));
    given().queryParam("artifact_file_path", "a/../../x").get(base + "/files").then().statusCode(400)
        .body("error_code", equalTo("INVALID_PARAMETER_VALUE"));
    given().queryParam("artifact_file_path", "absent.txt").get(base + "/files").then().statusCode(404)
        .body("error_code", equalTo("RESOURCE_DOES_NOT_EXIST"));

    String unknown = "m-" + UUID.randomUUID().toString().replace("-", "");
    given().get("/api/2.0/mlflow/logged-models/" + unknown + "/artifacts/directories").then()
        .statusCode(404).body("error_code", equalTo("RESOURCE_DOES_NOT_EXIST"))
        .body("message", equalTo("Logged model with ID '" + unknown + "' not found."));
    String elsewhere = "m-" + UUID.randomUUID().toString().replace("-", "");
    TrackingStub.MODELS.put(elsewhere, "s3://bucket/models/" + elsewhere);
    given().queryParam("artifact_file_path", "MLmodel")
        .get("/api/2.0/mlflow/logged-models/" + elsewhere + "/artifacts/files").then()
        .statusCode(501).body("error_code", equalTo("NOT_IMPLEMENTED"));
  }

  /** The UI's model-version view reads MLmodel through get-download-uri's location. */
  @Test
  void modelVersionGetArtifactResolvesTheDownloadUri() {
    String runId = UUID.randomUUID().toString().replace("-", "");
    String name = "classifier " + runId.substring(0, 6);
    TrackingStub.VERSIONS.put(name + "/1", "mlflow-artifacts:/5/" + runId + "/artifacts/model");
    put("5/" + runId + "/artifacts/model/MLmodel", "artifact_path: model".getBytes()).then().statusCode(200);

    for (String route : List.of("/model-versions/get-artifact",
        "/ajax-api/2.0/mlflow/model-versions/get-artifact", "/api/2.0/mlflow/model-versions/get-artifact")) {
      given().queryParam("path", "MLmodel").queryParam("name", name).queryParam("version", "1")
          .get(route).then().statusCode(200).header("Content-Type", startsWith("text/plain"))
          .body(equalTo("artifact_path: model"));
    }
    given().queryParam("path", "MLmodel").queryParam("name", name).queryParam("version", "2")
        .get("/model-versions/get-artifact").then().statusCode(404)
        .body("error_code", equalTo("RESOURCE_DOES_NOT_EXIST"));
    given().queryParam("name", name).queryParam("version", "1").get("/model-versions/get-artifact")
        .then().statusCode(400).body("error_code", equalTo("INVALID_PARAMETER_VALUE"));
    given().queryParam("path", "../../../etc/passwd").queryParam("name", name).queryParam("version", "1")
        .get("/model-versions/get-artifact").then().statusCode(400)
        .body("error_code", equalTo("INVALID_PARAMETER_VALUE"));
  }

  /** The UI's small-file upload: raw body, run_uuid and path in the query, 10 MB at most. */
  @Test
  void uploadArtifactFromTheUi() throws Exception {
    String runId = UUID.randomUUID().toString().replace("-", "");
    String root = "6/" + runId + "/artifacts";
    TrackingStub.RUNS.put(runId, "mlflow-artifacts:/" + root);
    String upload = "/ajax-api/2.0/mlflow/upload-artifact";

    given().queryParam("run_uuid", runId).queryParam("path", "notes/table.json").contentType("application/json")
        .body("{\"columns\":[\"a\"]}").post(upload).then().statusCode(200).body(equalTo("{}"));
    get(root + "/notes/table.json").then().statusCode(200).body(equalTo("{\"columns\":[\"a\"]}"));
    given().queryParam("run_uuid", runId).queryParam("path", "top.txt").contentType("text/plain")
        .body("top").post("/api/2.0/mlflow/upload-artifact").then().statusCode(200);
    get(root + "/top.txt").then().statusCode(200).body(equalTo("top"));

    given().queryParam("path", "x.txt").body("x").post(upload).then().statusCode(400)
        .body("message", equalTo("Request must specify run_uuid."));
    given().queryParam("run_id", runId).queryParam("path", "x.txt").body("x").post(upload).then()
        .statusCode(400).body("message", equalTo("Request must specify run_uuid."));
    given().queryParam("run_uuid", runId).body("x").post(upload).then().statusCode(400)
        .body("message", equalTo("Request must specify path."));
    given().queryParam("run_uuid", runId).queryParam("path", "empty.txt").post(upload).then()
        .statusCode(400).body("message", equalTo("Request must specify data."));
    given().queryParam("run_uuid", runId).queryParam("path", "../escape.txt").body("x").post(upload)
        .then().statusCode(400).body("error_code", equalTo("INVALID_PARAMETER_VALUE"));
    given().queryParam("run_uuid", "0123456789abcdef0123456789abcdef").queryParam("path", "x.txt")
        .body("x").post(upload).then().statusCode(404).body("error_code", equalTo("RESOURCE_DOES_NOT_EXIST"));

    // Over 10 MB: refused from Content-Length, and while streaming when the body is chunked.
    byte[] tooLarge = new byte[10 * MIB + 1];
    HttpResponse<String> announced = http11.send(HttpRequest.newBuilder(
            uri(upload + "?run_uuid=" + runId + "&path=big.bin"))
        .POST(HttpRequest.BodyPublishers.ofByteArray(tooLarge)).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(announced.statusCode()).isEqualTo(400);
    assertThat(announced.body()).contains("Artifact size is too large. Max size is 10MB.");
    HttpResponse<String> chunked = http11.send(HttpRequest.newBuilder(
            uri(upload + "?run_uuid=" + runId + "&path=big.bin"))
        .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(tooLarge)))
        .build(), HttpResponse.BodyHandlers.ofString());
    assertThat(chunked.statusCode()).isEqualTo(400);
    assertThat(chunked.body()).contains("Artifact size is too large. Max size is 10MB.");
    get(root + "/big.bin").then().statusCode(404);
    HttpResponse<String> exactlyTen = http11.send(HttpRequest.newBuilder(
            uri(upload + "?run_uuid=" + runId + "&path=ten.bin"))
        .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(tooLarge, 0, 10 * MIB)))
        .build(), HttpResponse.BodyHandlers.ofString());
    assertThat(exactlyTen.statusCode()).isEqualTo(200);
    given().urlEncodingEnabled(false).head(API + "/" + root + "/ten.bin").then().statusCode(200)
        .header("Content-Length", String.valueOf(10 * MIB));
    assertNoUploadLeftovers();
  }

  /** LabTrack keeps no traces: their artifact route answers as a server without it would. */
  @Test
  void traceArtifactsAreAnUnknownEndpoint() {
    for (String prefix : List.of("/api", "/ajax-api")) {
      given().queryParam("request_id", "tr-123").get(prefix + "/2.0/mlflow/get-trace-artifact")
          .then().statusCode(404).body("error_code", equalTo("ENDPOINT_NOT_FOUND"));
    }
  }

  /**
   * The HTTP calls the mlflow Python client makes in proxied mode (after its GET runs/get to
   * tracking-service): log_artifact, log_artifacts, list_artifacts, download_artifacts.
   */
  @Test
  void mlflowClientCallSequence() {
    // log_artifact("/tmp/work/model.pkl", artifact_path="model"): one raw PUT with a guessed type.
    given().urlEncodingEnabled(false).contentType("application/octet-stream").body(new byte[] {9, 9})
        .put(API + "/" + runRoot + "/model/model.pkl").then().statusCode(200);
    // log_artifacts("/tmp/work/conf") with artifact_path=None: one PUT per file, walking folders.
    given().urlEncodingEnabled(false).contentType("text/plain").body("a: 1")
        .put(API + "/" + runRoot + "/params.yaml").then().statusCode(200);
    given().urlEncodingEnabled(false).contentType("text/plain").body("b: 2")
        .put(API + "/" + runRoot + "/nested/more.yaml").then().statusCode(200);
    // list_artifacts(): GET artifacts?path=<run root>, then per directory for a recursive download.
    given().queryParam("path", runRoot).get(API).then().statusCode(200)
        .body("files.path", org.hamcrest.Matchers.contains("model", "nested", "params.yaml"))
        .body("files.is_dir", org.hamcrest.Matchers.contains(true, true, false));
    given().queryParam("path", runRoot + "/model").get(API).then().statusCode(200)
        .body("files[0].path", equalTo("model.pkl")).body("files[0].file_size", equalTo(2));
    // download_artifacts: GET each file, streamed.
    assertThat(get(runRoot + "/model/model.pkl").then().statusCode(200).extract().asByteArray())
        .containsExactly(9, 9);
    get(runRoot + "/nested/more.yaml").then().statusCode(200).body(equalTo("b: 2"));
  }

  // ---------------------------------------------------------------- memory

  /**
   * Streams a body several times the test JVM's heap (-Xmx320m) up and down, with the JDK client's
   * default settings, which offer an h2c upgrade (BUILD-NOTES' memory trap).
   */
  @Test
  void bodiesLargerThanTheHeapStream() throws Exception {
    long size = Long.getLong("labtrack.memtest.bytes", 1024L * MIB);
    long maxHeap = Runtime.getRuntime().maxMemory();
    assertThat(size).as("the body must dwarf the heap").isGreaterThan(2 * maxHeap);
    HttpClient defaultClient = HttpClient.newHttpClient();
    HeapWatch watch = HeapWatch.start();
    long t0 = System.nanoTime();
    HttpResponse<String> up = defaultClient.send(HttpRequest.newBuilder(uri(API + "/" + runRoot + "/huge.bin"))
        .PUT(HttpRequest.BodyPublishers.fromPublisher(
            HttpRequest.BodyPublishers.ofInputStream(() -> new GeneratedStream(size, 99)), size))
        .build(), HttpResponse.BodyHandlers.ofString());
    long t1 = System.nanoTime();
    assertThat(up.statusCode()).as(up.body()).isEqualTo(200);

    HttpResponse<InputStream> down = defaultClient.send(HttpRequest.newBuilder(uri(API + "/" + runRoot + "/huge.bin"))
        .GET().build(), HttpResponse.BodyHandlers.ofInputStream());
    assertThat(down.statusCode()).isEqualTo(200);
    assertThat(down.headers().firstValueAsLong("Content-Length").orElse(-1)).isEqualTo(size);
    MessageDigest digest = GeneratedStream.newSha256();
    long received = 0;
    try (InputStream in = down.body()) {
      byte[] buffer = new byte[1 << 16];
      int n;
      while ((n = in.read(buffer)) > 0) {
        digest.update(buffer, 0, n);
        received += n;
      }
    }
    long t2 = System.nanoTime();
    watch.stop();
    assertThat(received).isEqualTo(size);
    assertThat(digest.digest()).isEqualTo(GeneratedStream.sha256(size, 99));
    System.out.printf("MEMORY-TEST %s: %d MiB up in %.1f s, down in %.1f s; heap used peak %d MiB, "
        + "old generation live after GC: %d MiB before, %d MiB peak during; %d MiB max heap%n", storeName(),
        size / MIB, (t1 - t0) / 1e9, (t2 - t1) / 1e9, watch.peakUsed() / MIB, watch.baselineLive() / MIB,
        watch.peakLive() / MIB, maxHeap / MIB);
    delete(runRoot + "/huge.bin").then().statusCode(200);
  }

  /**
   * A raw request that asks for the h2c upgrade (the headers the JDK client and curl --http2 add)
   * with a body twice the heap: Vert.x once held such bodies whole in memory.
   */
  @Test
  void h2cUpgradeRequestsStillStream() throws Exception {
    long size = 2 * Runtime.getRuntime().maxMemory();
    RawHttp.Reply reply = RawHttp.stream(RestAssured.port, "PUT", API + "/" + runRoot + "/h2c.bin",
        "Connection: Upgrade, HTTP2-Settings\r\nUpgrade: h2c\r\nHTTP2-Settings: AAMAAABkAARAAAAAAAIAAAAA\r\n",
        new GeneratedStream(size, 5), size);
    assertThat(reply.status()).as(reply.body()).isEqualTo(200);
    Number stored = given().queryParam("path", runRoot).get(API).then().statusCode(200).extract().path("files[0].file_size");
    assertThat(stored.longValue()).isEqualTo(size);
    delete(runRoot + "/h2c.bin").then().statusCode(200);
  }

  /** Samples heap use, and the old generation's live size after each collection. */
  static final class HeapWatch {
    private final long baselineLive;
    private final AtomicLong peakUsed = new AtomicLong();
    private final AtomicLong peakLive = new AtomicLong();
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final Thread thread;

    private HeapWatch() {
      List<java.lang.management.MemoryPoolMXBean> oldGen = ManagementFactory.getMemoryPoolMXBeans().stream()
          .filter(p -> p.getType() == java.lang.management.MemoryType.HEAP)
          .filter(p -> p.getName().contains("Old") || p.getName().contains("Tenured"))
          .toList();
      baselineLive = oldGen.stream().mapToLong(p -> p.getUsage().getUsed()).sum();
      thread = new Thread(() -> {
        while (running.get()) {
          peakUsed.accumulateAndGet(ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed(), Math::max);
          for (var pool : oldGen) {
            if (pool.getCollectionUsage() != null) {
              peakLive.accumulateAndGet(pool.getCollectionUsage().getUsed(), Math::max);
            }
          }
          try {
            Thread.sleep(20);
          } catch (InterruptedException e) {
            return;
          }
        }
      }, "heap-watch");
    }

    static HeapWatch start() {
      System.gc();
      HeapWatch watch = new HeapWatch();
      watch.thread.start();
      return watch;
    }

    void stop() throws InterruptedException {
      running.set(false);
      thread.join();
    }

    long peakUsed() {
      return peakUsed.get();
    }

    long baselineLive() {
      return baselineLive;
    }

    long peakLive() {
      return peakLive.get();
    }
  }

  // ---------------------------------------------------------------- helpers

  static String encode(String path) {
    StringBuilder out = new StringBuilder();
    for (String segment : path.split("/", -1)) {
      if (out.length() > 0) {
        out.append('/');
      }
      out.append(URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20"));
    }
    return out.toString();
  }

  static URI uri(String path) {
    return URI.create("http://127.0.0.1:" + RestAssured.port + path);
  }

  static Response put(String path, byte[] body) {
    return given().urlEncodingEnabled(false).contentType("application/octet-stream").body(body)
        .put(API + "/" + encode(path));
  }

  static Response get(String path) {
    return given().urlEncodingEnabled(false).get(API + "/" + encode(path));
  }

  static Response delete(String path) {
    return given().urlEncodingEnabled(false).delete(API + "/" + encode(path));
  }

  static Response list(String path) {
    return given().queryParam("path", path).get(API);
  }

  static Response mpu(String action, String dir, Map<String, Object> body) {
    return given().urlEncodingEnabled(false).contentType("application/json").body(body)
        .post("/api/2.0/mlflow-artifacts/mpu/" + action + "/" + encode(dir));
  }

  /**
   * Large bodies bypass REST Assured, whose failure logging would render them byte by byte.
   */
  int putLarge(String path, byte[] body) throws Exception {
    return http11.send(HttpRequest.newBuilder(uri(API + "/" + encode(path)))
        .PUT(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
  }

  /**
   * The SHA-256 of a downloaded body, read as a stream: a whole copy of each large body (and the
   * client's buffers of it) next to the expected bytes once ran the small test heap out.
   */
  byte[] getLargeSha256(String path) throws Exception {
    HttpResponse<InputStream> reply = http11.send(HttpRequest.newBuilder(uri(API + "/" + encode(path))).GET().build(),
        HttpResponse.BodyHandlers.ofInputStream());
    assertThat(reply.statusCode()).isEqualTo(200);
    MessageDigest digest = GeneratedStream.newSha256();
    try (InputStream in = reply.body();
        OutputStream sink = new DigestOutputStream(OutputStream.nullOutputStream(), digest)) {
      in.transferTo(sink);
    }
    return digest.digest();
  }

  static byte[] sha256(byte[] bytes) {
    return GeneratedStream.newSha256().digest(bytes);
  }

  HttpResponse<String> putPart(String url, byte[] chunk) throws Exception {
    return http11.send(HttpRequest.newBuilder(URI.create(url)).PUT(HttpRequest.BodyPublishers.ofByteArray(chunk))
        .build(), HttpResponse.BodyHandlers.ofString());
  }

  static String managementUrl(String path) {
    int port = org.eclipse.microprofile.config.ConfigProvider.getConfig()
        .getValue("quarkus.management.test-port", Integer.class);
    return "http://127.0.0.1:" + port + path;
  }
}
