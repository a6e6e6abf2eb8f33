package org.labtrack.artifacts.support;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/**
 * The S3 store's test configuration against an {@link S3ProxyServer} in the test JVM. Tests can
 * stop and restart it on the same port with the same data to simulate a storage outage.
 */
public class S3ProxyResource implements QuarkusTestResourceLifecycleManager {
  public static final String BUCKET = "labtrack-test";

  private static S3ProxyServer server;

  @Override
  public Map<String, String> start() {
    server = S3ProxyServer.start();
    return Map.of(
        "artifacts.store.type", "s3",
        "artifacts.s3.bucket", BUCKET,
        "artifacts.s3.prefix", "mlartifacts",
        "artifacts.s3.create-bucket", "true",
        "quarkus.s3.endpoint-override", server.endpoint().toString(),
        "quarkus.s3.path-style-access", "true",
        "quarkus.s3.aws.region", S3ProxyServer.REGION,
        "quarkus.s3.aws.credentials.type", "static",
        "quarkus.s3.aws.credentials.static-provider.access-key-id", S3ProxyServer.ACCESS_KEY,
        "quarkus.s3.aws.credentials.static-provider.secret-access-key", S3ProxyServer.SECRET_KEY);
  }

  /** Starts S3Proxy again on the same port and data. */
  public static void startProxy() throws Exception {
    server.resume();
  }

  /** Stops S3Proxy; its data stays for {@link #startProxy()}. */
  public static void stopProxy() throws Exception {
    server.pause();
  }

  @Override
  public void stop() {
    if (server != null) {
      server.close();
    }
  }
}
