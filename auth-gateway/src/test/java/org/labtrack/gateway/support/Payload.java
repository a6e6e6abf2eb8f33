package org.labtrack.gateway.support;

import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Deterministic pseudo-random bytes of any length, generated on the fly: large test bodies that
 * never exist in memory as a whole, and whose checksum both ends can compute.
 */
public final class Payload {
  private Payload() {
  }

  /** A stream of {@code size} bytes; the same size always gives the same bytes. */
  public static InputStream stream(long size) {
    return new InputStream() {
      private long position;
      private long state = 0x9E3779B97F4A7C15L;

      @Override
      public int read() {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
      }

      @Override
      public int read(byte[] buffer, int offset, int length) {
        if (position >= size) {
          return -1;
        }
        int n = (int) Math.min(length, size - position);
        for (int i = 0; i < n; i++) {
          if (((position + i) & 7) == 0) {
            state ^= state << 13;
            state ^= state >>> 7;
            state ^= state << 17;
          }
          buffer[offset + i] = (byte) (state >>> (((position + i) & 7) * 8));
        }
        position += n;
        return n;
      }
    };
  }

  /** SHA-256 of {@link #stream(long) stream(size)}, hex. */
  public static String sha256(long size) {
    MessageDigest digest = newDigest();
    byte[] buffer = new byte[1 << 16];
    try (InputStream in = stream(size)) {
      for (int n; (n = in.read(buffer, 0, buffer.length)) > 0; ) {
        digest.update(buffer, 0, n);
      }
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
    return HexFormat.of().formatHex(digest.digest());
  }

  public static MessageDigest newDigest() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
