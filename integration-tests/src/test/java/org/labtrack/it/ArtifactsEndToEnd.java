package org.labtrack.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.labtrack.it.support.MlflowRest.API;
import static org.labtrack.it.support.MlflowRest.createExperiment;
import static org.labtrack.it.support.MlflowRest.createRun;
import static org.labtrack.it.support.MlflowRest.unique;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.labtrack.gateway.support.Payload;
import org.labtrack.it.support.LabTrackStack;
import org.labtrack.it.support.ProxiedArtifactClient.FileInfo;
import org.labtrack.it.support.ProxiedArtifactClient.HttpFailure;
import org.labtrack.it.support.ProxiedArtifactClient;
import org.labtrack.it.support.StackClient.Reply;
import org.labtrack.it.support.StackClient;

/**
 * Artifacts end to end, through the gateway with credentials, on a run created in
 * tracking-service: exactly the HTTP calls the mlflow Python client makes in proxied mode
 * ({@link ProxiedArtifactClient}), multipart upload with credential-free part PUTs, the run- and
 * model-scoped routes the UI uses, and Range downloads. Run once per store (the subclasses);
 * each checks where the bytes really ended up ({@link #stored}).
 */
abstract class ArtifactsEndToEnd {
  static final int MIB = 1024 * 1024;
  final LabTrackStack stack;
  StackClient editor;
  StackClient reader;
  String experimentId;
  String runId;
  /** {@code <exp>/<run>/artifacts}, the run's root in the store. */
  String root;

  ArtifactsEndToEnd(LabTrackStack stack) {
    this.stack = stack;
  }

  /** The bytes the store holds at {@code path} (relative to the store's root), or null. */
  abstract byte[] stored(String path) throws IOException;

  @BeforeEach
  void newRun() {
    editor = stack.client(stack.editor());
    reader = stack.client(stack.reader());
    experimentId = createExperiment(editor, unique("artifacts-" + stack.store()));
    runId = createRun(editor, experimentId).get("run_id").asText();
    root = experimentId + "/" + runId + "/artifacts";
  }

  /** log_artifact, log_artifacts, list_artifacts, download_artifacts, as the Python client. */
  @Test
  void pythonClientCallSequence(@TempDir Path tmp) throws IOException {
    Path model = write(tmp.resolve("work/model.pkl"), bytes(70_000, 1));
    Path conf = tmp.resolve("work/conf");
    write(conf.resolve("params.yaml"), "lr: 0.01\n".getBytes(StandardCharsets.UTF_8));
    write(conf.resolve("nested/deeper/notes.txt"), "deep\n".getBytes(StandardCharsets.UTF_8));
    write(conf.resolve("nested/empty.dat"), new byte[0]);
    write(conf.resolve("données d'entrée/模型 v2.json"), "{\"ok\":true}".getBytes(StandardCharsets.UTF_8));
    Path plot = write(tmp.resolve("work/plot.png"), bytes(1234, 2));

    ProxiedArtifactClient client = new ProxiedArtifactClient(editor, runId);
    assertThat(client.artifactUri()).isEqualTo("/api/2.0/mlflow-artifacts/artifacts/" + root);
    client.logArtifact(model, "model");
    client.logArtifact(plot, null);
    client.logArtifacts(conf, "conf");

    assertThat(client.listArtifacts(null)).containsExactly(
        new FileInfo("conf", true, null), new FileInfo("model", true, null),
        new FileInfo("plot.png", false, 1234L));
    assertThat(client.listArtifacts("conf")).containsExactly(
        new FileInfo("conf/données d'entrée", true, null), new FileInfo("conf/nested", true, null),
        new FileInfo("conf/params.yaml", false, 9L));
    // An empty file comes without file_size, as from MLflow's server (the client reads None).
    assertThat(client.listArtifacts("conf/nested")).containsExactly(
        new FileInfo("conf/nested/deeper", true, null), new FileInfo("conf/nested/empty.dat", false, null));
    assertThat(client.listArtifacts("absent")).isEmpty();

    // The whole tree comes back byte for byte, and the store holds exactly those bytes.
    Path all = client.downloadArtifacts(null, Files.createDirectories(tmp.resolve("all")));
    assertSameTree(tmp.resolve("work"), all, List.of("model/model.pkl", "plot.png",
        "conf/params.yaml", "conf/nested/deeper/notes.txt", "conf/nested/empty.dat",
        "conf/données d'entrée/模型 v2.json"));
    assertThat(stored(root + "/model/model.pkl")).isEqualTo(Files.readAllBytes(model));
    assertThat(stored(root + "/conf/données d'entrée/模型 v2.json")).asString(StandardCharsets.UTF_8)
        .isEqualTo("{\"ok\":true}");
    Path single = client.downloadArtifacts("model/model.pkl",
        Files.createDirectories(tmp.resolve("single")));
    assertThat(Files.readAllBytes(single)).isEqualTo(Files.readAllBytes(model));

    // The uploads carried the client's guessed types; downloads answer with MLflow's.
    Reply yaml = editor.get(client.artifactUri() + "/conf/params.yaml").ok();
    assertThat(yaml.header("Content-Type")).startsWith("text/plain");
    assertThat(yaml.header("Content-Disposition")).isEqualTo("attachment; filename=params.yaml");
    assertThat(editor.get(client.artifactUri() + "/plot.png").ok().header("Content-Type"))
        .isEqualTo("image/png");

    // A reader's client lists and downloads, but cannot log.
    ProxiedArtifactClient asReader = new ProxiedArtifactClient(reader, runId);
    assertThat(asReader.listArtifacts("model")).extracting(FileInfo::path)
        .containsExactly("model/model.pkl");
    assertThat(Files.readAllBytes(asReader.downloadArtifacts("model/model.pkl",
        Files.createDirectories(tmp.resolve("reader"))))).isEqualTo(Files.readAllBytes(model));
    assertThatThrownBy(() -> asReader.logArtifact(plot, "by-reader"))
        .isInstanceOfSatisfying(HttpFailure.class, e -> {
          assertThat(e.status()).isEqualTo(403);
          assertThat(e.body()).contains("PERMISSION_DENIED");
        });
    assertThat(stored(root + "/by-reader/plot.png")).isNull();
  }

  /**
   * Proxied multipart upload through the gateway: part URLs point at the gateway and work
   * without credentials; complete assembles the parts in order; abort leaves nothing.
   */
  @Test
  void multipartUploadWithCredentialFreeParts(@TempDir Path tmp) throws Exception {
    long size = 12L * MIB + 4321;
    Path big = tmp.resolve("checkpoint.bin");
    try (InputStream in = Payload.stream(size)) {
      Files.copy(in, big);
    }
    ProxiedArtifactClient client = new ProxiedArtifactClient(editor, runId);
    JsonNode created = client.logArtifactMultipart(big, "checkpoints", 5L * MIB);
    assertThat(created.get("credentials")).hasSize(3);
    for (JsonNode credential : created.get("credentials")) {
      assertThat(credential.get("url").asText()).startsWith(stack.gatewayUrl()
          + "/api/2.0/mlflow-artifacts/mpu/part/" + root + "/checkpoints/checkpoint.bin?");
      assertThat(credential.get("headers").size()).isZero();
    }
    assertThat(sha256(editor.stream(client.artifactUri() + "/checkpoints/checkpoint.bin", Map.of())
        .body())).isEqualTo(Payload.sha256(size));
    assertThat(client.listArtifacts("checkpoints")).containsExactly(
        new FileInfo("checkpoints/checkpoint.bin", false, size));
    assertThat(stored(root + "/checkpoints/checkpoint.bin")).hasSize((int) size);

    // A part URL is bound to its path, upload and part: tampering is refused before storing.
    Reply create = editor.post("/api/2.0/mlflow-artifacts/mpu/create/" + root + "/aborted",
        Map.of("path", "/tmp/x/partial.bin", "num_parts", 2)).ok();
    String uploadId = create.json().get("upload_id").asText();
    String url = create.json().at("/credentials/0/url").asText();
    assertThat(putWithoutCredentials(url.replace("part_number=1", "part_number=2"), new byte[10]))
        .isEqualTo(403);
    assertThat(putWithoutCredentials(url.replace("partial.bin", "other.bin"), new byte[10]))
        .isEqualTo(403);
    assertThat(putWithoutCredentials(url, new byte[5 * MIB])).isEqualTo(200);
    editor.post("/api/2.0/mlflow-artifacts/mpu/abort/" + root + "/aborted",
        Map.of("path", "/tmp/x/partial.bin", "upload_id", uploadId)).ok();
    assertThat(editor.get(client.artifactUri() + "/aborted/partial.bin").status()).isEqualTo(404);
    assertThat(stored(root + "/aborted/partial.bin")).isNull();
    // A reader may not start one.
    assertThat(reader.post("/api/2.0/mlflow-artifacts/mpu/create/" + root,
        Map.of("path", "r.bin", "num_parts", 1)).status()).isEqualTo(403);
  }

  @Test
  void rangeDownloadsThroughTheGateway() {
    byte[] data = bytes(100_000, 3);
    String file = "/api/2.0/mlflow-artifacts/artifacts/" + root + "/data.bin";
    editor.put(file, data, "application/octet-stream").ok();
    Reply partial = reader.send("GET", file, null, null, Map.of("Range", "bytes=1000-1999"));
    assertThat(partial.status()).isEqualTo(206);
    assertThat(partial.header("Content-Range")).isEqualTo("bytes 1000-1999/100000");
    assertThat(partial.header("Content-Length")).isEqualTo("1000");
    assertThat(partial.body()).isEqualTo(Arrays.copyOfRange(data, 1000, 2000));
    Reply suffix = reader.send("GET", file, null, null, Map.of("Range", "bytes=-10"));
    assertThat(suffix.status()).isEqualTo(206);
    assertThat(suffix.body()).isEqualTo(Arrays.copyOfRange(data, 99_990, 100_000));
    Reply beyond = reader.send("GET", file, null, null, Map.of("Range", "bytes=200000-"));
    assertThat(beyond.status()).isEqualTo(416);
    assertThat(beyond.header("Content-Range")).isEqualTo("bytes */100000");
    // The UI's download route honours Range as well.
    Reply ui = reader.send("GET", "/get-artifact?run_uuid=" + runId + "&path=data.bin", null, null,
        Map.of("Range", "bytes=0-3"));
    assertThat(ui.status()).isEqualTo(206);
    assertThat(ui.body()).isEqualTo(Arrays.copyOf(data, 4));
  }

  /** The tracking API's run-scoped listing and the UI's downloads and upload. */
  @Test
  void runScopedRoutes() {
    editor.put("/api/2.0/mlflow-artifacts/artifacts/" + root + "/model/MLmodel",
        "flavors: {}\n".getBytes(), "text/plain").ok();
    editor.put("/api/2.0/mlflow-artifacts/artifacts/" + root + "/metrics.csv",
        "a,b\n1,2\n".getBytes(), "text/plain").ok();

    JsonNode list = reader.get(API + "/artifacts/list?run_id=" + runId).ok().json();
    assertThat(list.get("root_uri").asText()).isEqualTo("mlflow-artifacts:/" + root);
    assertThat(list.get("files").findValuesAsText("path")).containsExactly("metrics.csv", "model");
    assertThat(reader.get("/ajax-api/2.0/mlflow/artifacts/list?run_uuid=" + runId + "&path=model")
        .ok().json().at("/files/0/path").asText()).isEqualTo("model/MLmodel");
    for (String route : List.of("/get-artifact", "/ajax-api/2.0/mlflow/get-artifact")) {
      Reply reply = reader.get(route + "?run_uuid=" + runId + "&path=model/MLmodel").ok();
      assertThat(reply.text()).isEqualTo("flavors: {}\n");
      assertThat(reply.header("Content-Disposition")).isEqualTo("attachment; filename=MLmodel");
    }
    assertThat(reader.get("/get-artifact?run_uuid=" + runId + "&path=../../etc/passwd").status())
        .isEqualTo(400);
    assertThat(reader.get(API + "/artifacts/list?run_id=" + "0".repeat(32)).errorCode())
        .isEqualTo("RESOURCE_DOES_NOT_EXIST");

    editor.send("POST", "/ajax-api/2.0/mlflow/upload-artifact?run_uuid=" + runId
        + "&path=tables/eval.json", HttpRequest.BodyPublishers.ofString("{\"rows\":[]}"),
        "application/json", Map.of()).ok();
    assertThat(reader.get("/get-artifact?run_uuid=" + runId + "&path=tables/eval.json").ok().text())
        .isEqualTo("{\"rows\":[]}");
    Reply tooLarge = editor.send("POST", "/ajax-api/2.0/mlflow/upload-artifact?run_uuid=" + runId
        + "&path=big.bin", HttpRequest.BodyPublishers.ofByteArray(new byte[10 * MIB + 1]),
        "application/octet-stream", Map.of());
    assertThat(tooLarge.status()).isEqualTo(400);
    assertThat(tooLarge.json().get("message").asText())
        .isEqualTo("Artifact size is too large. Max size is 10MB.");
  }

  /**
   * An admin's purge ({@code mlflow gc}) removes a deleted run, a deleted LoggedModel, then a
   * deleted experiment with its other run and LoggedModel, from tracking-service and their files
   * from the store.
   */
  @Test
  void purgeRemovesDeletedRunsAndExperimentsWithTheirFiles() throws IOException {
    String gc = "/api/labtrack/v1/gc";
    editor.put("/api/2.0/mlflow-artifacts/artifacts/" + root + "/model/weights.bin",
        bytes(5000, 5), "application/octet-stream").ok();
    String other = createRun(editor, experimentId).get("run_id").asText();
    String otherRoot = experimentId + "/" + other + "/artifacts";
    editor.put("/api/2.0/mlflow-artifacts/artifacts/" + otherRoot + "/notes.txt",
        "kept\n".getBytes(), "text/plain").ok();
    String modelRoot = editor.post(API + "/logged-models", Map.of("experiment_id", experimentId,
        "name", "clf")).ok().json().at("/model/info/artifact_uri").asText()
        .substring("mlflow-artifacts:/".length());
    editor.put("/api/2.0/mlflow-artifacts/artifacts/" + modelRoot + "/MLmodel",
        "flavors: {}\n".getBytes(), "text/plain").ok();
    editor.post(API + "/runs/delete", Map.of("run_id", runId)).ok();
    StackClient admin = stack.client(stack.admin());

    assertThat(editor.post(gc, Map.of("run_ids", List.of(runId))).status()).isEqualTo(403);
    JsonNode dry = admin.post(gc, Map.of("run_ids", List.of(runId), "dry_run", true)).ok().json();
    assertThat(dry.get("run_ids").size()).isEqualTo(1);
    assertThat(dry.get("run_ids").get(0).asText()).isEqualTo(runId);
    assertThat(stored(root + "/model/weights.bin")).isNotNull();

    JsonNode purged = admin.post(gc, Map.of("run_ids", List.of(runId))).ok().json();
    assertThat(purged.get("run_ids").get(0).asText()).isEqualTo(runId);
    assertThat(purged.get("artifacts_removed").toString()).contains("\"mlflow-artifacts:/" + root + "\"");
    assertThat(purged.get("artifacts_not_removed").size()).isZero();
    assertThat(stored(root + "/model/weights.bin")).isNull();
    assertThat(reader.get(API + "/runs/get?run_id=" + runId).errorCode())
        .isEqualTo("RESOURCE_DOES_NOT_EXIST");
    assertThat(stored(otherRoot + "/notes.txt")).isNotNull();

    // A LoggedModel deleted on its own goes with its files.
    JsonNode deletedModel = editor.post(API + "/logged-models", Map.of("experiment_id",
        experimentId, "name", "old")).ok().json().at("/model/info");
    String deletedModelRoot = deletedModel.get("artifact_uri").asText()
        .substring("mlflow-artifacts:/".length());
    editor.put("/api/2.0/mlflow-artifacts/artifacts/" + deletedModelRoot + "/model.pkl",
        bytes(100, 6), "application/octet-stream").ok();
    editor.delete(API + "/logged-models/" + deletedModel.get("model_id").asText(), Map.of()).ok();
    JsonNode model = admin.post(gc, Map.of("logged_model_ids",
        List.of(deletedModel.get("model_id").asText()))).ok().json();
    assertThat(model.get("logged_model_ids").get(0).asText())
        .isEqualTo(deletedModel.get("model_id").asText());
    assertThat(stored(deletedModelRoot + "/model.pkl")).isNull();
    assertThat(stored(modelRoot + "/MLmodel")).isNotNull();

    editor.post(API + "/experiments/delete", Map.of("experiment_id", experimentId)).ok();
    JsonNode experiment = admin.post(gc, Map.of("experiment_ids", List.of(experimentId))).ok()
        .json();
    assertThat(experiment.get("experiment_ids").get(0).asText()).isEqualTo(experimentId);
    assertThat(experiment.get("run_ids").get(0).asText()).isEqualTo(other);
    assertThat(stored(otherRoot + "/notes.txt")).isNull();
    assertThat(stored(modelRoot + "/MLmodel")).isNull();
    assertThat(reader.get(API + "/experiments/get?experiment_id=" + experimentId).errorCode())
        .isEqualTo("RESOURCE_DOES_NOT_EXIST");
  }

  /** MLflow 3 LoggedModels and registered model versions, resolved through tracking-service. */
  @Test
  void loggedModelAndModelVersionFiles() {
    JsonNode model = editor.post(API + "/logged-models", Map.of("experiment_id", experimentId,
        "name", "clf", "source_run_id", runId)).ok().json().at("/model/info");
    String modelId = model.get("model_id").asText();
    String modelRoot = model.get("artifact_uri").asText();
    assertThat(modelRoot).isEqualTo("mlflow-artifacts:/" + experimentId + "/models/" + modelId
        + "/artifacts");
    String storeRoot = modelRoot.substring("mlflow-artifacts:/".length());
    editor.put("/api/2.0/mlflow-artifacts/artifacts/" + storeRoot + "/MLmodel",
        "model_id: x\n".getBytes(), "text/plain").ok();
    editor.put("/api/2.0/mlflow-artifacts/artifacts/" + storeRoot + "/data/model.pkl",
        bytes(300, 4), "application/octet-stream").ok();

    JsonNode dirs = reader.get("/ajax-api/2.0/mlflow/logged-models/" + modelId
        + "/artifacts/directories").ok().json();
    assertThat(dirs.get("root_uri").asText()).isEqualTo(modelRoot);
    assertThat(dirs.get("files").findValuesAsText("path")).containsExactly("MLmodel", "data");
    assertThat(reader.get(API + "/logged-models/" + modelId
        + "/artifacts/directories?artifact_directory_path=data").ok().json()
        .at("/files/0/file_size").asInt()).isEqualTo(300);
    assertThat(reader.get("/ajax-api/2.0/mlflow/logged-models/" + modelId
        + "/artifacts/files?artifact_file_path=MLmodel").ok().text()).isEqualTo("model_id: x\n");
    assertThat(reader.get(API + "/logged-models/m-" + "0".repeat(32) + "/artifacts/directories")
        .status()).isEqualTo(404);

    // A registered version from runs:/<run>/model reads the run's files.
    editor.put("/api/2.0/mlflow-artifacts/artifacts/" + root + "/model/MLmodel",
        "artifact_path: model\n".getBytes(), "text/plain").ok();
    String name = unique("registered");
    editor.post(API + "/registered-models/create", Map.of("name", name)).ok();
    editor.post(API + "/model-versions/create", Map.of("name", name,
        "source", "runs:/" + runId + "/model", "run_id", runId)).ok();
    String query = "path=MLmodel&name=" + name + "&version=1";
    assertThat(reader.get("/model-versions/get-artifact?" + query).ok().text())
        .isEqualTo("artifact_path: model\n");
    assertThat(reader.get("/ajax-api/2.0/mlflow/model-versions/get-artifact?" + query).ok().text())
        .isEqualTo("artifact_path: model\n");
    assertThat(reader.get("/model-versions/get-artifact?path=MLmodel&name=" + name + "&version=7")
        .status()).isEqualTo(404);

    // No traces in LabTrack: the trace artifact route is an unknown endpoint, as on a server
    // without it.
    Reply trace = reader.get("/ajax-api/2.0/mlflow/get-trace-artifact?request_id=tr-1");
    assertThat(trace.status()).isEqualTo(404);
    assertThat(trace.errorCode()).isEqualTo("ENDPOINT_NOT_FOUND");
  }

  static byte[] bytes(int size, int seed) {
    byte[] data = new byte[size];
    new Random(seed).nextBytes(data);
    return data;
  }

  static Path write(Path file, byte[] content) throws IOException {
    Files.createDirectories(file.getParent());
    return Files.write(file, content);
  }

  private static void assertSameTree(Path expected, Path actual, List<String> files)
      throws IOException {
    for (String file : files) {
      Path source = file.startsWith("conf/") ? expected.resolve(file)
          : file.startsWith("model/") ? expected.resolve(file.substring("model/".length()))
          : expected.resolve(file);
      assertThat(Files.readAllBytes(actual.resolve(file))).as(file)
          .isEqualTo(Files.readAllBytes(source));
    }
    try (Stream<Path> walk = Files.walk(actual)) {
      assertThat(walk.filter(Files::isRegularFile).count()).isEqualTo(files.size());
    }
  }

  private static int putWithoutCredentials(String url, byte[] body) throws Exception {
    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    return http.send(HttpRequest.newBuilder(URI.create(url))
        .PUT(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
        HttpResponse.BodyHandlers.discarding()).statusCode();
  }

  private static String sha256(InputStream in) throws IOException {
    MessageDigest digest = Payload.newDigest();
    try (in) {
      byte[] buffer = new byte[1 << 16];
      for (int n; (n = in.read(buffer)) > 0; ) {
        digest.update(buffer, 0, n);
      }
    }
    return HexFormat.of().formatHex(digest.digest());
  }
}
