package org.labtrack.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;
import org.labtrack.gateway.auth.Role;
import org.labtrack.gateway.routing.Route;
import org.labtrack.gateway.routing.RouteTable;
import org.labtrack.gateway.routing.Upstream;
import org.labtrack.gateway.support.AccessRules;
import org.labtrack.gateway.support.GatewayClient;
import org.labtrack.gateway.support.GatewayProfile;
import org.labtrack.gateway.support.GatewayTestResource;
import org.labtrack.gateway.support.StubService;
import org.labtrack.gateway.support.TestUser;

/**
 * Every route of the table, on both prefixes, called by every kind of caller: nobody, each
 * role with a password, a user without a role, and users with bearer tokens. Each call must be
 * allowed exactly when the route's access rule says so; an allowed call must reach the right
 * service with the path as authorised and the caller's name, a refused one must reach nobody.
 */
@QuarkusTest
@TestProfile(GatewayProfile.class)
class RouteAccessMatrixTest {

  /** A caller: a name (null for nobody), a role (null for none), an Authorization value. */
  record Caller(String label, String user, Role role, String authorization) {
  }

  @Test
  void everyRouteAllowsExactlyTheRolesItNames() {
    GatewayTestResource.Services services = GatewayTestResource.services();
    List<Caller> callers = new ArrayList<>();
    callers.add(new Caller("nobody", null, null, null));
    for (TestUser user : TestUser.values()) {
      callers.add(new Caller(user.user(), user.user(), user.role(), user.basic()));
    }
    for (TestUser user : List.of(TestUser.ALICE, TestUser.BOB, TestUser.CAROL)) {
      callers.add(new Caller(user.user() + "-token", user.user(), user.role(),
          "Bearer " + GatewayClient.issueToken(user.user())));
    }

    SoftAssertions soft = new SoftAssertions();
    int calls = 0;
    for (Route route : RouteTable.instance().routes()) {
      String path = route.samplePath();
      String body = AccessRules.sampleBody(route);
      for (Caller caller : callers) {
        services.clear();
        HttpResponse<String> response = GatewayClient.send(route.method(), path,
            caller.authorization(), body);
        calls++;
        String what = caller.label() + " -> " + route;
        boolean allowed = AccessRules.allowed(route, caller.role());
        if (allowed) {
          soft.assertThat(response.statusCode()).as(what + ": " + response.body())
              .isNotIn(401, 403, 429).isLessThan(500);
          checkForwarded(soft, what, route, path, caller, services);
        } else {
          int expected = AccessRules.refusalStatus(caller.user() != null);
          soft.assertThat(response.statusCode()).as(what).isEqualTo(expected);
          soft.assertThat(new JsonObject(response.body()).getString("error_code")).as(what)
              .isEqualTo(expected == 401 ? "UNAUTHENTICATED" : "PERMISSION_DENIED");
          soft.assertThat(services.tracking().received()).as(what + " reached tracking")
              .isEmpty();
          soft.assertThat(services.artifacts().received()).as(what + " reached artifacts")
              .isEmpty();
        }
      }
    }
    soft.assertAll();
    assertThat(calls).isEqualTo(RouteTable.instance().routes().size() * callers.size());
  }

  private static void checkForwarded(SoftAssertions soft, String what, Route route, String path,
      Caller caller, GatewayTestResource.Services services) {
    StubService target = route.upstream() == Upstream.TRACKING ? services.tracking()
        : route.upstream() == Upstream.ARTIFACTS ? services.artifacts() : null;
    StubService other = target == services.tracking() ? services.artifacts() : services.tracking();
    if (target == null) {
      // The gateway answers these itself; no service may see them.
      soft.assertThat(services.tracking().received()).as(what).isEmpty();
      soft.assertThat(services.artifacts().received()).as(what).isEmpty();
      return;
    }
    soft.assertThat(other.received()).as(what + " reached the wrong service").isEmpty();
    List<StubService.Received> received = target.received();
    soft.assertThat(received).as(what).hasSize(1);
    if (received.size() != 1) {
      return;
    }
    StubService.Received request = received.get(0);
    soft.assertThat(request.method()).as(what).isEqualTo(route.method());
    soft.assertThat(request.target()).as(what).isEqualTo(path);
    soft.assertThat(request.header("X-LabTrack-User")).as(what).isEqualTo(caller.user());
    soft.assertThat(request.header("X-LabTrack-Internal-Token")).as(what)
        .isEqualTo(GatewayTestResource.SECRET);
    soft.assertThat(request.hasHeader("Authorization")).as(what).isFalse();
  }
}
