package org.labtrack.tracking.registry.domain.search;

/** One ORDER BY term over a named column of the searched table. */
public record SortKey(String column, boolean ascending) {
}
