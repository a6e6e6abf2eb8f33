package org.labtrack.artifacts.support;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import org.gaul.s3proxy.BlobStores;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.blobstore.BlobStore;

/**
 * A real S3 server (S3Proxy on a filesystem backend) in the test JVM. Tests can stop and restart
 * it on the same port with the same data to simulate a storage outage.
 */
public class S3ProxyResource implements QuarkusTestResourceLifecycleManager {
  public static final String BUCKET = "labtrack-test";
  private static final String ACCESS_KEY = "test-access";
  private static final String SECRET_KEY = "test-secret-key-1234";

  private static S3Proxy proxy;
  private static BlobStore blobStore;
  private static URI endpoint;
  private static Path dir;

  @Override
  public Map<String, String> start() {
    try {
      dir = Files.createTempDirectory("s3proxy-");
      Properties properties = new Properties();
      properties.setProperty("jclouds.filesystem.basedir", dir.toString());
      blobStore = BlobStores.create("filesystem", properties);
      int port;
      try (ServerSocket socket = new ServerSocket(0)) {
        port = socket.getLocalPort();
      }
      endpoint = URI.create("http://127.0.0.1:" + port);
      startProxy();
    } catch (Exception e) {
      throw new IllegalStateException("S3Proxy did not start", e);
    }
    return Map.of(
        "artifacts.store.type", "s3",
        "artifacts.s3.bucket", BUCKET,
        "artifacts.s3.prefix", "mlartifacts",
        "artifacts.s3.create-bucket", "true",
        "quarkus.s3.endpoint-override", endpoint.toString(),
        "quarkus.s3.path-style-access", "true",
        "quarkus.s3.aws.region", "us-east-1",
        "quarkus.s3.aws.credentials.type", "static",
        "quarkus.s3.aws.credentials.static-provider.access-key-id", ACCESS_KEY,
        "quarkus.s3.aws.credentials.static-provider.secret-access-key", SECRET_KEY);
  }

  /** Starts S3Proxy (again) on the same port and data. */
  public static synchronized void startProxy() throws Exception {
    proxy = S3Proxy.builder()
        .blobStore(blobStore)
        .endpoint(endpoint)
        .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY)
        .build();
    proxy.start();
    while (!"STARTED".equals(proxy.getState())) {
      Thread.sleep(10);
    }
  }

  /** Stops S3Proxy; its data stays for {@link #startProxy()}. */
  public static synchronized void stopProxy() throws Exception {
    proxy.stop();
  }

  @Override
  public void stop() {
    try {
      stopProxy();
    } catch (Exception e) {
      // shutting down anyway
    }
    deleteTree(dir);
  }

  static void deleteTree(Path root) {
    if (root == null) {
      return;
    }
    try (var paths = Files.walk(root)) {
      paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // best effort
    }
  }
}
