package org.labtrack.tracking.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.HashMap;
import java.util.Map;

/** A fresh database reached through a {@link TcpProxy} the test can cut. */
public class ProxiedMariaDbTestResource extends MariaDbTestResource {
  public static volatile TcpProxy proxy;

  @Override
  public Map<String, String> start() {
    Map<String, String> config = new HashMap<>(super.start());
    String url = config.get("quarkus.datasource.jdbc.url");
    URI server = URI.create(url.substring("jdbc:".length()));
    proxy = new TcpProxy(server.getHost(), server.getPort());
    try {
      int port = proxy.start();
      config.put("quarkus.datasource.jdbc.url",
          url.replace(server.getHost() + ":" + server.getPort(), "127.0.0.1:" + port));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return config;
  }

  @Override
  public void stop() {
    try {
      proxy.close();
    } catch (IOException ignored) {
      // best effort
    }
    super.stop();
  }
}
