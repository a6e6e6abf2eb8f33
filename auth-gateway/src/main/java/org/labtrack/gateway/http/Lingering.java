package org.labtrack.gateway.http;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServerRequest;

/**
 * Closes the connection of a request whose body was answered before it was read. Closing a
 * socket with unread data makes the kernel send a reset, which can wipe the answer from the
 * client's receive buffer before the client reads it (CI saw "header parser received no bytes"
 * for a refused 10 MB upload). So, as nginx's lingering close does, the rest of the body is read
 * and dropped first: until it ends, until nothing has arrived for {@link #IDLE_MILLIS}, or at
 * most {@link #MAX_BYTES} and {@link #MAX_MILLIS}, whichever comes first.
 */
public final class Lingering {
  static final long MAX_BYTES = 64L << 20;
  static final long MAX_MILLIS = 5_000;
  static final long IDLE_MILLIS = 1_000;

  private Lingering() {
  }

  /** Call on the request's event loop, once its answer has been sent. */
  public static void close(HttpServerRequest request) {
    HttpConnection connection = request.connection();
    Vertx vertx = Vertx.currentContext().owner();
    // Deferred: a pipe that was just closed clears the request's handlers as it finishes.
    vertx.getOrCreateContext().runOnContext(ignored -> {
      if (request.isEnded()) {
        connection.close();
        return;
      }
      long started = System.nanoTime();
      long[] dropped = {0};
      long[] idle = {0};
      Runnable close = () -> {
        vertx.cancelTimer(idle[0]);
        connection.close();
      };
      idle[0] = vertx.setTimer(IDLE_MILLIS, t -> connection.close());
      request.handler(chunk -> {
        dropped[0] += chunk.length();
        vertx.cancelTimer(idle[0]);
        if (dropped[0] > MAX_BYTES || System.nanoTime() - started > MAX_MILLIS * 1_000_000) {
          close.run();
        } else {
          idle[0] = vertx.setTimer(IDLE_MILLIS, t -> connection.close());
        }
      });
      request.endHandler(end -> close.run());
      request.exceptionHandler(failure -> vertx.cancelTimer(idle[0]));
      request.resume();
    });
  }
}
