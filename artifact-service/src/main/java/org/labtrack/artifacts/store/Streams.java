package org.labtrack.artifacts.store;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/** Copy and fill helpers with one bounded buffer. */
final class Streams {
  static final int COPY_BUFFER = 64 * 1024;

  private Streams() {
  }

  /** Copies everything and returns the byte count. */
  static long copy(InputStream in, OutputStream out) throws IOException {
    byte[] buffer = new byte[COPY_BUFFER];
    long total = 0;
    int n;
    while ((n = in.read(buffer)) >= 0) {
      out.write(buffer, 0, n);
      total += n;
    }
    return total;
  }

  /** Reads until {@code buffer} is full or the stream ends; returns the count read. */
  static int fill(InputStream in, byte[] buffer) throws IOException {
    int filled = 0;
    while (filled < buffer.length) {
      int n = in.read(buffer, filled, buffer.length - filled);
      if (n < 0) {
        break;
      }
      filled += n;
    }
    return filled;
  }

  /** Refuses a body whose length differs from what the client announced. */
  static void checkLength(long expected, long actual) {
    if (expected >= 0 && expected != actual) {
      throw new InvalidUploadException("The request body ended after " + actual
          + " bytes, but Content-Length announced " + expected + ". Nothing was stored.");
    }
  }
}
