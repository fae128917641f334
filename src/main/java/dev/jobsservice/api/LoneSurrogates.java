package dev.jobsservice.api;

import io.vertx.core.json.JsonObject;
import java.util.Collection;
import java.util.Map;

/**
 * Finds text that is not Unicode: a UTF-16 surrogate without its pair, which JSON lets a client
 * write as {@code "\ud800"} (and the parser also takes from CESU-8 bytes). Java strings hold it,
 * but it has no UTF-8 form: stored in Redis it silently became {@code "?"}. Refused instead.
 */
final class LoneSurrogates {
  private LoneSurrogates() {
  }

  /** True when any string or object key in the decoded {@code value} holds a lone surrogate. */
  static boolean in(Object value) {
    if (value instanceof String s) {
      return in(s);
    }
    if (value instanceof JsonObject o) {
      return in(o.getMap());
    }
    if (value instanceof Map<?, ?> m) {
      for (Map.Entry<?, ?> e : m.entrySet()) {
        if (in(e.getKey()) || in(e.getValue())) {
          return true;
        }
      }
      return false;
    }
    Collection<?> items = JsonDepth.children(value);
    if (items != null) {
      for (Object item : items) {
        if (in(item)) {
          return true;
        }
      }
    }
    return false;
  }

  private static boolean in(String s) {
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
