package dev.jobsservice.data;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;

/**
 * Finds a UTF-16 surrogate without its pair in a record, which JSON lets a client write as
 * {@code "\ud800"}. Java strings hold it, but it has no UTF-8 form: stored in Redis it would
 * silently become {@code "?"}, so such a row is skipped instead of stored changed, and a job body
 * holding one is refused (the API checks with this too).
 */
public final class Surrogates {
  private Surrogates() {
  }

  /** True when any string or key in the decoded {@code value} holds a lone surrogate. */
  public static boolean loneIn(Object value) {
    if (value instanceof String s) {
      return loneIn(s);
    }
    if (value instanceof JsonObject o) {
      return loneIn(o.getMap());
    }
    if (value instanceof JsonArray a) {
      return loneIn(a.getList());
    }
    if (value instanceof Map<?, ?> m) {
      for (Map.Entry<?, ?> e : m.entrySet()) {
        if (loneIn(e.getKey()) || loneIn(e.getValue())) {
          return true;
        }
      }
    } else if (value instanceof List<?> items) {
      for (Object item : items) {
        if (loneIn(item)) {
          return true;
        }
      }
    }
    return false;
  }

  private static boolean loneIn(String s) {
    for (int i = 0, n = s.length(); i < n; i++) {
      char c = s.charAt(i);
      if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
        i++; // A pair: one character outside the Basic Multilingual Plane, such as an emoji.
      } else if (Character.isSurrogate(c)) {
        return true;
      }
    }
    return false;
  }
}
