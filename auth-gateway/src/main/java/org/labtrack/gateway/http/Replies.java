package org.labtrack.gateway.http;

import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.json.JsonObject;
import org.labtrack.common.error.ErrorCode;

/**
 * The gateway's own answers, in MLflow's {@code {"error_code", "message"}} JSON. Also decides what
 * happens to a request body nobody will read: a small one is drained so the connection can be
 * reused; after a large one (an upload refused before it started) the connection closes, once
 * the client has had the time to read the answer ({@link Lingering}), so a refused 5 GiB PUT
 * costs at most a few seconds and 64 MiB of reading.
 */
public final class Replies {
  private static final long DRAIN_LIMIT = 64 * 1024;

  private Replies() {
  }

  public static void error(HttpServerRequest request, ErrorCode code, String message) {
    error(request, code.httpStatus(), code, message, null);
  }

  public static void error(HttpServerRequest request, int status, ErrorCode code, String message,
      MultiMap headers) {
    HttpServerResponse response = request.response();
    if (response.ended() || response.closed()) {
      return;
    }
    if (response.headWritten()) {
      // Half an answer is already out; the only honest thing left is to cut the connection.
      breakOff(request);
      return;
    }
    Buffer body = new JsonObject().put("error_code", code.name()).put("message", message)
        .toBuffer();
    response.setStatusCode(status)
        .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
        .putHeader(HttpHeaders.CONTENT_LENGTH, Integer.toString(body.length()));
    if (headers != null) {
      response.headers().addAll(headers);
    }
    if (request.isEnded()) {
      response.end(body);
    } else if (isSmall(request)) {
      request.handler(chunk -> { });
      request.resume();
      response.end(body);
    } else {
      response.putHeader(HttpHeaders.CONNECTION, HttpHeaders.CLOSE);
      response.end(body).onComplete(done -> Lingering.close(request));
    }
  }

  /**
   * Breaks off an answer already under way: on HTTP/1.1 by closing its connection (the only way
   * to tell the client the body is incomplete), on HTTP/2 by resetting its stream. Not with
   * {@code response.reset()} on HTTP/1.1: Vert.x 4.5 marks a response it closes that way as
   * closed and then skips its close and end handlers, so Quarkus counts the request as running
   * for ever and the gateway's next shutdown waits out its whole timeout.
   */
  public static void breakOff(HttpServerRequest request) {
    if (request.version() == HttpVersion.HTTP_2) {
      request.response().reset();
    } else {
      request.connection().close();
    }
  }

  private static boolean isSmall(HttpServerRequest request) {
    if (request.getHeader(HttpHeaders.TRANSFER_ENCODING) != null) {
      return false;
    }
    String length = request.getHeader(HttpHeaders.CONTENT_LENGTH);
    if (length == null) {
      return true; // HTTP/1.1: neither header means no body
    }
    try {
      return Long.parseLong(length.trim()) <= DRAIN_LIMIT;
    } catch (NumberFormatException e) {
      return false;
    }
  }
}
