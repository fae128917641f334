package dev.jobsservice.data;

import java.util.Map;

/**
 * What {@code GET /data} looks for: records with a value that contains {@code search}, ignoring
 * case (null: any), and whose fields equal every one of {@code filters} (field name exactly, value
 * ignoring case; a numeric value also matches its other spellings: 1910 finds 1910.0).
 */
public record DataQuery(String search, Map<String, String> filters) {
  public static final DataQuery ALL = new DataQuery(null, Map.of());

  public DataQuery {
    search = search == null || search.isEmpty() ? null : search;
    filters = filters == null ? Map.of() : Map.copyOf(filters);
  }

  boolean isEmpty() {
    return search == null && filters.isEmpty();
  }
}
