package org.labtrack.tracking.domain;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.cache.CaffeineCacheMetrics;
import io.quarkus.runtime.annotations.RegisterForReflection;
import jakarta.enterprise.context.ApplicationScoped;
import org.labtrack.tracking.config.TrackingConfig;

/**
 * The JSON of runs as this replica last answered with them, each kept with the data version it
 * was read at (V5's migration). Every change to a run moves that version in the database in the
 * change's own transaction, whichever replica makes it, so an entry is served only while the
 * database still holds its version. A page of unchanged runs then costs one read of their rows
 * instead of six reads of their children and the serialisation of all of it.
 *
 * <p>Bounded by the bytes it holds ({@code tracking.run-cache-size}; 0 turns it off). Hits,
 * misses and evictions are on {@code /q/metrics} as {@code cache_*{cache="run_answers"}}.
 */
@ApplicationScoped
// Caffeine loads its cache class by name (strong keys and values, stats, maximum weight: SSSMW);
// quarkus-caffeine registers the common ones for native images, not this one. Its node class,
// PSMW, is among them.
@RegisterForReflection(classNames = "com.github.benmanes.caffeine.cache.SSSMW")
public class RunAnswerCache {
  /** Roughly what an entry costs beside its JSON: the key, the entry and the map's node. */
  private static final int ENTRY_OVERHEAD = 160;

  private record Entry(long version, byte[] json) {
  }

  private final Cache<String, Entry> cache;

  RunAnswerCache(TrackingConfig config, MeterRegistry registry) {
    long bytes = config.runCacheSize().asLongValue();
    if (bytes <= 0) {
      cache = null;
      return;
    }
    cache = Caffeine.newBuilder()
        .maximumWeight(bytes)
        .<String, Entry>weigher((id, entry) -> ENTRY_OVERHEAD + entry.json().length)
        .recordStats()
        .build();
    CaffeineCacheMetrics.monitor(registry, cache, "run_answers");
  }

  /** The run's JSON if it was kept at exactly this version, else null. */
  byte[] get(String runId, long version) {
    Entry entry = cache == null ? null : cache.getIfPresent(runId);
    return entry != null && entry.version() == version ? entry.json() : null;
  }

  /** Keeps the run's JSON read at this version, unless a newer one is already kept. */
  void put(String runId, long version, byte[] json) {
    if (cache != null) {
      cache.asMap().merge(runId, new Entry(version, json),
          (kept, read) -> read.version() >= kept.version() ? read : kept);
    }
  }
}
