package org.labtrack.tracking.domain.search;

/**
 * One validated order_by clause.
 *
 * @param entity METRIC, PARAM, TAG or ATTRIBUTE
 * @param key the metric/param/tag key or the canonical attribute name ({@code created} is
 *     translated to {@code start_time})
 * @param ascending true unless DESC was given
 */
public record OrderKey(SearchEntity entity, String key, boolean ascending) {
}
