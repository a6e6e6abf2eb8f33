package org.labtrack.tracking.domain;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.cache.CaffeineCacheMetrics;
import io.quarkus.runtime.annotations.RegisterForReflection;
import io.quarkus.runtime.configuration.MemorySize;
import java.util.function.ToIntFunction;

/**
 * What this replica last read of a run, each value kept with the run's data version it was read
 * at (V5's migration). Every change to a run moves that version in the database in the change's
 * own transaction, whichever replica makes it, so a value is served only while the database still
 * holds its version: the reader checks the version (one read of the run's row) instead of
 * reading everything again. The run's row must be read before what is kept, so a kept value is
 * never older than its version.
 *
 * <p>Bounded by the bytes it holds (0 turns it off). Hits, misses and evictions are on
 * {@code /q/metrics} as {@code cache_*{cache="<name>"}}.
 */
// Caffeine loads its cache class by name (strong keys and values, stats, maximum weight: SSSMW);
// quarkus-caffeine registers the common ones for native images, not this one. Its node class,
// PSMW, is among them.
@RegisterForReflection(classNames = "com.github.benmanes.caffeine.cache.SSSMW")
final class RunVersionCache<V> {
  /** Roughly what an entry costs beside its value: the key, the entry and the map's node. */
  private static final int ENTRY_OVERHEAD = 160;

  private record Entry<V>(long version, V value) {
  }

  private final Cache<String, Entry<V>> cache;

  RunVersionCache(String name, MemorySize size, ToIntFunction<V> bytes, MeterRegistry registry) {
    long max = size.asLongValue();
    if (max <= 0) {
      cache = null;
      return;
    }
    cache = Caffeine.newBuilder()
        .maximumWeight(max)
        .<String, Entry<V>>weigher((key, entry) -> ENTRY_OVERHEAD + bytes.applyAsInt(entry.value()))
        .recordStats()
        .build();
    CaffeineCacheMetrics.monitor(registry, cache, name);
  }

  /** The value if it was kept at exactly this version, else null. */
  V get(String key, long version) {
    Entry<V> entry = cache == null ? null : cache.getIfPresent(key);
    return entry != null && entry.version() == version ? entry.value() : null;
  }

  /** Keeps the value read at this version, unless one of a newer version is already kept. */
  void put(String key, long version, V value) {
    if (cache != null) {
      cache.asMap().merge(key, new Entry<>(version, value),
          (kept, read) -> read.version() >= kept.version() ? read : kept);
    }
  }
}
