package org.labtrack.artifacts.domain;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One byte range of a file, from an HTTP {@code Range} header (RFC 9110 §14). Only a single
 * {@code bytes=} range is honoured; anything else is ignored and the whole file is sent.
 */
public record ByteRange(long start, long length, boolean partial) {
  private static final Pattern SINGLE = Pattern.compile("\\s*bytes\\s*=\\s*(\\d*)\\s*-\\s*(\\d*)\\s*");

  /** The whole file. */
  public static ByteRange whole(long size) {
    return new ByteRange(0, size, false);
  }

  /**
   * The range that {@code header} selects in a file of {@code size} bytes.
   *
   * @throws UnsatisfiableRangeException when the range lies wholly outside the file
   */
  public static ByteRange parse(String header, long size) {
    if (header == null || header.isBlank()) {
      return whole(size);
    }
    Matcher m = SINGLE.matcher(header);
    if (!m.matches() || (m.group(1).isEmpty() && m.group(2).isEmpty())) {
      return whole(size); // multiple ranges or a syntax we do not know: ignore (RFC 9110 allows it)
    }
    try {
      if (m.group(1).isEmpty()) {
        long suffix = Long.parseLong(m.group(2));
        if (suffix == 0 || size == 0) {
          throw new UnsatisfiableRangeException(size);
        }
        long length = Math.min(suffix, size);
        return new ByteRange(size - length, length, true);
      }
      long first = Long.parseLong(m.group(1));
      long last = m.group(2).isEmpty() ? Long.MAX_VALUE : Long.parseLong(m.group(2));
      if (last < first) {
        return whole(size);
      }
      if (first >= size) {
        throw new UnsatisfiableRangeException(size);
      }
      last = Math.min(last, size - 1);
      return new ByteRange(first, last - first + 1, true);
    } catch (NumberFormatException tooLong) {
      return whole(size);
    }
  }

  public long end() {
    return start + length - 1;
  }

  /** The Range header asked for bytes the file does not have. */
  public static class UnsatisfiableRangeException extends RuntimeException {
    private final long size;

    public UnsatisfiableRangeException(long size) {
      super("Range not satisfiable: the artifact has " + size + " bytes.", null, false, false);
      this.size = size;
    }

    public long size() {
      return size;
    }
  }
}
