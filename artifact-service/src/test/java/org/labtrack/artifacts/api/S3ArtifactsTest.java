package org.labtrack.artifacts.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
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

  @Override
  String storeName() {
    return "s3";
  }
}
