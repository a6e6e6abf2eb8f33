package org.labtrack.gateway.admin;

import static jakarta.ws.rs.core.MediaType.APPLICATION_JSON;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Response;
import java.util.concurrent.CompletionStage;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;
import org.labtrack.common.error.ErrorCode;
import org.labtrack.common.error.MlflowException;
import org.labtrack.gateway.auth.Role;
import org.labtrack.gateway.auth.UserStore;
import org.labtrack.gateway.tokens.InternalTokenApi;
import org.labtrack.gateway.tokens.TokenVerifier;

/**
 * Token administration for {@code MLFLOW_TRACKING_TOKEN} users: issue, list, revoke. The route
 * table lets only admins in; the tokens themselves live in tracking-service's database behind its
 * internal API, whose answers (errors included) are passed on as they come.
 */
@Path("/{prefix:api|ajax-api}/labtrack/v1/tokens")
@Produces(APPLICATION_JSON)
@Consumes(APPLICATION_JSON)
public class TokensResource {
  private final InternalTokenApi api;
  private final TokenVerifier verifier;
  private final UserStore users;

  TokensResource(InternalTokenApi api, TokenVerifier verifier, UserStore users) {
    this.api = api;
    this.verifier = verifier;
    this.users = users;
  }

  /** {@code expires_at} in epoch milliseconds, or null for a token that never expires. */
  public record IssueTokenRequest(String user, String description,
      @JsonProperty("expires_at") Long expiresAt) {
  }

  @POST
  public CompletionStage<Response> issueToken(IssueTokenRequest request, RoutingContext ctx) {
    String admin = Caller.require(ctx, Role.ADMIN).user();
    if (request == null || request.user() == null || request.user().isBlank()) {
      throw MlflowException.missingParameter("user");
    }
    if (!users.exists(request.user())) {
      throw MlflowException.invalidParameter("User '" + request.user() + "' does not exist in "
          + "the gateway's users file; add the user first.");
    }
    JsonObject body = new JsonObject()
        .put("user", request.user())
        .put("description", request.description())
        .put("expires_at", request.expiresAt());
    return relay(api.issue(admin, body));
  }

  @GET
  public CompletionStage<Response> listTokens(@RestQuery String user, RoutingContext ctx) {
    return relay(api.list(Caller.require(ctx, Role.ADMIN).user(), user));
  }

  @DELETE
  @Path("/{tokenId}")
  public CompletionStage<Response> revokeToken(@RestPath String tokenId, RoutingContext ctx) {
    String admin = Caller.require(ctx, Role.ADMIN).user();
    return relay(api.revoke(admin, tokenId).onSuccess(reply -> {
      if (reply.ok()) {
        verifier.evict(tokenId);
      }
    }));
  }

  private static CompletionStage<Response> relay(Future<InternalTokenApi.Reply> call) {
    return call.transform(ar -> ar.succeeded()
            ? Future.succeededFuture(Response.status(ar.result().status())
                .type(ar.result().contentType())
                .entity(ar.result().body().getBytes())
                .build())
            : Future.<Response>failedFuture(new MlflowException(
                ErrorCode.TEMPORARILY_UNAVAILABLE,
                "The token store (tracking-service) cannot be reached; please retry shortly.",
                ar.cause())))
        .toCompletionStage();
  }
}
