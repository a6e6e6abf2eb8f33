package org.labtrack.gateway.util;

import java.util.LinkedHashMap;
import java.util.Map;

/** Bounded maps for per-client and per-token state: memory stays fixed whatever clients send. */
public final class Lru {
  private Lru() {
  }

  /** An access-ordered map that forgets its least recently used entry beyond {@code max}. Not
   *  thread-safe; callers synchronise on it. */
  public static <K, V> Map<K, V> map(int max) {
    int limit = Math.max(1, max);
    return new LinkedHashMap<>(Math.min(limit, 1024), 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
        return size() > limit;
      }
    };
  }
}
