package org.labtrack.tracking.domain;

/** URI helpers matching MLflow's {@code append_to_uri_path}. */
public final class Uris {
  private Uris() {
  }

  /** Appends path segments to a URI's path, keeping any query string at the end. */
  public static String append(String base, String... segments) {
    String query = "";
    int q = base.indexOf('?');
    if (q >= 0) {
      query = base.substring(q);
      base = base.substring(0, q);
    }
    StringBuilder uri = new StringBuilder(base);
    for (String segment : segments) {
      if (uri.length() > 0 && uri.charAt(uri.length() - 1) != '/') {
        uri.append('/');
      }
      uri.append(segment);
    }
    return uri.append(query).toString();
  }
}
