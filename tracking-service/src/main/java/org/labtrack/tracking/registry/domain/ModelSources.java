package org.labtrack.tracking.registry.domain;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.labtrack.common.error.MlflowException;

/**
 * Reading a model version's {@code source} URI as MLflow's server does: its scheme, its path, the
 * local-path refusal and the relative-path check of {@code _validate_source_run}.
 */
public final class ModelSources {
  private ModelSources() {
  }

  /** The scheme as Python's {@code urlparse} finds it (lower case), or "" when there is none. */
  public static String scheme(String uri) {
    int colon = uri.indexOf(':');
    if (colon <= 0 || !isAsciiLetter(uri.charAt(0))) {
      return "";
    }
    for (int i = 0; i < colon; i++) {
      char c = uri.charAt(i);
      if (!(isAsciiLetter(c) || Character.isDigit(c) || c == '+' || c == '-' || c == '.')) {
        return "";
      }
    }
    return uri.substring(0, colon).toLowerCase(Locale.ROOT);
  }

  /** The path part of a URI: after scheme and authority, before query and fragment. */
  public static String path(String uri) {
    String scheme = scheme(uri);
    String rest = scheme.isEmpty() ? uri : uri.substring(scheme.length() + 1);
    if (rest.startsWith("//")) {
      int end = 2;
      while (end < rest.length() && "/?#".indexOf(rest.charAt(end)) < 0) {
        end++;
      }
      rest = rest.substring(end);
    }
    int cut = rest.length();
    for (char c : new char[] {'?', '#'}) {
      int i = rest.indexOf(c);
      if (i >= 0) {
        cut = Math.min(cut, i);
      }
    }
    return rest.substring(0, cut);
  }

  static boolean isLocal(String uri) {
    String scheme = scheme(uri);
    return scheme.isEmpty() || scheme.equals("file");
  }

  /**
   * MLflow's source checks for a version registered without a LoggedModel ({@code byModel}
   * false) or from one (true). LabTrack keeps no run or model artifacts on local paths, so a
   * local source is never inside one and always refused, as MLflow refuses it then.
   */
  static void validate(String source, boolean byModel) {
    if (isLocal(source)) {
      String owner = byModel ? "model_id" : "run_id";
      throw MlflowException.invalidParameter("Invalid model version source: '" + source
          + "'. To use a local path as a model version source, the " + owner + " request "
          + "parameter has to be specified and the local path has to be contained within the "
          + "artifact directory of the run specified by the " + owner + ".");
    }
    String decoded = source;
    while (true) {
      String next = unquotePlus(decoded);
      if (next.equals(decoded)) {
        break;
      }
      decoded = next;
    }
    String path = path(decoded);
    while (path.endsWith("/")) {
      path = path.substring(0, path.length() - 1);
    }
    path = path.replaceAll("/+", "/");
    boolean parentSegment = false;
    for (String part : decoded.split("/", -1)) {
      parentSegment |= part.equals("..");
    }
    if (path.indexOf('\u0000') >= 0 || parentSegment || !isResolved(path)) {
      throw MlflowException.invalidParameter("Invalid model version source: '" + source
          + "'. If supplying a source as an http, https, local file path, ftp, objectstore, or "
          + "mlflow-artifacts uri, an absolute path must be provided without relative path "
          + "references present. Please provide an absolute path.");
    }
  }

  /** Whether resolving the path changes nothing: absolute, and no "." segments. */
  private static boolean isResolved(String path) {
    if (!path.startsWith("/")) {
      return false;
    }
    for (String part : path.substring(1).split("/")) {
      if (part.equals(".")) {
        return false;
      }
    }
    return true;
  }

  private static String unquotePlus(String s) {
    try {
      return URLDecoder.decode(s, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      // a malformed escape stays as written, as Python's unquote leaves it
      return s.replace('+', ' ');
    }
  }

  private static boolean isAsciiLetter(char c) {
    return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z';
  }
}
