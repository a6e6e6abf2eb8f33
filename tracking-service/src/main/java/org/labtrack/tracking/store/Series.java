package org.labtrack.tracking.store;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import org.labtrack.tracking.store.MetricStore.HistoryCursor;
import org.labtrack.tracking.store.MetricStore.Point;

/**
 * One metric's history, held as three columns in MLflow's history order (timestamp, step,
 * value), each point once, as MLflow's primary key on points keeps it.
 *
 * <p>Points are stored in chunks ({@code metric_chunks}, see V6's migration): a chunk is the
 * points of one key from one write, 24 bytes each (timestamp, step, the value's IEEE bits; NaN
 * for MLflow's {@code is_nan}). Writes append chunks without reading any; duplicates (a retried
 * request) and order are settled here, when the history is read. Chunks of points logged in
 * order, the usual case, arrive in order, so the sort is one pass that finds nothing to do.
 */
public final class Series {
  static final int POINT_BYTES = 24;

  private final String key;
  private final long[] timestamps;
  private final long[] steps;
  /** NaN stands for MLflow's {@code is_nan} (a stored value of 0). */
  private final double[] values;
  private int size;

  private Series(String key, int capacity) {
    this.key = key;
    timestamps = new long[capacity];
    steps = new long[capacity];
    values = new double[capacity];
  }

  /** The bytes of one chunk: the points in the order given. */
  static byte[] encode(List<Point> points) {
    ByteBuffer buffer = ByteBuffer.allocate(points.size() * POINT_BYTES);
    for (Point p : points) {
      put(buffer, p.timestamp(), p.step(), p.wireValue());
    }
    return buffer.array();
  }

  /** The series as chunks of at most {@code maxPoints} points each, in history order. */
  List<byte[]> chunks(int maxPoints) {
    List<byte[]> chunks = new ArrayList<>();
    for (int from = 0; from < size; from += maxPoints) {
      int to = Math.min(size, from + maxPoints);
      ByteBuffer buffer = ByteBuffer.allocate((to - from) * POINT_BYTES);
      for (int i = from; i < to; i++) {
        put(buffer, timestamps[i], steps[i], values[i]);
      }
      chunks.add(buffer.array());
    }
    return chunks;
  }

  /** One point as a chunk holds it ({@link #decode} reads it back); NaN stands for is_nan. */
  private static void put(ByteBuffer buffer, long timestamp, long step, double value) {
    buffer.putLong(timestamp).putLong(step).putDouble(value);
  }

  /** The history the chunks hold, ordered and without duplicates. */
  static Series decode(String key, List<byte[]> chunks) {
    int total = 0;
    for (byte[] chunk : chunks) {
      if (chunk.length % POINT_BYTES != 0) {
        throw new IllegalStateException("a chunk of metric '" + key + "' is " + chunk.length
            + " bytes, not whole points");
      }
      total += chunk.length / POINT_BYTES;
    }
    Series series = new Series(key, total);
    for (byte[] chunk : chunks) {
      ByteBuffer buffer = ByteBuffer.wrap(chunk);
      while (buffer.hasRemaining()) {
        int i = series.size++;
        series.timestamps[i] = buffer.getLong();
        series.steps[i] = buffer.getLong();
        series.values[i] = buffer.getDouble();
      }
    }
    series.sortAndDropDuplicates();
    return series;
  }

  public int size() {
    return size;
  }

  /** What the series holds in memory, for caches that count bytes (at most what an int holds). */
  public int bytes() {
    return (int) Math.min(Integer.MAX_VALUE, 64L + (long) timestamps.length * POINT_BYTES);
  }

  /** Up to {@code limit} points in history order, starting after {@code after} when given. */
  public List<Point> page(HistoryCursor after, int limit) {
    int from = after == null ? 0 : firstAfter(after);
    int to = (int) Math.min(size, (long) from + limit);
    List<Point> points = new ArrayList<>(Math.max(0, to - from));
    for (int i = from; i < to; i++) {
      points.add(point(i));
    }
    return points;
  }

  /** Hands every point to {@code sink} in history order. */
  public void forEach(Consumer<Point> sink) {
    for (int i = 0; i < size; i++) {
      sink.accept(point(i));
    }
  }

  /** Every step at which the metric was logged, ascending. */
  public List<Long> steps() {
    return Arrays.stream(steps, 0, size).sorted().distinct().boxed().toList();
  }

  /** The points at the given steps, ordered by step, timestamp, value. */
  public List<Point> atSteps(Collection<Long> wanted, int limit) {
    Set<Long> at = new HashSet<>(wanted);
    List<Point> points = new ArrayList<>();
    for (int i = 0; i < size; i++) {
      if (at.contains(steps[i])) {
        points.add(point(i));
      }
    }
    points.sort(Comparator.comparingLong(Point::step).thenComparingLong(Point::timestamp)
        .thenComparingDouble(Point::value));
    return points.size() > limit ? new ArrayList<>(points.subList(0, limit)) : points;
  }

  Point point(int i) {
    double v = values[i];
    return Double.isNaN(v)
        ? new Point(key, 0.0, timestamps[i], steps[i], true)
        : new Point(key, v, timestamps[i], steps[i], false);
  }

  /** Index of the first point after {@code cursor} in history order ({@link #size} if none). */
  int firstAfter(HistoryCursor cursor) {
    int low = 0;
    int high = size;
    while (low < high) {
      int mid = (low + high) >>> 1;
      if (compare(timestamps[mid], steps[mid], values[mid], cursor.timestamp(), cursor.step(),
          cursor.isNan() ? Double.NaN : cursor.value()) <= 0) {
        low = mid + 1;
      } else {
        high = mid;
      }
    }
    return low;
  }

  private void sortAndDropDuplicates() {
    if (!ordered()) {
      Integer[] order = new Integer[size];
      Arrays.setAll(order, i -> i);
      Arrays.sort(order, (a, b) -> compare(a, b));
      long[] ts = timestamps.clone();
      long[] st = steps.clone();
      double[] vs = values.clone();
      for (int i = 0; i < size; i++) {
        timestamps[i] = ts[order[i]];
        steps[i] = st[order[i]];
        values[i] = vs[order[i]];
      }
    }
    int kept = Math.min(size, 1);
    for (int i = 1; i < size; i++) {
      if (compare(kept - 1, i) != 0) {
        timestamps[kept] = timestamps[i];
        steps[kept] = steps[i];
        values[kept] = values[i];
        kept++;
      }
    }
    size = kept;
  }

  private boolean ordered() {
    for (int i = 1; i < size; i++) {
      if (compare(i - 1, i) > 0) {
        return false;
      }
    }
    return true;
  }

  private int compare(int a, int b) {
    return compare(timestamps[a], steps[a], values[a], timestamps[b], steps[b], values[b]);
  }

  /** MLflow's order (timestamp, step, value, is_nan), where a NaN is stored as 0 and is_nan. */
  private static int compare(long ts1, long step1, double v1, long ts2, long step2, double v2) {
    int c = Long.compare(ts1, ts2);
    if (c == 0) {
      c = Long.compare(step1, step2);
    }
    if (c == 0) {
      c = Double.compare(Double.isNaN(v1) ? 0.0 : v1, Double.isNaN(v2) ? 0.0 : v2);
    }
    if (c == 0) {
      c = Boolean.compare(Double.isNaN(v1), Double.isNaN(v2));
    }
    return c;
  }
}
