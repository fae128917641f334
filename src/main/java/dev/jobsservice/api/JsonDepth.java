package dev.jobsservice.api;

import io.vertx.core.buffer.Buffer;

/**
 * Measures how deep a JSON text nests before it is decoded, so that a body of ten thousand
 * opening brackets is refused in one cheap pass rather than walked by the parser and stored.
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
}
