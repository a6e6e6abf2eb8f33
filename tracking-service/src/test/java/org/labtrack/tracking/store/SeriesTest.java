package org.labtrack.tracking.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.labtrack.tracking.store.MetricStore.HistoryCursor;
import org.labtrack.tracking.store.MetricStore.Point;

class SeriesTest {

  @Test
  void pointsComeBackAsLoggedNanAndClampedInfinityIncluded() {
    List<Point> logged = List.of(Point.of("m", 1.5, 10, 0), Point.of("m", Double.NaN, 11, 1),
        Point.of("m", Double.POSITIVE_INFINITY, 12, 2), Point.of("m", -0.25, 13, -3));
    Series series = Series.decode("m", List.of(Series.encode(logged)));
    assertEquals(logged, all(series));
    assertEquals(new Point("m", 0.0, 11, 1, true), series.point(1));
  }

  @Test
  void chunksWrittenOutOfOrderReadInHistoryOrder() {
    List<Point> late = List.of(Point.of("m", 5, 500, 5), Point.of("m", 6, 600, 6));
    List<Point> early = List.of(Point.of("m", 3, 300, 3), Point.of("m", 1, 100, 1));
    Series series = Series.decode("m", List.of(Series.encode(late), Series.encode(early)));
    assertEquals(List.of(early.get(1), early.get(0), late.get(0), late.get(1)), all(series));
  }

  @Test
  void aPointStoredTwiceIsReadOnce() {
    List<Point> batch = List.of(Point.of("m", 1, 100, 1), Point.of("m", 2, 200, 2));
    byte[] chunk = Series.encode(batch);
    Series series = Series.decode("m", List.of(chunk, chunk,
        Series.encode(List.of(Point.of("m", 2, 200, 2), Point.of("m", 2.5, 200, 2)))));
    assertEquals(List.of(batch.get(0), batch.get(1), Point.of("m", 2.5, 200, 2)), all(series));
  }

  @Test
  void aSeriesCutIntoChunksReadsBackTheSame() {
    List<byte[]> logged = new ArrayList<>();
    for (int i = 24; i >= 0; i--) {
      logged.add(Series.encode(List.of(Point.of("m", i % 7 == 0 ? Double.NaN : i, 100 + i, i))));
    }
    logged.add(logged.get(3)); // a retried write
    Series series = Series.decode("m", logged);
    List<byte[]> chunks = series.chunks(10);
    assertEquals(List.of(240, 240, 120), chunks.stream().map(c -> c.length).toList());
    assertEquals(all(series), all(Series.decode("m", chunks)));
    assertEquals(25, series.size());
    assertEquals(List.of(), Series.decode("m", List.of()).chunks(10));
  }

  @Test
  void orderIsTimestampThenStepThenValueWithNanAsZeroAfterZero() {
    List<Point> logged = List.of(Point.of("m", Double.NaN, 1, 1), Point.of("m", 0.0, 1, 1),
        Point.of("m", -1, 1, 1), Point.of("m", 9, 1, 0), Point.of("m", 9, 0, 5));
    assertEquals(List.of(Point.of("m", 9, 0, 5), Point.of("m", 9, 1, 0), Point.of("m", -1, 1, 1),
            Point.of("m", 0.0, 1, 1), Point.of("m", Double.NaN, 1, 1)),
        all(Series.decode("m", List.of(Series.encode(logged)))));
  }

  @Test
  void firstAfterFindsWhereTheNextPageStarts() {
    List<Point> logged = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      logged.add(Point.of("m", i, 1000 + i, i));
    }
    Series series = Series.decode("m", List.of(Series.encode(logged)));
    assertEquals(0, series.firstAfter(new HistoryCursor(0, 0, 0, false)));
    assertEquals(43, series.firstAfter(new HistoryCursor(1042, 42, 42, false)));
    // a cursor between points: the next one is the first greater
    assertEquals(42, series.firstAfter(new HistoryCursor(1042, 42, 41.5, false)));
    assertEquals(100, series.firstAfter(new HistoryCursor(1099, 99, 99, false)));
  }

  @Test
  void stepsAndPointsAtStepsForTheCharts() {
    List<Point> logged = List.of(Point.of("m", 1, 300, 2), Point.of("m", 2, 100, 2),
        Point.of("m", 3, 200, 1), Point.of("m", 4, 400, 5));
    Series series = Series.decode("m", List.of(Series.encode(logged)));
    assertEquals(List.of(1L, 2L, 5L), series.steps());
    assertEquals(List.of(Point.of("m", 2, 100, 2), Point.of("m", 1, 300, 2),
        Point.of("m", 4, 400, 5)), series.atSteps(List.of(2L, 5L), 10));
    assertEquals(List.of(Point.of("m", 2, 100, 2)), series.atSteps(List.of(2L, 5L), 1));
  }

  @Test
  void aChunkOfPartPointsIsRefused() {
    assertThrows(IllegalStateException.class, () -> Series.decode("m", List.of(new byte[25])));
  }

  private static List<Point> all(Series series) {
    List<Point> points = new ArrayList<>();
    series.forEach(points::add);
    assertEquals(points, series.page(null, Integer.MAX_VALUE));
    return points;
  }
}
