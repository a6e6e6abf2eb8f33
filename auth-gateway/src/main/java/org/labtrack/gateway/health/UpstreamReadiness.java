package org.labtrack.gateway.health;

import io.smallrye.health.api.AsyncHealthCheck;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Future;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import java.time.Duration;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.labtrack.gateway.proxy.UpstreamClients;
import org.labtrack.gateway.routing.Upstream;

/**
 * Readiness of one service behind the gateway: its {@code GET /health} answers {@code 200}
 * within two seconds. The gateway itself is ready when every service is.
 */
abstract class UpstreamReadiness implements AsyncHealthCheck {
  private static final Duration TIMEOUT = Duration.ofSeconds(2);

  private final UpstreamClients clients;
  private final Upstream upstream;

  UpstreamReadiness(UpstreamClients clients, Upstream upstream) {
    this.clients = clients;
    this.upstream = upstream;
  }

  @Override
  public Uni<HealthCheckResponse> call() {
    UpstreamClients.Target target = clients.target(upstream);
    HealthCheckResponseBuilder builder = HealthCheckResponse.named(upstream.serviceName())
        .withData("url", target.baseUrl().toString());
    RequestOptions options = clients.request(upstream, HttpMethod.GET, "/health")
        .setIdleTimeout(TIMEOUT.toMillis());
    Future<HealthCheckResponse> probe = target.client().request(options)
        .compose(request -> request.send())
        .compose(response -> response.body().map(body -> response.statusCode() == 200
            ? builder.up().build()
            : builder.down().withData("status", response.statusCode()).build()))
        .recover(failure -> Future.succeededFuture(builder.down()
            .withData("error", String.valueOf(failure.getMessage())).build()));
    return Uni.createFrom().completionStage(probe.toCompletionStage());
  }
}
