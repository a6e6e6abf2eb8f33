package org.labtrack.gateway.admin;

import static jakarta.ws.rs.core.MediaType.APPLICATION_JSON;

import io.vertx.ext.web.RoutingContext;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import org.labtrack.gateway.auth.GatewayIdentity;

/** Who the caller is and what they may do; the web UI hides write controls from readers. */
@Path("/{prefix:api|ajax-api}/labtrack/v1/users/current")
@Produces(APPLICATION_JSON)
public class CurrentUserResource {

  /** {@code auth} is {@code basic}, {@code token} or {@code session} (the web UI). */
  public record CurrentUser(String user, String role, String auth) {
  }

  @GET
  public CurrentUser currentUser(RoutingContext ctx) {
    GatewayIdentity identity = Caller.require(ctx);
    return new CurrentUser(identity.user(), identity.role().fileName(),
        identity.via().name().toLowerCase(java.util.Locale.ROOT));
  }
}
