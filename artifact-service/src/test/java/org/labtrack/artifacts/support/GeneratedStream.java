package org.labtrack.artifacts.support;

import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/** Deterministic pseudo-random bytes made on the fly, so that huge bodies need no memory or disk. */
public final class GeneratedStream extends InputStream {
  private final long size;
  private long position;
  private long state;

  public GeneratedStream(long size, long seed) {
    this.size = size;
    this.state = seed | 1;
  }

  private byte next() {
    state ^= state << 13;
    state ^= state >>> 7;
    state ^= state << 17;
    return (byte) state;
  }

  @Override
  public int read() {
    if (position >= size) {
      return -1;
    }
    position++;
    return next() & 0xff;
  }

  @Override
  public int read(byte[] b, int off, int len) {
    if (position >= size) {
      return -1;
    }
    int n = (int) Math.min(len, size - position);
    for (int i = 0; i < n; i++) {
      b[off + i] = next();
    }
    position += n;
    return n;
  }

  /** The bytes as an array (for small sizes). */
  public static byte[] bytes(int size, long seed) {
    byte[] out = new byte[size];
    new GeneratedStream(size, seed).read(out, 0, size);
    return out;
  }

  /** SHA-256 of the stream's content. */
  public static byte[] sha256(long size, long seed) {
    MessageDigest digest = newSha256();
    byte[] buffer = new byte[1 << 16];
    GeneratedStream in = new GeneratedStream(size, seed);
    int n;
    while ((n = in.read(buffer, 0, buffer.length)) > 0) {
      digest.update(buffer, 0, n);
    }
    return digest.digest();
  }

  public static MessageDigest newSha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
