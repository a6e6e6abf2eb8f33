package org.labtrack.gateway.support;

import io.quarkus.vertx.http.runtime.filters.QuarkusRequestWrapper;
import io.vertx.ext.web.Router;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The requests Quarkus counts as still running, seen the way its graceful shutdown sees them
 * (the request-done notification it waits for before stopping), by path and query.
 */
@Singleton
public class RequestsInFlight {
  private final Map<Object, String> running = new ConcurrentHashMap<>();

  void install(@Observes Router router) {
    // Just before the gateway's own handler, so every request is seen.
    router.route().order(Integer.MIN_VALUE + 1).handler(ctx -> {
      Object key = new Object();
      running.put(key, ctx.request().uri());
      QuarkusRequestWrapper.get(ctx.request()).addRequestDoneHandler(done -> running.remove(key));
      ctx.next();
    });
  }

  public List<String> uris() {
    return List.copyOf(running.values());
  }
}
