package org.labtrack.benchmark;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

/** Per-endpoint latency histograms and error counts for one phase. */
final class Stats {
  static final class Endpoint {
    final Histogram latency = new ConcurrentHistogram(3_600_000_000_000L, 3);
    final LongAdder errors = new LongAdder();
    /** A timing made of other requests (say, all pages of a read); not a request itself. */
    volatile boolean derived;
  }

  private final Map<String, Endpoint> endpoints = new ConcurrentHashMap<>();
  private final Map<String, Integer> order = new ConcurrentHashMap<>();

  void record(String label, long nanos, boolean ok) {
    order.putIfAbsent(label, order.size());
    Endpoint e = endpoints.computeIfAbsent(label, k -> new Endpoint());
    e.latency.recordValue(Math.max(1, nanos));
    if (!ok) {
      e.errors.increment();
    }
  }

  /** Records a timing that spans requests already recorded, so it adds nothing to the total. */
  void recordDerived(String label, long nanos, boolean ok) {
    record(label, nanos, ok);
    endpoints.get(label).derived = true;
  }

  /** Endpoints in the order they were first seen. */
  Map<String, Endpoint> snapshot() {
    Map<String, Endpoint> ordered = new LinkedHashMap<>();
    order.entrySet().stream().sorted(Map.Entry.comparingByValue())
        .forEach(e -> ordered.put(e.getKey(), endpoints.get(e.getKey())));
    return ordered;
  }

  long totalRequests() {
    return endpoints.values().stream().filter(e -> !e.derived)
        .mapToLong(e -> e.latency.getTotalCount()).sum();
  }
}
