package org.labtrack.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.vertx.core.json.JsonObject;
import jakarta.inject.Inject;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URL;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.labtrack.gateway.support.GatewayClient;
import org.labtrack.gateway.support.GatewayProfile;
import org.labtrack.gateway.support.GatewayTestResource;
import org.labtrack.gateway.support.RawHttp;
import org.labtrack.gateway.support.RequestsInFlight;
import org.labtrack.gateway.support.StubService;
import org.labtrack.gateway.support.TestUser;

/** What passes the gateway and how: headers, answers, failures of the services behind it. */
@QuarkusTest
@TestProfile(GatewayProfile.class)
class ForwardingTest {
  private static final String RUN = "/api/2.0/mlflow/runs/get?run_id=0a1b";

  @TestHTTPResource(value = "/health/ready", management = true)
  URL readiness;

  @Inject
  RequestsInFlight inFlight;

  private GatewayTestResource.Services services;

  @BeforeEach
  void setUp() {
    services = GatewayTestResource.services();
    services.clear();
  }

  @AfterEach
  void bringServicesBack() {
    for (StubService stub : new StubService[] {services.tracking(), services.artifacts()}) {
      stub.stop();
      stub.start();
    }
  }

  @Test
  void identityAndForwardingHeadersAreTheGatewaysOwn() {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Authorization", TestUser.ALICE.basic());
    headers.put("X-LabTrack-User", "carol");
    headers.put("x-labtrack-internal-token", "forged");
    headers.put("X-Forwarded-For", "6.6.6.6");
    headers.put("X-Forwarded-Host", "evil.example");
    headers.put("X-Forwarded-Proto", "https");
    headers.put("X-Forwarded-Prefix", "/evil");
    headers.put("Forwarded", "for=6.6.6.6;host=evil.example");
    headers.put("X-HTTP-Method-Override", "DELETE");
    headers.put("X-Original-URL", "/api/2.0/mlflow/runs/delete");
    headers.put("Connection", "Upgrade, HTTP2-Settings, X-Drop-Me");
    headers.put("Upgrade", "h2c");
    headers.put("HTTP2-Settings", "AAMAAABkAARAAAAAAAIAAAAA");
    headers.put("X-Drop-Me", "listed in Connection, so hop-by-hop");
    headers.put("Keep-Alive", "timeout=5");
    headers.put("TE", "trailers");
    headers.put("X-Custom", "kept");
    headers.put("User-Agent", "mlflow-python-client/3.6.0");
    RawHttp.Response response = new RawHttp(GatewayClient.port()).send("GET", RUN, headers, null);

    assertThat(response.status()).as(response.text()).isEqualTo(200);
    StubService.Received received = services.tracking().only();
    assertThat(received.method()).isEqualTo("GET");
    assertThat(received.target()).isEqualTo(RUN);
    assertThat(received.headers().get("x-labtrack-user")).containsExactly("alice");
    assertThat(received.headers().get("x-labtrack-internal-token"))
        .containsExactly(GatewayTestResource.SECRET);
    assertThat(received.headers().get("x-forwarded-for")).containsExactly("127.0.0.1");
    assertThat(received.header("X-Forwarded-Proto")).isEqualTo("http");
    assertThat(received.header("X-Forwarded-Host")).isEqualTo("localhost:" + GatewayClient.port());
    assertThat(received.header("X-Forwarded-Port")).isEqualTo(Integer.toString(GatewayClient.port()));
    assertThat(received.header("X-Forwarded-Prefix")).isEmpty();
    assertThat(received.header("X-Custom")).isEqualTo("kept");
    assertThat(received.header("User-Agent")).isEqualTo("mlflow-python-client/3.6.0");
    for (String gone : new String[] {"Authorization", "Forwarded", "X-HTTP-Method-Override",
        "X-Original-URL", "Upgrade", "HTTP2-Settings", "X-Drop-Me", "Keep-Alive", "TE"}) {
      assertThat(received.hasHeader(gone)).as(gone).isFalse();
    }
    assertThat(received.header("Host")).isEqualTo("127.0.0.1:" + services.tracking().url()
        .substring(services.tracking().url().lastIndexOf(':') + 1));
  }

  @Test
  void behindATrustedProxyTheServicesHearOfTheClient() {
    RawHttp ingress = new RawHttp(GatewayClient.port()).from(GatewayTestResource.TRUSTED_PROXY);
    assertThat(ingress.send("GET", RUN, Map.of("Authorization", TestUser.ALICE.basic(),
        "X-Forwarded-For", "6.6.6.6, 203.0.113.7"), null).status()).isEqualTo(200);
    assertThat(services.tracking().only().headers().get("x-forwarded-for"))
        .containsExactly("203.0.113.7");
  }

  @Test
  void answersOfTheServicesPassUntouched() {
    RawHttp.Response response = new RawHttp(GatewayClient.port()).send("GET",
        RUN + "&stub.status=404", Map.of("Authorization", TestUser.ALICE.basic()), null);
    assertThat(response.status()).isEqualTo(404);
    assertThat(response.text()).isEqualTo(
        "{\"error_code\":\"RESOURCE_DOES_NOT_EXIST\",\"message\":\"stub says 404\"}");
    assertThat(response.header("X-Stub-Header")).isEqualTo("kept");
    assertThat(response.headers("Set-Cookie")).containsExactly("a=1", "b=2");
    assertThat(response.header("Content-Type")).isEqualTo("application/json");

    // A service's own 5xx is its answer, passed on, not replaced by the gateway's.
    response = new RawHttp(GatewayClient.port()).send("GET", RUN + "&stub.status=500",
        Map.of("Authorization", TestUser.ALICE.basic()), null);
    assertThat(response.status()).isEqualTo(500);
    assertThat(response.text()).contains("stub says 500");
  }

  @Test
  void bodiesOfPutsAndDeletesArriveWholeWithBasicCredentials() {
    String json = "{\"name\":\"model\",\"version\":\"3\"}";
    HttpResponse<String> delete = GatewayClient.send("DELETE",
        "/api/2.0/mlflow/model-versions/delete", TestUser.BOB.basic(), json);
    assertThat(delete.statusCode()).isEqualTo(200);
    StubService.Received received = services.tracking().only();
    assertThat(received.method()).isEqualTo("DELETE");
    assertThat(received.bodyText()).isEqualTo(json);
    assertThat(received.header("Content-Type")).isEqualTo("application/json");

    String artifact = "/api/2.0/mlflow-artifacts/artifacts/1/0a1b/artifacts/notes.txt";
    HttpResponse<String> put = GatewayClient.send("PUT", artifact, TestUser.BOB.basic(),
        "some notes");
    assertThat(put.statusCode()).isEqualTo(200);
    assertThat(services.artifacts().only().bodyText()).isEqualTo("some notes");
    assertThat(services.artifacts().only().header("X-LabTrack-User")).isEqualTo("bob");
  }

  @Test
  void healthIsOpenAndTheGatewaysOwnVersionIsTrackings() {
    services.tracking().stop();
    services.artifacts().stop();
    HttpResponse<String> health = GatewayClient.get("/health", null);
    assertThat(health.statusCode()).isEqualTo(200);
    assertThat(health.body()).isEqualTo("OK");
    services.tracking().start();
    HttpResponse<String> version = GatewayClient.get("/version", TestUser.ALICE.basic());
    assertThat(version.statusCode()).isEqualTo(200);
    assertThat(services.tracking().only().target()).isEqualTo("/version");
    assertThat(GatewayClient.get("/version", null).statusCode()).isEqualTo(401);
  }

  @Test
  void aServiceThatIsDownIsA503QuicklyAndRecovers() {
    services.artifacts().stop();
    String artifact = "/api/2.0/mlflow-artifacts/artifacts/1/0a1b/artifacts/model.pkl";
    long start = System.nanoTime();
    HttpResponse<String> response = GatewayClient.send("PUT", artifact, TestUser.BOB.basic(),
        "x".repeat(10_000));
    long millis = (System.nanoTime() - start) / 1_000_000;
    assertThat(response.statusCode()).isEqualTo(503);
    assertThat(GatewayClient.errorCode(response)).isEqualTo("TEMPORARILY_UNAVAILABLE");
    assertThat(new JsonObject(response.body()).getString("message")).contains("artifact-service");
    assertThat(millis).isLessThan(3000);

    services.artifacts().start();
    assertThat(GatewayClient.send("PUT", artifact, TestUser.BOB.basic(), "x").statusCode())
        .isEqualTo(200);
  }

  @Test
  void aServiceThatStopsAnsweringIsA503WithinTheIdleTimeout() {
    long start = System.nanoTime();
    HttpResponse<String> response = GatewayClient.get(RUN + "&stub.hang=10000",
        TestUser.ALICE.basic());
    long millis = (System.nanoTime() - start) / 1_000_000;
    assertThat(response.statusCode()).isEqualTo(503);
    assertThat(GatewayClient.errorCode(response)).isEqualTo("TEMPORARILY_UNAVAILABLE");
    // gateway.upstream.idle-timeout is 2 s in tests.
    assertThat(millis).isBetween(1500L, 6000L);
  }

  @Test
  void readinessReportsEachService() throws Exception {
    JsonObject ready = readiness();
    assertThat(ready.getString("status")).isEqualTo("UP");
    assertThat(ready.getJsonArray("checks").stream().map(c -> ((JsonObject) c).getString("name")))
        .containsExactlyInAnyOrder("tracking-service", "artifact-service");

    services.tracking().stop();
    ready = readiness();
    assertThat(ready.getString("status")).isEqualTo("DOWN");
    for (Object check : ready.getJsonArray("checks")) {
      JsonObject c = (JsonObject) check;
      assertThat(c.getString("status")).as(c.encode())
          .isEqualTo(c.getString("name").equals("tracking-service") ? "DOWN" : "UP");
    }
  }

  @Test
  void refusedUploadsAreAnsweredWithoutReadingTheirBodies() throws Exception {
    // A client announcing 1 GB and waiting for 100-continue gets the 401 at once; the gateway
    // never asks for the body and closes the connection after its answer.
    try (Socket socket = connect()) {
      OutputStream out = socket.getOutputStream();
      out.write(("PUT /api/2.0/mlflow-artifacts/artifacts/1/x/big.bin HTTP/1.1\r\n"
          + "Host: localhost\r\nContent-Length: 1000000000\r\nExpect: 100-continue\r\n\r\n")
          .getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
      String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(answer).startsWith("HTTP/1.1 401").contains("UNAUTHENTICATED")
          .doesNotContain("100 Continue");
    }
    assertThat(services.artifacts().received()).isEmpty();
  }

  @Test
  void anAnswerBeforeTheWholeUploadTellsTheClientTheConnectionCloses() throws Exception {
    // Without "Connection: close" the client would reuse the connection the gateway closes
    // after the answer, and its next request would get no answer at all.
    try (Socket socket = connect()) {
      OutputStream out = socket.getOutputStream();
      out.write(("PUT /api/2.0/mlflow-artifacts/artifacts/1/x/early.bin?stub.early=1 HTTP/1.1\r\n"
          + "Host: localhost\r\nAuthorization: " + TestUser.BOB.basic() + "\r\n"
          + "Content-Length: 1000000\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
      out.write(new byte[1000]);
      out.flush();
      String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(answer).startsWith("HTTP/1.1 400").contains("stub refuses early")
          .containsIgnoringCase("connection: close");
    }
  }

  @Test
  void aServiceRefusingBareIsAnsweredInMlflowsJsonWithItsStatus() throws Exception {
    HttpResponse<String> tooLarge = GatewayClient.send("POST",
        "/api/2.0/mlflow/runs/set-tag?stub.bare=413", TestUser.BOB.basic(), "{\"run_id\": \"r\"}");
    assertThat(tooLarge.statusCode()).isEqualTo(413);
    assertThat(GatewayClient.errorCode(tooLarge)).isEqualTo("RESOURCE_EXHAUSTED");
    assertThat(tooLarge.body()).contains("larger than LabTrack's tracking-service accepts");
    HttpResponse<String> stopping = GatewayClient.get(RUN + "&stub.bare=503",
        TestUser.ALICE.basic());
    assertThat(stopping.statusCode()).isEqualTo(503);
    assertThat(GatewayClient.errorCode(stopping)).isEqualTo("TEMPORARILY_UNAVAILABLE");
    // a bodyless status whose headers are the answer passes as it is
    HttpResponse<String> range = GatewayClient.get(RUN + "&stub.bare=416",
        TestUser.ALICE.basic());
    assertThat(range.statusCode()).isEqualTo(416);
    assertThat(range.body()).isEmpty();
    // refused before a large upload was read: the answer arrives, then the connection closes
    String answer = sendWholeBodyThenRead("PUT /api/2.0/mlflow-artifacts/artifacts/1/x/big.bin"
        + "?stub.bare=413", TestUser.BOB.basic(), 10_000_000);
    assertThat(answer).startsWith("HTTP/1.1 413").contains("RESOURCE_EXHAUSTED")
        .contains("artifact-service").containsIgnoringCase("connection: close");
    assertThat(GatewayClient.get(RUN, TestUser.ALICE.basic()).statusCode()).isEqualTo(200);
  }

  @Test
  void anUploadRefusedEarlyIsReadOutSoTheAnswerIsNotLostToAReset() throws Exception {
    // The client sends its whole body before it reads: closing on the unread rest would make
    // the kernel reset the connection, and the client would never see the refusal.
    String answer = sendWholeBodyThenRead("PUT /api/2.0/mlflow-artifacts/artifacts/1/x/big.bin"
        + "?stub.early=1", TestUser.BOB.basic(), 10_000_000);
    assertThat(answer).startsWith("HTTP/1.1 400").contains("stub refuses early");
  }

  @Test
  void theGatewaysOwnRefusalOfAnUploadIsNotLostToAResetEither() throws Exception {
    String answer = sendWholeBodyThenRead("PUT /api/2.0/mlflow-artifacts/artifacts/1/x/big.bin",
        TestUser.ALICE.basic(), 10_000_000);
    assertThat(answer).startsWith("HTTP/1.1 403").contains("PERMISSION_DENIED");
    assertThat(services.artifacts().received()).isEmpty();
  }

  /** The answer (head and body) to an upload whose whole body is sent before reading. */
  private static String sendWholeBodyThenRead(String requestLine, String authorization, int size)
      throws Exception {
    try (Socket socket = connect()) {
      OutputStream out = socket.getOutputStream();
      out.write((requestLine + " HTTP/1.1\r\nHost: localhost\r\nAuthorization: "
          + authorization + "\r\nContent-Length: " + size + "\r\n\r\n")
          .getBytes(StandardCharsets.ISO_8859_1));
      byte[] chunk = new byte[64 * 1024];
      for (int sent = 0; sent < size; sent += chunk.length) {
        out.write(chunk, 0, Math.min(chunk.length, size - sent));
      }
      out.flush();
      // The answer, whether the gateway then closes the connection or keeps it.
      InputStream in = socket.getInputStream();
      ByteArrayOutputStream head = new ByteArrayOutputStream();
      while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
        int b = in.read();
        assertThat(b).as("the answer's head ended early: " + head).isNotNegative();
        head.write(b);
      }
      String headers = head.toString(StandardCharsets.ISO_8859_1);
      Matcher length = Pattern.compile("(?i)content-length: *(\\d+)").matcher(headers);
      assertThat(length.find()).as(headers).isTrue();
      return headers + new String(in.readNBytes(Integer.parseInt(length.group(1))),
          StandardCharsets.UTF_8);
    }
  }

  @Test
  void bodiesAboveTheLimitAreRefusedBeforeTheyStart() throws Exception {
    try (Socket socket = connect()) {
      socket.getOutputStream().write(("PUT /api/2.0/mlflow-artifacts/artifacts/1/x/huge.bin "
          + "HTTP/1.1\r\nHost: localhost\r\nAuthorization: " + TestUser.BOB.basic() + "\r\n"
          + "Content-Length: 7516192768\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
      String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(answer).startsWith("HTTP/1.1 413").contains("RESOURCE_EXHAUSTED");
    }
    assertThat(services.artifacts().received()).isEmpty();
  }

  @Test
  void authorisedUploadsAreToldToContinue() throws Exception {
    try (Socket socket = connect()) {
      OutputStream out = socket.getOutputStream();
      InputStream in = socket.getInputStream();
      out.write(("PUT /api/2.0/mlflow-artifacts/artifacts/1/x/small.bin HTTP/1.1\r\n"
          + "Host: localhost\r\nAuthorization: " + TestUser.BOB.basic() + "\r\n"
          + "Content-Length: 5\r\nExpect: 100-continue\r\nConnection: close\r\n\r\n")
          .getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
      byte[] interim = new byte[25];
      int n = in.readNBytes(interim, 0, interim.length);
      assertThat(new String(interim, 0, n, StandardCharsets.ISO_8859_1))
          .startsWith("HTTP/1.1 100 Continue");
      out.write("hello".getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
      String rest = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      assertThat(rest).contains("HTTP/1.1 200");
    }
    StubService.Received received = services.artifacts().only();
    assertThat(received.bodyText()).isEqualTo("hello");
    assertThat(received.hasHeader("Expect")).isFalse();
  }

  @Test
  void aReadWhoseConnectionClosesUnansweredIsSentOnceMore() {
    HttpResponse<String> response = GatewayClient.get(RUN + "&stub.drop-once=read",
        TestUser.ALICE.basic());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    assertThat(services.tracking().received()).hasSize(2);
  }

  @Test
  void aWriteWhoseConnectionClosesUnansweredIsNotRepeated() {
    HttpResponse<String> response = GatewayClient.send("POST",
        "/api/2.0/mlflow/runs/set-tag?stub.drop-once=write", TestUser.BOB.basic(),
        "{\"run_id\":\"0a1b\",\"key\":\"k\",\"value\":\"v\"}");
    assertThat(response.statusCode()).isEqualTo(503);
    assertThat(GatewayClient.errorCode(response)).isEqualTo("TEMPORARILY_UNAVAILABLE");
    assertThat(services.tracking().received()).hasSize(1);
  }

  @Test
  void aDownloadLeftHalfWayStopsAtTheServiceAndTheGatewayGoesOn() throws Exception {
    try (Socket socket = connect()) {
      socket.getOutputStream().write(("GET /api/2.0/mlflow-artifacts/artifacts/1/x/big.bin"
          + "?stub.download=" + (512L << 20) + " HTTP/1.1\r\nHost: localhost\r\n"
          + "Authorization: " + TestUser.ALICE.basic() + "\r\n\r\n")
          .getBytes(StandardCharsets.ISO_8859_1));
      assertThat(socket.getInputStream().readNBytes(1 << 20)).hasSize(1 << 20);
    }
    // The service is told (its connection reset) rather than made to send the rest for nothing.
    await().atMost(Duration.ofSeconds(10))
        .until(() -> services.artifacts().brokenDownloads() == 1);
    for (int i = 0; i < 20; i++) {
      assertThat(GatewayClient.get(RUN, TestUser.ALICE.basic()).statusCode()).isEqualTo(200);
      assertThat(GatewayClient.get("/api/2.0/mlflow-artifacts/artifacts/1/x/small.bin"
          + "?stub.download=100", TestUser.ALICE.basic()).statusCode()).isEqualTo(200);
    }
    // Finished for Quarkus too, or the gateway's next shutdown waits its whole timeout for it.
    await().atMost(Duration.ofSeconds(5)).until(() -> inFlight.uris().isEmpty());
  }

  @Test
  void aDownloadTheServiceBreaksOffIsCutForTheClientToo() throws Exception {
    long announced = 8L << 20;
    // The body is read up to the announced length or the connection's end, whichever first.
    RawHttp.Response answer = new RawHttp(GatewayClient.port()).send("GET",
        "/api/2.0/mlflow-artifacts/artifacts/1/x/big.bin?stub.download=" + announced
            + "&stub.break-after=" + (1 << 20),
        Map.of("Authorization", TestUser.ALICE.basic()), null);
    if (answer.status() == 503) {
      // The service's connection can end before the gateway has read the answer's head
      // (loopback under load: its reset overtakes the bytes queued before it); then there is
      // no answer to cut, and the client is told the service did not answer.
      assertThat(answer.text()).contains("TEMPORARILY_UNAVAILABLE");
    } else {
      assertThat(answer.status()).isEqualTo(200);
      assertThat(answer.header("Content-Length")).isEqualTo(Long.toString(announced));
      assertThat((long) answer.body().length).isLessThan(announced);
    }
    await().atMost(Duration.ofSeconds(5)).until(() -> inFlight.uris().isEmpty());
    assertThat(GatewayClient.get(RUN, TestUser.ALICE.basic()).statusCode()).isEqualTo(200);
  }

  /** A plain connection to the gateway, for exchanges no HTTP client library would make. */
  private static Socket connect() throws java.io.IOException {
    Socket socket = new Socket();
    socket.connect(new InetSocketAddress("127.0.0.1", GatewayClient.port()), 5000);
    socket.setSoTimeout(5000);
    return socket;
  }

  private JsonObject readiness() throws Exception {
    try (InputStream in = readiness.openConnection() instanceof java.net.HttpURLConnection c
        ? (c.getResponseCode() < 400 ? c.getInputStream() : c.getErrorStream()) : null) {
      return new JsonObject(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    }
  }
}
