package dev.jobsservice.data;

import java.util.Map;
import java.util.UUID;

/** Which id a record is stored under. */
final class Ids {
  /** Ids are hash fields and URL path segments: a longer one is a mistake, not an id. */
  static final int MAX_LENGTH = 512;

  private Ids() {
  }

  /**
   * The record's id: the string or number in {@code idField} when one is named (else the row is
   * skipped); without one, its {@code id} when it has a usable one, else a generated id that is
   * also stored in {@code id}. Null when the row is skipped; the reason goes to {@code skips}.
   */
  static String of(Map<String, Object> record, String idField, long line, Skips skips) {
    String field = idField == null ? "id" : idField;
    Object value = record.get(field);
    if ((value == null || "".equals(value)) && idField == null) {
      String generated = UUID.randomUUID().toString();
      record.put("id", generated);
      return generated;
    }
    String id = value instanceof String s ? s : value instanceof Number n ? SearchText.number(n) : null;
    if (id == null || id.isEmpty()) {
      skips.add(line, value == null ? "no value in the id field '" + field + "'"
          : "the id field '" + field + "' holds " + (id == null ? "a " + kind(value) : "an empty string"));
      return null;
    }
    if (id.length() > MAX_LENGTH) {
      skips.add(line, "the id in field '" + field + "' is longer than " + MAX_LENGTH + " characters");
      return null;
    }
    return id;
  }

  private static String kind(Object value) {
    return value instanceof Map ? "JSON object" : value instanceof java.util.List ? "JSON array"
        : value instanceof Boolean ? "boolean" : value.getClass().getSimpleName();
  }
}
