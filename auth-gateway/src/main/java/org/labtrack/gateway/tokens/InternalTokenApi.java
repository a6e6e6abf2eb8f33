package org.labtrack.gateway.tokens;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import jakarta.inject.Singleton;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.labtrack.common.internal.Internal;
import org.labtrack.gateway.proxy.UpstreamClients;
import org.labtrack.gateway.routing.PathNormaliser;
import org.labtrack.gateway.routing.Upstream;

/**
 * Client of tracking-service's token store, {@code /internal/v1/tokens}. That API is never in the
 * route table; only the gateway reaches it, with the internal secret.
 */
@Singleton
public class InternalTokenApi {
  static final String BASE = "/internal/v1/tokens";

  private final UpstreamClients clients;
  private final Optional<String> secret;

  InternalTokenApi(UpstreamClients clients,
      @ConfigProperty(name = Internal.SECRET_KEY) Optional<String> secret) {
    this.clients = clients;
    this.secret = secret.filter(s -> !s.isBlank());
  }

  /** An answer of the token store, passed on to admins as it came. */
  public record Reply(int status, String contentType, Buffer body) {
    public boolean ok() {
      return status == 200;
    }

    public JsonObject json() {
      return body.length() == 0 ? new JsonObject() : body.toJsonObject();
    }
  }

  /** {@code POST /internal/v1/tokens}. */
  public Future<Reply> issue(String actingUser, JsonObject request) {
    return call(HttpMethod.POST, BASE, actingUser, request.toBuffer());
  }

  /** {@code GET /internal/v1/tokens[?user=]}. */
  public Future<Reply> list(String actingUser, String user) {
    String uri = user == null || user.isEmpty()
        ? BASE
        : BASE + "?user=" + java.net.URLEncoder.encode(user, java.nio.charset.StandardCharsets.UTF_8);
    return call(HttpMethod.GET, uri, actingUser, null);
  }

  /** {@code DELETE /internal/v1/tokens/{id}}. */
  public Future<Reply> revoke(String actingUser, String id) {
    return call(HttpMethod.DELETE, BASE + "/" + PathNormaliser.encodeSegment(id), actingUser,
        null);
  }

  /** {@code POST /internal/v1/tokens/verify}. */
  public Future<Reply> verify(String token) {
    return call(HttpMethod.POST, BASE + "/verify", null,
        new JsonObject().put("token", token).toBuffer());
  }

  private Future<Reply> call(HttpMethod method, String uri, String actingUser, Buffer body) {
    RequestOptions options = clients.request(Upstream.TRACKING, method, uri);
    MultiMap headers = options.getHeaders() == null ? MultiMap.caseInsensitiveMultiMap()
        : options.getHeaders();
    headers.set(HttpHeaders.ACCEPT, "application/json");
    secret.ifPresent(s -> headers.set(Internal.TOKEN_HEADER, s));
    if (actingUser != null) {
      headers.set(Internal.USER_HEADER, actingUser);
    }
    if (body != null) {
      headers.set(HttpHeaders.CONTENT_TYPE, "application/json");
    }
    options.setHeaders(headers);
    return clients.target(Upstream.TRACKING).client().request(options)
        .compose(request -> body == null ? request.send() : request.send(body))
        .compose(response -> response.body().map(buffer -> reply(response, buffer)));
  }

  private static Reply reply(HttpClientResponse response, Buffer body) {
    String type = response.getHeader(HttpHeaders.CONTENT_TYPE);
    return new Reply(response.statusCode(), type == null ? "application/json" : type, body);
  }
}
