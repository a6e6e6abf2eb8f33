package org.labtrack.artifacts.domain;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import org.labtrack.common.error.MlflowException;

/**
 * A relative artifact path that has been proven safe to append to the store's root: no
 * {@code ..}, no absolute path, no segment that starts with a Windows drive ({@code C:}), no backslash, NUL, control character or {@code #},
 * and no separator hidden behind percent-encoding at any decoding depth (MLflow's server decodes
 * repeatedly, so {@code %252F} is as dangerous as {@code %2F}). {@code .} segments and one trailing
 * slash are dropped. The empty path is the store's root.
 */
public record ArtifactPath(String value) {
  private static final Pattern ENCODED_DANGER = Pattern.compile("%(2f|5c|00)", Pattern.CASE_INSENSITIVE);
  private static final Pattern DRIVE = Pattern.compile("^[A-Za-z]:.*");
  private static final int MAX_DECODING_DEPTH = 10;
  /** S3 keys are at most 1024 bytes; the prefix takes some of it. */
  private static final int MAX_BYTES = 900;

  public static final ArtifactPath ROOT = new ArtifactPath("");

  /**
   * Validates a path exactly as it appeared in the request URL, still percent-encoded, and returns
   * it decoded once (the form that is stored).
   */
  public static ArtifactPath fromEncoded(String raw) {
    if (raw == null) {
      return ROOT;
    }
    if (ENCODED_DANGER.matcher(raw).find()) {
      throw invalid("encoded separators and NUL are not allowed");
    }
    return parse(percentDecode(raw));
  }

  /** Validates an already decoded path (a query parameter or a JSON field). */
  public static ArtifactPath parse(String decoded) {
    if (decoded == null || decoded.isEmpty()) {
      return ROOT;
    }
    String level = decoded;
    for (int depth = 0; ; depth++) {
      checkLevel(level);
      String next = level.indexOf('%') < 0 ? level : lenientDecode(level);
      if (next.equals(level)) {
        break;
      }
      if (depth == MAX_DECODING_DEPTH) {
        throw invalid("too many levels of percent-encoding");
      }
      level = next;
    }
    List<String> segments = new ArrayList<>();
    String[] parts = decoded.split("/", -1);
    for (int i = 0; i < parts.length; i++) {
      String segment = parts[i];
      if (segment.isEmpty()) {
        if (i == parts.length - 1 && i > 0) {
          continue; // one trailing slash names the same directory
        }
        throw invalid("empty path segments are not allowed");
      }
      if (!segment.equals(".")) {
        segments.add(segment);
      }
    }
    String value = String.join("/", segments);
    if (value.getBytes(StandardCharsets.UTF_8).length > MAX_BYTES) {
      throw invalid("longer than " + MAX_BYTES + " bytes");
    }
    return new ArtifactPath(value);
  }

  private static void checkLevel(String path) {
    if (path.indexOf('#') >= 0) {
      throw invalid("'#' is not allowed");
    }
    if (path.indexOf('\\') >= 0) {
      throw invalid("backslashes are not allowed");
    }
    for (int i = 0; i < path.length(); i++) {
      char c = path.charAt(i);
      if (c < 0x20 || c == 0x7f) {
        throw invalid("control characters are not allowed");
      }
    }
    if (path.startsWith("/")) {
      throw invalid("absolute paths are not allowed");
    }
    for (String segment : path.split("/", -1)) {
      if (segment.equals("..")) {
        throw invalid("'..' segments are not allowed");
      }
      if (DRIVE.matcher(segment).matches()) {
        throw invalid("Windows drive letters are not allowed");
      }
    }
    if (ENCODED_DANGER.matcher(path).find()) {
      throw invalid("encoded separators and NUL are not allowed");
    }
  }

  private static String percentDecode(String raw) {
    try {
      // URLDecoder turns '+' into a space; in a URL path '+' is a literal plus.
      return URLDecoder.decode(raw.replace("+", "%2B"), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw invalid("malformed percent-encoding");
    }
  }

  /** Decodes what decodes and leaves stray '%' alone, as Python's unquote does. */
  private static String lenientDecode(String s) {
    try {
      return percentDecode(s);
    } catch (MlflowException e) {
      return s;
    }
  }

  private static MlflowException invalid(String reason) {
    return MlflowException.invalidParameter("Invalid path: " + reason + ".");
  }

  public boolean isRoot() {
    return value.isEmpty();
  }

  /** The last segment ({@code ""} for the root). */
  public String name() {
    int slash = value.lastIndexOf('/');
    return slash < 0 ? value : value.substring(slash + 1);
  }

  /** This path with {@code child} (itself validated) appended. */
  public ArtifactPath resolve(ArtifactPath child) {
    if (child.isRoot()) {
      return this;
    }
    return isRoot() ? child : new ArtifactPath(value + "/" + child.value);
  }

  /** The path relative to {@code ancestor}, or {@code null} when it is not below it. */
  public String relativeTo(ArtifactPath ancestor) {
    if (ancestor.isRoot()) {
      return value;
    }
    return value.startsWith(ancestor.value + "/") ? value.substring(ancestor.value.length() + 1) : null;
  }

  /** First segment, lower-cased; stores use it to reserve internal names. */
  public String firstSegment() {
    int slash = value.indexOf('/');
    return (slash < 0 ? value : value.substring(0, slash)).toLowerCase(Locale.ROOT);
  }

  @Override
  public String toString() {
    return value;
  }
}
