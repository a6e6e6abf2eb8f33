package org.labtrack.tracking.api;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The answers of runs/get and runs/search, written around runs that are JSON already (see
 * {@code RunVersionCache}) the way the JSON settings would write the messages: a search that
 * finds nothing answers {@code {}}, and no token means no {@code next_page_token}.
 */
final class RunAnswers {
  private static final byte[] RUN = bytes("{\"run\":");
  private static final byte[] RUNS = bytes("\"runs\":[");
  private static final byte[] TOKEN = bytes("\"next_page_token\":\"");

  private RunAnswers() {
  }

  /** {@code GetRun.Response}. */
  static byte[] run(byte[] run) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(run.length + RUN.length + 1);
    out.writeBytes(RUN);
    out.writeBytes(run);
    out.write('}');
    return out.toByteArray();
  }

  /** {@code SearchRuns.Response}. */
  static byte[] page(List<byte[]> runs, String nextPageToken) {
    int size = 64 + (nextPageToken == null ? 0 : nextPageToken.length());
    for (byte[] run : runs) {
      size += run.length + 1;
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(size);
    out.write('{');
    if (!runs.isEmpty()) {
      out.writeBytes(RUNS);
      for (int i = 0; i < runs.size(); i++) {
        if (i > 0) {
          out.write(',');
        }
        out.writeBytes(runs.get(i));
      }
      out.write(']');
    }
    if (nextPageToken != null) {
      if (!runs.isEmpty()) {
        out.write(',');
      }
      out.writeBytes(TOKEN);
      out.writeBytes(JsonStringEncoder.getInstance().quoteAsUTF8(nextPageToken));
      out.write('"');
    }
    out.write('}');
    return out.toByteArray();
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
