package org.labtrack.artifacts.support;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Properties;
import java.util.stream.Stream;
import org.gaul.s3proxy.BlobStores;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.blobstore.BlobStore;

/**
 * A real S3 server (S3Proxy on a filesystem backend in a temporary folder) in this JVM, on a free
 * port, with static credentials. It can stop and start again on the same port with the same data
 * to simulate a storage outage. Plain Java, so that the integration-tests module (via this
 * module's test-jar) starts the same server as artifact-service's own tests.
 */
public final class S3ProxyServer implements AutoCloseable {
  public static final String ACCESS_KEY = "test-access";
  public static final String SECRET_KEY = "test-secret-key-1234";
  public static final String REGION = "us-east-1";

  private final Path dir;
  private final BlobStore blobStore;
  private final URI endpoint;
  private S3Proxy proxy;

  private S3ProxyServer(Path dir, BlobStore blobStore, URI endpoint) {
    this.dir = dir;
    this.blobStore = blobStore;
    this.endpoint = endpoint;
  }

  /** Starts a server with empty storage (buckets are created by the client). */
  public static S3ProxyServer start() {
    try {
      Path dir = Files.createTempDirectory("s3proxy-");
      Properties properties = new Properties();
      properties.setProperty("jclouds.filesystem.basedir", dir.toString());
      int port;
      try (ServerSocket socket = new ServerSocket(0)) {
        port = socket.getLocalPort();
      }
      S3ProxyServer server = new S3ProxyServer(dir, BlobStores.create("filesystem", properties),
          URI.create("http://127.0.0.1:" + port));
      server.resume();
      return server;
    } catch (Exception e) {
      throw new IllegalStateException("S3Proxy did not start", e);
    }
  }

  /**
   * Where the filesystem backend keeps the data: each object is the file
   * {@code <bucket>/<key>} below it, so tests can check what really got stored.
   */
  public Path dataDir() {
    return dir;
  }

  /** {@code http://127.0.0.1:<port>}; use path-style access. */
  public URI endpoint() {
    return endpoint;
  }

  /** Starts serving again (after {@link #pause()}) on the same port and data. */
  public synchronized void resume() throws Exception {
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

  /** Stops serving; the data stays for {@link #resume()}. */
  public synchronized void pause() throws Exception {
    proxy.stop();
  }

  /** Stops the server and deletes its data. */
  @Override
  public void close() {
    try {
      pause();
    } catch (Exception e) {
      // shutting down anyway
    }
    deleteTree(dir);
  }

  /** Deletes a folder and everything in it, as far as possible. */
  public static void deleteTree(Path root) {
    if (root == null) {
      return;
    }
    try (Stream<Path> paths = Files.walk(root)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // best effort
    }
  }
}
