package org.labtrack.artifacts.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * HTTP/1.1 over a plain socket, so that paths reach the server byte for byte (HTTP client
 * libraries normalise {@code ..} and re-encode) and a body can be cut off mid-way.
 */
public final class RawHttp {
  private RawHttp() {
  }

  public record Reply(int status, String body) {
  }

  /** Sends one request with a complete body (may be empty) and reads the reply. */
  public static Reply send(int port, String method, String rawTarget, byte[] body) throws IOException {
    try (Socket socket = new Socket("127.0.0.1", port)) {
      socket.setSoTimeout(30_000);
      OutputStream out = socket.getOutputStream();
      out.write((method + " " + rawTarget + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
          + "Content-Type: application/octet-stream\r\nContent-Length: " + body.length + "\r\n\r\n")
          .getBytes(StandardCharsets.ISO_8859_1));
      out.write(body);
      out.flush();
      return read(socket.getInputStream());
    }
  }

  /** Streams {@code length} bytes of {@code body} with extra header lines and reads the reply. */
  public static Reply stream(int port, String method, String rawTarget, String extraHeaders, InputStream body,
      long length) throws IOException {
    try (Socket socket = new Socket("127.0.0.1", port)) {
      socket.setSoTimeout(120_000);
      OutputStream out = socket.getOutputStream();
      out.write((method + " " + rawTarget + " HTTP/1.1\r\nHost: 127.0.0.1\r\n" + extraHeaders
          + "Content-Type: application/octet-stream\r\nContent-Length: " + length + "\r\n\r\n")
          .getBytes(StandardCharsets.ISO_8859_1));
      body.transferTo(out);
      out.flush();
      return read(socket.getInputStream());
    }
  }

  /** Announces {@code announced} bytes, sends only {@code sent} of them, then drops the connection. */
  public static void sendTruncated(int port, String rawTarget, long announced, long sent) throws IOException {
    try (Socket socket = new Socket("127.0.0.1", port)) {
      OutputStream out = socket.getOutputStream();
      out.write(("PUT " + rawTarget + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
          + "Content-Type: application/octet-stream\r\nContent-Length: " + announced + "\r\n\r\n")
          .getBytes(StandardCharsets.ISO_8859_1));
      byte[] chunk = new byte[64 * 1024];
      for (long left = sent; left > 0; left -= chunk.length) {
        out.write(chunk, 0, (int) Math.min(chunk.length, left));
      }
      out.flush();
      socket.setSoLinger(true, 0); // reset, like a killed client
    }
  }

  /** Reads one response: to its Content-Length, or to the end of the connection. */
  private static Reply read(InputStream in) throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    int last4 = 0;
    int b;
    while (last4 != 0x0d0a0d0a && (b = in.read()) >= 0) {
      head.write(b);
      last4 = (last4 << 8) | b;
    }
    String headers = head.toString(StandardCharsets.ISO_8859_1);
    int status = Integer.parseInt(headers.substring(9, 12));
    long length = -1;
    for (String line : headers.split("\r\n")) {
      if (line.toLowerCase().startsWith("content-length:")) {
        length = Long.parseLong(line.substring(15).trim());
      }
    }
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    if (length >= 0) {
      body.write(in.readNBytes((int) length));
    } else {
      in.transferTo(body);
    }
    return new Reply(status, body.toString(StandardCharsets.UTF_8));
  }
}
