package org.labtrack.artifacts.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.micrometer.core.instrument.MeterRegistry;
import io.restassured.RestAssured;
import jakarta.inject.Inject;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.labtrack.artifacts.store.S3ArtifactStore;
import org.labtrack.artifacts.support.GeneratedStream;
import org.labtrack.artifacts.support.S3Profile;
import org.labtrack.artifacts.support.S3ProxyResource;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.MultipartUpload;

/** The contract on the S3 store against S3Proxy; an outage is S3Proxy stopping. */
@QuarkusTest
@TestProfile(S3Profile.class)
class S3ArtifactsTest extends ArtifactsContractTest {

  @Inject
  S3Client s3;

  @Override
  void storageDown() throws Exception {
    S3ProxyResource.stopProxy();
  }

  @Override
  void storageUp() throws Exception {
    S3ProxyResource.startProxy();
  }

  @Override
  void assertNoUploadLeftovers() {
    assertThat(s3.listMultipartUploads(b -> b.bucket(S3ProxyResource.BUCKET)).uploads()).isEmpty();
  }

  @Inject
  MeterRegistry registry;

  @Test
  void multipartUploadsNobodyCanFinishAreAbortedAtStartAndOthersKept() {
    String bucket = S3ProxyResource.BUCKET;
    String mine = "scoped/" + runRoot + "/abandoned.bin";
    String outside = "elsewhere/" + runRoot + "/other.bin";
    String abandoned = s3.createMultipartUpload(b -> b.bucket(bucket).key(mine)).uploadId();
    String foreign = s3.createMultipartUpload(b -> b.bucket(bucket).key(outside)).uploadId();
    S3ArtifactStore.Settings settings = new S3ArtifactStore.Settings(bucket, "scoped", 5 * MIB,
        16 * MIB, Duration.ofSeconds(1), false, Duration.ofHours(24));
    try {
      // Its part URLs are valid for 24 h: today it may still be finished.
      new S3ArtifactStore(s3, settings, Clock.systemUTC()).init();
      assertThat(uploadIds(mine)).containsExactly(abandoned);
      // 24 h and the hour's grace later nobody can: aborted, and only under the store's prefix.
      new S3ArtifactStore(s3, settings,
          Clock.offset(Clock.systemUTC(), Duration.ofHours(25).plusMinutes(1))).init();
      assertThat(uploadIds(mine)).isEmpty();
      assertThat(uploadIds(outside)).containsExactly(foreign);
    } finally {
      s3.abortMultipartUpload(b -> b.bucket(bucket).key(outside).uploadId(foreign));
    }
  }

  private List<String> uploadIds(String key) {
    return s3.listMultipartUploads(b -> b.bucket(S3ProxyResource.BUCKET).prefix(key)).uploads()
        .stream().map(MultipartUpload::uploadId).toList();
  }

  @Test
  void uploadsBeyondTheBufferBudgetWaitThenAreRetryableAndClientsThatLeaveFreeTheirBuffers()
      throws Exception {
    // Three uploads bigger than a part, stalled by their clients, hold the three 5 MiB buffers.
    List<Socket> stalled = new ArrayList<>();
    try {
      for (int i = 0; i < 3; i++) {
        Socket socket = new Socket("127.0.0.1", RestAssured.port);
        stalled.add(socket);
        OutputStream out = socket.getOutputStream();
        out.write(("PUT " + API + "/" + runRoot + "/stalled-" + i + ".bin HTTP/1.1\r\n"
            + "Host: 127.0.0.1\r\nContent-Type: application/octet-stream\r\n"
            + "Content-Length: " + 20 * MIB + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
        out.write(new byte[64 * 1024]);
        out.flush();
      }
      byte[] small = GeneratedStream.bytes(64 * 1024, 7);
      await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
          put(runRoot + "/waits.bin", small).then().statusCode(503)
              .body("error_code", equalTo("TEMPORARILY_UNAVAILABLE"))
              .body("message", startsWith("Artifact storage is busy")));
    } finally {
      for (Socket socket : stalled) {
        socket.setSoLinger(true, 0); // reset, like a killed client
        socket.close();
      }
    }
    byte[] oneMib = GeneratedStream.bytes(MIB, 7);
    await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
        put(runRoot + "/after.bin", oneMib).then().statusCode(200));
    assertThat(getLargeSha256(runRoot + "/after.bin")).isEqualTo(sha256(oneMib));
    given().urlEncodingEnabled(false).get(API + "/" + runRoot + "/waits.bin").then().statusCode(404);
    assertNoUploadLeftovers();
  }

  @Test
  void everyS3CallIsTimedByOperationAndOutcome() {
    double puts = count("PutObject", "success");
    given().urlEncodingEnabled(false).contentType("text/plain").body("timed")
        .put(API + "/" + runRoot + "/timed.txt").then().statusCode(200);
    assertThat(count("PutObject", "success")).isEqualTo(puts + 1);
    given().urlEncodingEnabled(false).get(API + "/" + runRoot + "/absent.txt")
        .then().statusCode(404);
    assertThat(registry.find("labtrack.s3.requests").tag("outcome", "404").timers())
        .isNotEmpty();
  }

  private double count(String operation, String outcome) {
    var timer = registry.find("labtrack.s3.requests").tag("operation", operation)
        .tag("outcome", outcome).timer();
    return timer == null ? 0 : timer.count();
  }

  @Override
  String storeName() {
    return "s3";
  }
}
