package org.labtrack.gateway.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * An HTTP/1.1 client that sends the request line exactly as given: no normalisation, no
 * encoding, no validation. Bypass attempts need that; the JDK's and REST Assured's clients
 * would clean the path up or refuse it. It can also bind to a chosen local address, so tests can
 * act as different client machines (127.0.0.2, 127.0.0.3, ...).
 */
public final class RawHttp {
  private final int port;
  private InetAddress localAddress;

  public RawHttp(int port) {
    this.port = port;
  }

  /** Sends from {@code address} (a loopback address such as 127.0.0.2). */
  public RawHttp from(String address) {
    try {
      this.localAddress = InetAddress.getByName(address);
    } catch (IOException e) {
      throw new IllegalArgumentException(e);
    }
    return this;
  }

  /** A response: status, headers (names lower-cased, values in order), body. */
  public record Response(int status, Map<String, List<String>> headers, byte[] body) {
    public String header(String name) {
      List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
      return values == null || values.isEmpty() ? null : values.get(0);
    }

    public List<String> headers(String name) {
      return headers.getOrDefault(name.toLowerCase(Locale.ROOT), List.of());
    }

    public String text() {
      return new String(body, StandardCharsets.UTF_8);
    }
  }

  public Response send(String method, String target) {
    return send(method, target, Map.of(), null);
  }

  /**
   * Sends one request on a fresh connection ({@code Connection: close}). {@code headers} may
   * include {@code Authorization}; {@code Host} and {@code Content-Length} are added.
   */
  public Response send(String method, String target, Map<String, String> headers, byte[] body) {
    StringBuilder head = new StringBuilder()
        .append(method).append(' ').append(target).append(" HTTP/1.1\r\n")
        .append("Host: localhost:").append(port).append("\r\n")
        .append("Connection: close\r\n");
    headers.forEach((name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
    if (body != null) {
      head.append("Content-Length: ").append(body.length).append("\r\n");
    }
    head.append("\r\n");
    try (Socket socket = new Socket()) {
      if (localAddress != null) {
        socket.bind(new InetSocketAddress(localAddress, 0));
      }
      socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
      socket.setSoTimeout(30_000);
      OutputStream out = socket.getOutputStream();
      out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
      if (body != null) {
        out.write(body);
      }
      out.flush();
      return read(socket.getInputStream());
    } catch (IOException e) {
      throw new IllegalStateException("Raw request " + method + " " + target + " failed", e);
    }
  }

  private static Response read(InputStream in) throws IOException {
    String statusLine = line(in);
    int status = Integer.parseInt(statusLine.split(" ")[1]);
    Map<String, List<String>> headers = new LinkedHashMap<>();
    for (String line = line(in); !line.isEmpty(); line = line(in)) {
      int colon = line.indexOf(':');
      headers.computeIfAbsent(line.substring(0, colon).trim().toLowerCase(Locale.ROOT),
          k -> new ArrayList<>()).add(line.substring(colon + 1).trim());
    }
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    List<String> length = headers.get("content-length");
    if (length != null) {
      body.write(in.readNBytes(Integer.parseInt(length.get(0))));
    } else if (headers.containsKey("transfer-encoding")) {
      for (int size = Integer.parseInt(line(in).trim(), 16); size > 0;
          size = Integer.parseInt(line(in).trim(), 16)) {
        body.write(in.readNBytes(size));
        line(in);
      }
    } else {
      body.write(in.readAllBytes());
    }
    return new Response(status, headers, body.toByteArray());
  }

  private static String line(InputStream in) throws IOException {
    StringBuilder line = new StringBuilder();
    for (int c = in.read(); c != '\n'; c = in.read()) {
      if (c < 0) {
        throw new IOException("Connection closed mid-response: " + line);
      }
      if (c != '\r') {
        line.append((char) c);
      }
    }
    return line.toString();
  }
}
