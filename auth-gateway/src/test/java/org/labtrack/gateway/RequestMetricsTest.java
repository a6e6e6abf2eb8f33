package org.labtrack.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.io.InputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.labtrack.gateway.routing.Route;
import org.labtrack.gateway.routing.RouteTable;
import org.labtrack.gateway.routing.Upstream;
import org.labtrack.gateway.support.AccessRules;
import org.labtrack.gateway.support.GatewayClient;
import org.labtrack.gateway.support.GatewayProfile;
import org.labtrack.gateway.support.TestUser;

/**
 * The gateway's request metrics: one series per route of the table that it forwards, never one
 * per raw path.
 */
@QuarkusTest
@TestProfile(GatewayProfile.class)
class RequestMetricsTest {
  @TestHTTPResource(value = "/metrics", management = true)
  URL metrics;

  @Test
  void everyRouteHasItsOwnSeriesNamedByItsPattern() throws Exception {
    List<Route> routes = RouteTable.instance().routes();
    for (Route route : routes) {
      GatewayClient.send(route.method(), route.samplePath(), TestUser.CAROL.basic(),
          AccessRules.sampleBody(route));
    }
    String scraped;
    try (InputStream in = metrics.openStream()) {
      scraped = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    List<String> requests = scraped.lines()
        .filter(l -> l.startsWith("http_server_requests_seconds_count{")).toList();
    // More routes than micrometer's default cap of 100 uri tags: each must still be counted.
    // (Routes the gateway answers itself are named by Quarkus, after their JAX-RS templates.)
    List<Route> forwarded = routes.stream().filter(r -> r.upstream() != Upstream.GATEWAY)
        .toList();
    assertThat(forwarded.stream().map(Route::pattern).distinct().count()).isGreaterThan(100);
    for (Route route : forwarded) {
      assertThat(requests).as(route.toString())
          .anyMatch(l -> l.contains("uri=\"" + route.pattern() + "\""));
    }
    assertThat(requests).as("series named after a raw path")
        .noneMatch(l -> l.contains("m-0a1b2c3d") || l.contains("/weights.bin"));
  }
}
