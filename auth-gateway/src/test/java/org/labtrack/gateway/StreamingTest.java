package org.labtrack.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.labtrack.gateway.support.GatewayClient;
import org.labtrack.gateway.support.GatewayProfile;
import org.labtrack.gateway.support.GatewayTestResource;
import org.labtrack.gateway.support.Payload;
import org.labtrack.gateway.support.RawHttp;
import org.labtrack.gateway.support.StubService;
import org.labtrack.gateway.support.TestUser;

/**
 * Artifact bodies larger than this JVM's heap (surefire runs it with {@code -Xmx192m} and as much
 * direct memory) through the gateway, both ways, sent by the JDK's HttpClient in its default
 * mode, which asks to upgrade each new connection to h2c: if the gateway buffered a body, or fell
 * into Vert.x's h2c upgrade path, the JVM would run out of memory. The gateway, the client and
 * the stub service all live in this one JVM.
 */
@QuarkusTest
@TestProfile(GatewayProfile.class)
class StreamingTest {
  /** Override with -Dlabtrack.test.streaming-mib=... for a bigger run. */
  private static final long SIZE =
      Long.getLong("labtrack.test.streaming-mib", 512) * 1024 * 1024;
  private static final String ARTIFACT = "/api/2.0/mlflow-artifacts/artifacts/1/0a1b/artifacts/";

  /** Default version (HTTP/2 preferred): over plain HTTP that means an h2c upgrade attempt. */
  private final HttpClient client = HttpClient.newBuilder()
      .connectTimeout(Duration.ofSeconds(5)).build();

  @BeforeEach
  void clear() {
    GatewayTestResource.services().clear();
  }

  @Test
  void theBodiesAreBiggerThanTheHeap() {
    assertThat(SIZE).isGreaterThan(2 * Runtime.getRuntime().maxMemory());
  }

  @Test
  void anUploadLargerThanTheHeapStreamsThroughWithItsLength() throws Exception {
    HttpRequest request = HttpRequest.newBuilder(GatewayClient.uri(ARTIFACT + "weights.bin"))
        .header("Authorization", TestUser.BOB.basic())
        .header("Content-Type", "application/octet-stream")
        .PUT(HttpRequest.BodyPublishers.fromPublisher(
            HttpRequest.BodyPublishers.ofInputStream(() -> Payload.stream(SIZE)), SIZE))
        .build();
    HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());

    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    assertThat(response.version()).isEqualTo(HttpClient.Version.HTTP_1_1);
    StubService.Received received = GatewayTestResource.services().artifacts().only();
    assertThat(received.bodyLength()).isEqualTo(SIZE);
    assertThat(received.header("Content-Length")).isEqualTo(Long.toString(SIZE));
    assertThat(received.bodySha256()).isEqualTo(Payload.sha256(SIZE));
    assertThat(received.hasHeader("Upgrade")).isFalse();
    assertThat(received.hasHeader("HTTP2-Settings")).isFalse();
  }

  @Test
  void aChunkedUploadOfUnknownLengthStreamsThrough() throws Exception {
    long size = SIZE / 2;
    HttpRequest request = HttpRequest.newBuilder(GatewayClient.uri(ARTIFACT + "stream.bin"))
        .header("Authorization", TestUser.BOB.basic())
        .PUT(HttpRequest.BodyPublishers.ofInputStream(() -> Payload.stream(size)))
        .build();
    HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());

    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    StubService.Received received = GatewayTestResource.services().artifacts().only();
    assertThat(received.bodyLength()).isEqualTo(size);
    assertThat(received.bodySha256()).isEqualTo(Payload.sha256(size));
  }

  @Test
  void aDownloadLargerThanTheHeapStreamsBack() throws Exception {
    HttpRequest request = HttpRequest.newBuilder(
            GatewayClient.uri(ARTIFACT + "weights.bin?stub.download=" + SIZE))
        .header("Authorization", TestUser.ALICE.basic())
        .build();
    HttpResponse<InputStream> response = client.send(request,
        HttpResponse.BodyHandlers.ofInputStream());

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.version()).isEqualTo(HttpClient.Version.HTTP_1_1);
    assertThat(response.headers().firstValueAsLong("Content-Length")).hasValue(SIZE);
    assertThat(response.headers().firstValue("ETag")).hasValue("\"payload-" + SIZE + "\"");
    MessageDigest digest = Payload.newDigest();
    long length = 0;
    byte[] buffer = new byte[1 << 16];
    try (InputStream in = response.body()) {
      for (int n; (n = in.read(buffer)) > 0; ) {
        digest.update(buffer, 0, n);
        length += n;
      }
    }
    assertThat(length).isEqualTo(SIZE);
    assertThat(HexFormat.of().formatHex(digest.digest())).isEqualTo(Payload.sha256(SIZE));
  }

  @Test
  void anH2cUpgradeRequestIsServedAsHttp11AndNotPassedOn() {
    RawHttp.Response response = new RawHttp(GatewayClient.port()).send("PUT",
        ARTIFACT + "small.bin", Map.of("Authorization", TestUser.BOB.basic(),
            "Connection", "Upgrade, HTTP2-Settings", "Upgrade", "h2c",
            "HTTP2-Settings", "AAMAAABkAARAAAAAAAIAAAAA"), new byte[1000]);
    assertThat(response.status()).isEqualTo(200);
    StubService.Received received = GatewayTestResource.services().artifacts().only();
    assertThat(received.bodyLength()).isEqualTo(1000);
    assertThat(received.hasHeader("Upgrade")).isFalse();
    assertThat(received.hasHeader("HTTP2-Settings")).isFalse();
  }
}
