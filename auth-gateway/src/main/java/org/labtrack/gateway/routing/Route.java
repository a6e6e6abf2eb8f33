package org.labtrack.gateway.routing;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One row of the route table: a method and a path pattern, the service that answers it and the
 * access it needs. Pattern segments are literals, {@code {name}} (exactly one segment) or, last
 * only, {@code {name+}} (one or more segments, for artifact paths).
 *
 * @param method          HTTP method; {@code HEAD} is accepted wherever {@code GET} is
 * @param pattern         canonical path pattern, e.g. {@code /api/2.0/mlflow/runs/get}
 * @param upstream        who answers
 * @param access          what the caller needs
 * @param signedUpload    true for LabTrack's multipart part uploads: a request carrying a
 *                        {@code signature} query parameter passes without credentials, because
 *                        artifact-service checks that signature itself
 * @param name            the MLflow RPC (or LabTrack endpoint) it serves, for humans and tests
 */
public record Route(String method, String pattern, Upstream upstream, Access access,
    boolean signedUpload, String name) {

  private static final Map<String, String> SAMPLE_VALUES = Map.of(
      "path", "1/0a1b2c3d4e5f/artifacts/model/weights.bin",
      "trace_id", "tr-0a1b2c3d",
      "request_id", "tr-0a1b2c3d",
      "model_id", "m-0a1b2c3d",
      "dataset_id", "d-0a1b2c3d",
      "assessment_id", "a-0a1b2c3d",
      "token_id", "0a1b2c3d4e5f");

  public Route {
    if (!pattern.startsWith("/")) {
      throw new IllegalArgumentException("Pattern must be absolute: " + pattern);
    }
    List<String> parts = split(pattern);
    for (int i = 0; i < parts.size(); i++) {
      if (parts.get(i).endsWith("+}") && i != parts.size() - 1) {
        throw new IllegalArgumentException("A greedy segment must come last: " + pattern);
      }
    }
  }

  /** The pattern's segments ({@code /} is the empty list). */
  public List<String> patternSegments() {
    return split(pattern);
  }

  /** Whether the decoded request segments fit this route's pattern. */
  public boolean matches(List<String> segments) {
    return matches(patternSegments(), segments);
  }

  static boolean matches(List<String> parts, List<String> segments) {
    int n = parts.size();
    if (n > 0 && isGreedy(parts.get(n - 1))) {
      if (segments.size() < n) {
        return false;
      }
      n -= 1;
    } else if (segments.size() != n) {
      return false;
    }
    for (int i = 0; i < n; i++) {
      String part = parts.get(i);
      if (!isParameter(part) && !part.equals(segments.get(i))) {
        return false;
      }
    }
    return true;
  }

  /**
   * Orders overlapping routes as Flask does: at the first segment where two patterns differ,
   * a literal beats a parameter, which beats a greedy tail ({@code traces/get} before
   * {@code traces/{trace_id}}). Negative when this route is the more specific.
   */
  int compareSpecificity(Route other) {
    List<String> mine = patternSegments();
    List<String> theirs = other.patternSegments();
    for (int i = 0; i < Math.min(mine.size(), theirs.size()); i++) {
      int diff = rank(theirs.get(i)) - rank(mine.get(i));
      if (diff != 0) {
        return diff;
      }
    }
    return theirs.size() - mine.size();
  }

  private static int rank(String part) {
    return isGreedy(part) ? 0 : isParameter(part) ? 1 : 2;
  }

  /** A concrete path that this route matches, with plausible values for its parameters. */
  public String samplePath() {
    List<String> parts = patternSegments();
    if (parts.isEmpty()) {
      return "/";
    }
    StringBuilder path = new StringBuilder();
    for (String part : parts) {
      path.append('/');
      if (isParameter(part)) {
        String name = part.substring(1, part.length() - (isGreedy(part) ? 2 : 1));
        path.append(SAMPLE_VALUES.getOrDefault(name, "x-" + name));
      } else {
        path.append(part);
      }
    }
    return path.toString();
  }

  @Override
  public String toString() {
    return method + " " + pattern + " -> " + upstream + " [" + access
        + (signedUpload ? ", or signed" : "") + "] (" + name + ")";
  }

  private static boolean isParameter(String part) {
    return part.startsWith("{") && part.endsWith("}");
  }

  private static boolean isGreedy(String part) {
    return part.startsWith("{") && part.endsWith("+}");
  }

  private static List<String> split(String pattern) {
    List<String> parts = new ArrayList<>();
    for (String part : pattern.split("/")) {
      if (!part.isEmpty()) {
        parts.add(part);
      }
    }
    return parts;
  }
}
