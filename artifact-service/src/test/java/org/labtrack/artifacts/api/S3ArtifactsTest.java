package org.labtrack.artifacts.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.labtrack.artifacts.support.S3Profile;
import org.labtrack.artifacts.support.S3ProxyResource;
import software.amazon.awssdk.services.s3.S3Client;

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
