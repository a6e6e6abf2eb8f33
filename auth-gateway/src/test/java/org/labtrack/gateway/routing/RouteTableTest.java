package org.labtrack.gateway.routing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;

class RouteTableTest {
  private final RouteTable table = RouteTable.instance();

  /** One line of mlflow-3.6-endpoints.txt, with its concrete paths on every prefix. */
  record MlflowEndpoint(String method, List<String> patterns, String name) {
  }

  static List<MlflowEndpoint> mlflowEndpoints() throws IOException {
    List<MlflowEndpoint> endpoints = new ArrayList<>();
    try (InputStream in = RouteTableTest.class.getResourceAsStream("/mlflow-3.6-endpoints.txt")) {
      for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
        if (line.isBlank() || line.startsWith("#")) {
          continue;
        }
        String[] f = line.trim().split(" ");
        if (f[0].equals("rpc")) {
          String path = f[3].replaceAll("<path:\\w+>", "{path+}")
              .replaceAll("\\{assessment\\.trace_id}", "{trace_id}");
          endpoints.add(new MlflowEndpoint(f[2], List.of("/api/" + f[1] + ".0" + path,
              "/ajax-api/" + f[1] + ".0" + path), f[4]));
        } else {
          endpoints.add(new MlflowEndpoint(f[1], List.of(f[2]), f[3]));
        }
      }
    }
    return endpoints;
  }

  @Test
  void everyRouteMlflowServesIsInTheTableOnEveryPrefix() throws Exception {
    List<MlflowEndpoint> endpoints = mlflowEndpoints();
    assertThat(endpoints).hasSizeGreaterThanOrEqualTo(135);
    SoftAssertions soft = new SoftAssertions();
    for (MlflowEndpoint endpoint : endpoints) {
      for (String pattern : endpoint.patterns()) {
        Route probe = new Route(endpoint.method(), pattern, Upstream.TRACKING, Access.ADMIN,
            false, endpoint.name());
        RouteMatch match = table.match(endpoint.method(), PathNormaliser.normalise(
            probe.samplePath()));
        soft.assertThat(match).as(endpoint.method() + " " + pattern + " (" + endpoint.name()
            + ")").isInstanceOf(RouteMatch.Found.class);
        if (match instanceof RouteMatch.Found found) {
          soft.assertThat(shape(found.route().pattern())).as(pattern).isEqualTo(shape(pattern));
        }
      }
    }
    soft.assertAll();
  }

  @Test
  void everyRpcRouteIsOnBothPrefixesWithTheSameRule() {
    Set<String> seen = new HashSet<>();
    for (Route route : table.routes()) {
      String p = route.pattern();
      String twin = p.startsWith("/api/") ? "/ajax-api/" + p.substring(5)
          : p.startsWith("/ajax-api/") ? "/api/" + p.substring(10) : null;
      if (twin == null) {
        continue;
      }
      assertThat(table.routes())
          .as("twin of " + route)
          .anyMatch(r -> r.method().equals(route.method()) && r.pattern().equals(twin)
              && r.upstream() == route.upstream() && r.access() == route.access()
              && r.signedUpload() == route.signedUpload());
      seen.add(route.method() + " " + p);
    }
    assertThat(seen).hasSizeGreaterThan(250);
  }

  @Test
  void eachRoutesSamplePathLeadsToARouteWithTheSameRule() throws Exception {
    // Overlapping patterns (traces/get vs traces/{trace_id}) must not change service or role.
    for (Route route : table.routes()) {
      RouteMatch match = table.match(route.method(), PathNormaliser.normalise(route.samplePath()));
      assertThat(match).as(route.toString()).isInstanceOf(RouteMatch.Found.class);
      Route found = ((RouteMatch.Found) match).route();
      assertThat(found).as(route.toString()).isEqualTo(route);
    }
  }

  @Test
  void literalRoutesWinOverParametersAsInFlask() throws Exception {
    Route found = ((RouteMatch.Found) table.match("GET",
        PathNormaliser.normalise("/api/3.0/mlflow/traces/get"))).route();
    assertThat(found.name()).isEqualTo("GetTrace");
    found = ((RouteMatch.Found) table.match("GET",
        PathNormaliser.normalise("/api/3.0/mlflow/traces/tr-123"))).route();
    assertThat(found.name()).isEqualTo("GetTraceInfoV3");
  }

  @Test
  void unknownPathsAndMethodsAreNotFound() throws Exception {
    assertThat(table.match("GET", PathNormaliser.normalise("/api/2.0/mlflow/runs/getx")))
        .isInstanceOf(RouteMatch.NotFound.class);
    assertThat(table.match("GET", PathNormaliser.normalise("/API/2.0/mlflow/runs/get")))
        .isInstanceOf(RouteMatch.NotFound.class);
    assertThat(table.match("GET", PathNormaliser.normalise("/internal/v1/tokens")))
        .isInstanceOf(RouteMatch.NotFound.class);
    assertThat(table.match("GET", PathNormaliser.normalise("/q/health")))
        .isInstanceOf(RouteMatch.NotFound.class);
    RouteMatch wrongMethod = table.match("DELETE",
        PathNormaliser.normalise("/api/2.0/mlflow/runs/get"));
    assertThat(wrongMethod).isEqualTo(new RouteMatch.MethodNotAllowed(Set.of("GET", "HEAD")));
    assertThat(table.match("HEAD", PathNormaliser.normalise("/api/2.0/mlflow/runs/get")))
        .isInstanceOf(RouteMatch.Found.class);
  }

  @Test
  void readOnlyPostsNeedOnlyAReader() {
    for (String path : List.of("/api/2.0/mlflow/runs/search", "/api/2.0/mlflow/experiments/search",
        "/api/2.0/mlflow/logged-models/search", "/api/3.0/mlflow/traces/search",
        "/api/2.0/mlflow/registered-models/get-latest-versions",
        "/api/2.0/mlflow/experiments/search-datasets", "/graphql")) {
      assertThat(table.routes()).as(path)
          .anyMatch(r -> r.method().equals("POST") && r.pattern().equals(path)
              && r.access() == Access.READER);
    }
  }

  /** POSTs that only read; everything else that is not a GET writes. */
  private static final Set<String> READ_ONLY_POSTS = Set.of("/graphql",
      "/mlflow/experiments/search", "/mlflow/experiments/search-datasets", "/mlflow/runs/search",
      "/mlflow/logged-models/search", "/mlflow/traces/search",
      "/mlflow/traces/calculate-filter-correlation", "/mlflow/datasets/search",
      "/mlflow/registered-models/get-latest-versions", "/jobs/search");
  /** Writes with effects beyond tracking data, purges, and token administration. */
  private static final Set<String> ADMIN_ONLY = Set.of("POST /mlflow/webhooks",
      "PATCH /mlflow/webhooks/{}", "DELETE /mlflow/webhooks/{}", "POST /mlflow/webhooks/{}/test",
      "POST /mlflow/workspaces", "PATCH /mlflow/workspaces/{}", "DELETE /mlflow/workspaces/{}",
      "POST /jobs", "POST /labtrack/v1/tokens", "GET /labtrack/v1/tokens",
      "DELETE /labtrack/v1/tokens/{}", "POST /labtrack/v1/gc");

  @Test
  void accessFollowsThePolicyRowByRow() {
    // An independent statement of the policy, so a wrong row in the table cannot hide behind the
    // access-matrix test (which checks that the gateway enforces the table, whatever it says).
    SoftAssertions soft = new SoftAssertions();
    for (Route route : table.routes()) {
      String path = shape(route.pattern()).replaceFirst("^/(api|ajax-api)/[0-9]\\.0", "")
          .replaceFirst("^/(api|ajax-api)(?=/labtrack/)", "");
      String key = route.method() + " " + path;
      Access expected = PUBLIC.contains(key) ? Access.PUBLIC
          : key.equals("DELETE /labtrack/v1/session") ? Access.READER
          : ADMIN_ONLY.contains(key) ? Access.ADMIN
          : route.method().equals("GET") || READ_ONLY_POSTS.contains(path) && route.method()
              .equals("POST") ? Access.READER
          : Access.EDITOR;
      soft.assertThat(route.access()).as(route.toString()).isEqualTo(expected);
    }
    soft.assertAll();
  }

  @Test
  void artifactRoutesGoToArtifactServiceAndNothingElseDoes() {
    for (Route route : table.routes()) {
      boolean artifact = route.pattern().contains("/mlflow-artifacts/")
          || route.pattern().contains("get-artifact")
          || route.pattern().endsWith("/mlflow/artifacts/list")
          || route.pattern().contains("/artifacts/directories")
          || route.pattern().contains("/artifacts/files")
          || route.pattern().endsWith("/upload-artifact")
          || route.pattern().endsWith("/get-trace-artifact")
          || route.pattern().endsWith("/labtrack/v1/gc");
      assertThat(route.upstream() == Upstream.ARTIFACTS).as(route.toString()).isEqualTo(artifact);
    }
  }

  /** Health, the UI's shell and code (data comes through authenticated routes), sign-in. */
  private static final Set<String> PUBLIC = Set.of("GET /health", "GET /", "GET /favicon.ico",
      "GET /static/{}", "POST /labtrack/v1/session");

  @Test
  void onlyHealthTheUiShellAndSignInArePublicAndOnlyPartUploadsMaySkipCredentials() {
    assertThat(table.routes().stream().filter(r -> r.access() == Access.PUBLIC))
        .extracting(r -> r.method() + " " + r.pattern()).containsExactlyInAnyOrder(
            "GET /health", "GET /", "GET /favicon.ico", "GET /static/{path+}",
            "POST /api/labtrack/v1/session", "POST /ajax-api/labtrack/v1/session");
    assertThat(table.routes().stream().filter(Route::signedUpload))
        .allMatch(r -> r.method().equals("PUT") && r.pattern().contains("/mlflow-artifacts/mpu/part/"))
        .hasSize(2);
  }

  @Test
  void countsAreKnown() {
    // A change here is a change of the gateway's surface: update README's route count too.
    assertThat(table.routes().size()).isEqualTo(EXPECTED_ROUTES);
  }

  static final int EXPECTED_ROUTES = 286;

  private static String shape(String pattern) {
    return pattern.replaceAll("\\{[^}]*}", "{}");
  }
}
