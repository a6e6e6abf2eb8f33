package org.labtrack.gateway.routing;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns a raw request path into the one form the access decision and the upstream both see.
 *
 * <p>Rules, chosen so that any path either means exactly one route or is refused:
 * <ul>
 *   <li>only RFC 3986 path characters may appear raw; anything else (space, backslash, controls,
 *       non-ASCII, {@code "<>^`{|}#}) is refused;
 *   <li>empty segments disappear, so {@code //} and a trailing {@code /} map to the plain path
 *       (Flask merges slashes the same way);
 *   <li>each segment is percent-decoded exactly once, as strict UTF-8; an encoded separator
 *       ({@code %2F}, {@code %5C}), an encoded control character ({@code %00}...), a malformed
 *       escape and a second layer of encoding ({@code %252e}) are refused;
 *   <li>{@code .} and {@code ..} segments are refused, raw or encoded, never resolved;
 *   <li>{@code ;} is an ordinary character, as in Flask: it never starts "path parameters", so
 *       {@code get;x=1} is simply not a route, and inside an artifact path it stays part of the
 *       file name;
 *   <li>matching is case-sensitive, so {@code /API/...} and {@code get.} are unknown routes.
 * </ul>
 * The forwarded form re-encodes every segment the same way ({@link #encodeSegment}), so what
 * the upstream parses is what the gateway authorised.
 */
public final class PathNormaliser {
  private static final int MAX_PATH_LENGTH = 8192;

  private PathNormaliser() {
  }

  /** The canonical form of {@code rawPath} (the request-target's path, still percent-encoded). */
  public static CanonicalPath normalise(String rawPath) throws PathRejectedException {
    if (rawPath == null || rawPath.isEmpty() || rawPath.charAt(0) != '/') {
      throw new PathRejectedException("The request path must start with '/'.");
    }
    if (rawPath.length() > MAX_PATH_LENGTH) {
      throw new PathRejectedException("The request path is longer than " + MAX_PATH_LENGTH
          + " characters.");
    }
    for (int i = 0; i < rawPath.length(); i++) {
      char c = rawPath.charAt(i);
      if (!isPathChar(c) && c != '/') {
        throw new PathRejectedException("The request path contains a character that must be "
            + "percent-encoded or is not allowed: " + describe(c) + ".");
      }
    }
    List<String> segments = new ArrayList<>();
    StringBuilder encoded = new StringBuilder(rawPath.length());
    int start = 1;
    while (start <= rawPath.length()) {
      int end = rawPath.indexOf('/', start);
      if (end < 0) {
        end = rawPath.length();
      }
      if (end > start) {
        String segment = decodeSegment(rawPath.substring(start, end));
        segments.add(segment);
        encoded.append('/').append(encodeSegment(segment));
      }
      start = end + 1;
    }
    return new CanonicalPath(segments, encoded.length() == 0 ? "/" : encoded.toString());
  }

  /** One decoded segment, percent-encoded the way the gateway forwards it. */
  public static String encodeSegment(String segment) {
    byte[] bytes = segment.getBytes(StandardCharsets.UTF_8);
    StringBuilder out = new StringBuilder(bytes.length + 8);
    for (byte b : bytes) {
      int c = b & 0xFF;
      if (c < 0x80 && isForwardedRaw((char) c)) {
        out.append((char) c);
      } else {
        out.append('%').append(HEX[c >> 4]).append(HEX[c & 0xF]);
      }
    }
    return out.toString();
  }

  private static final char[] HEX = "0123456789ABCDEF".toCharArray();

  private static String decodeSegment(String raw) throws PathRejectedException {
    if (raw.indexOf('%') < 0) {
      checkDots(raw);
      return raw;
    }
    ByteBuffer bytes = ByteBuffer.allocate(raw.length());
    for (int i = 0; i < raw.length(); i++) {
      char c = raw.charAt(i);
      if (c != '%') {
        bytes.put((byte) c);
        continue;
      }
      if (i + 2 >= raw.length() || hex(raw.charAt(i + 1)) < 0 || hex(raw.charAt(i + 2)) < 0) {
        throw new PathRejectedException("The request path contains a malformed percent-escape.");
      }
      int b = hex(raw.charAt(i + 1)) * 16 + hex(raw.charAt(i + 2));
      if (b == '/' || b == '\\') {
        throw new PathRejectedException("Encoded path separators (%2F, %5C) are not accepted.");
      }
      if (b < 0x20 || b == 0x7F) {
        throw new PathRejectedException("Encoded control characters are not accepted in paths.");
      }
      bytes.put((byte) b);
      i += 2;
    }
    bytes.flip();
    String decoded;
    try {
      decoded = StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(bytes).toString();
    } catch (CharacterCodingException e) {
      throw new PathRejectedException("The request path is not valid UTF-8 once decoded.");
    }
    for (int i = 0; i + 2 < decoded.length(); i++) {
      if (decoded.charAt(i) == '%' && hex(decoded.charAt(i + 1)) >= 0
          && hex(decoded.charAt(i + 2)) >= 0) {
        throw new PathRejectedException("Double percent-encoding is not accepted in paths.");
      }
    }
    for (int i = 0; i < decoded.length(); i++) {
      char c = decoded.charAt(i);
      if (Character.isISOControl(c)) {
        throw new PathRejectedException("Encoded control characters are not accepted in paths.");
      }
    }
    checkDots(decoded);
    return decoded;
  }

  private static void checkDots(String segment) throws PathRejectedException {
    if (segment.equals(".") || segment.equals("..")) {
      throw new PathRejectedException("Dot segments ('.', '..') are not accepted in paths.");
    }
  }

  private static int hex(char c) {
    if (c >= '0' && c <= '9') {
      return c - '0';
    }
    if (c >= 'a' && c <= 'f') {
      return c - 'a' + 10;
    }
    if (c >= 'A' && c <= 'F') {
      return c - 'A' + 10;
    }
    return -1;
  }

  /** RFC 3986 pchar: unreserved, sub-delims, ':' and '@', plus '%' for escapes. */
  private static boolean isPathChar(char c) {
    return isForwardedRaw(c) || c == ';' || c == '%';
  }

  /** Characters forwarded unencoded; everything else, ';' and '%' included, is escaped. */
  private static boolean isForwardedRaw(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
        || "-._~!$&'()*+,=:@".indexOf(c) >= 0;
  }

  private static String describe(char c) {
    return c >= 0x21 && c < 0x7F ? "'" + c + "'" : String.format("U+%04X", (int) c);
  }
}
