package dev.jobsservice.api;

import io.vertx.core.buffer.Buffer;

/**
 * Checks that a body is well-formed UTF-8 (RFC 3629) before the JSON parser sees it. The parser's
 * own decoder lets overlong forms through ({@code C0 AF} became "/") and decodes the UTF-8 form
 * of a surrogate ({@code ED A0 80}), neither of which is UTF-8. One pass, no copy.
 */
final class Utf8 {
  private Utf8() {
  }

  static boolean isValid(Buffer bytes) {
    int n = bytes.length();
    int i = 0;
    while (i < n) {
      int b = bytes.getByte(i) & 0xFF;
      if (b < 0x80) {
        i++;
        continue;
      }
      // The lead byte says how many continuation bytes follow, and the range of the first one
      // (narrowed after E0, ED, F0, F4 to exclude overlong forms, surrogates, and past U+10FFFF).
      int more;
      int lo = 0x80;
      int hi = 0xBF;
      if (b >= 0xC2 && b <= 0xDF) {
        more = 1;
      } else if (b >= 0xE0 && b <= 0xEF) {
        more = 2;
        lo = b == 0xE0 ? 0xA0 : lo;
        hi = b == 0xED ? 0x9F : hi;
      } else if (b >= 0xF0 && b <= 0xF4) {
        more = 3;
        lo = b == 0xF0 ? 0x90 : lo;
        hi = b == 0xF4 ? 0x8F : hi;
      } else {
        return false;
      }
      if (i + more >= n) {
        return false; // cut short at the end
      }
      for (int k = 1; k <= more; k++) {
        int c = bytes.getByte(i + k) & 0xFF;
        if (k == 1 ? c < lo || c > hi : c < 0x80 || c > 0xBF) {
          return false;
        }
      }
      i += more + 1;
    }
    return true;
  }
}
