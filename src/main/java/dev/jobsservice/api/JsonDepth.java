package dev.jobsservice.api;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Measures how deep a JSON text nests before it is decoded, so that a body of ten thousand
 * opening brackets is refused in one cheap pass rather than walked by the parser and stored.
 * That pass reads bytes as UTF-8 and knows no comments, while the parser accepts comments and
 * detects UTF-16 and UTF-32: a quote inside a comment, or a UTF-16 character with a 0x22 byte,
 * hides brackets from it. So the decoded value is measured again ({@link #exceeds(Object, int)}),
 * which is the rule; the parser's own cap (1000 levels) bounds what can reach that far.
 */
final class JsonDepth {
  private JsonDepth() {
  }

  /** True when {@code json} opens more than {@code limit} arrays or objects inside each other. */
  static boolean exceeds(Buffer json, int limit) {
    int depth = 0;
    boolean inString = false;
    for (int i = 0, n = json.length(); i < n; i++) {
      byte b = json.getByte(i);
      if (inString) {
        if (b == '\\') {
          i++; // Skips the escaped character, which may be a quote.
        } else if (b == '"') {
          inString = false;
        }
      } else if (b == '"') {
        inString = true;
      } else if (b == '[' || b == '{') {
        if (++depth > limit) {
          return true;
        }
      } else if (b == ']' || b == '}') {
        depth--;
      }
    }
    return false;
  }

  /**
   * True when the decoded {@code value} nests more than {@code limit} arrays or objects. (Below
   * the top, a decoded value holds plain maps and lists, which JsonObject wraps only when read.)
   */
  static boolean exceeds(Object value, int limit) {
    Collection<?> children = children(value);
    if (children == null) {
      return false;
    }
    if (limit == 0) {
      return true;
    }
    for (Object child : children) {
      if (exceeds(child, limit - 1)) {
        return true;
      }
    }
    return false;
  }

  /** The values an array or object holds; null for anything else. */
  static Collection<?> children(Object value) {
    if (value instanceof JsonObject o) {
      return o.getMap().values();
    }
    if (value instanceof JsonArray a) {
      return a.getList();
    }
    if (value instanceof Map<?, ?> m) {
      return m.values();
    }
    return value instanceof List<?> l ? l : null;
  }
}
