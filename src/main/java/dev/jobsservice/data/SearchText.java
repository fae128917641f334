package dev.jobsservice.data;

import io.vertx.core.json.Json;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The precomputed form of a record that searches and filters read, so a query never decodes a
 * record's JSON: {@code \x1F key \x1E value \x1F key \x1E value \x1F}, every value lower-cased
 * (numbers in one canonical form, nested values as JSON), null values left out. A search term
 * matches where it occurs after a {@code \x1E} and before the next {@code \x1F} (in a value, not
 * a key); a filter {@code field=value} matches the whole {@code \x1F field \x1E value \x1F}.
 */
final class SearchText {
  static final char FIELD = '\u001F';
  static final char VALUE = '\u001E';
  private static final Pattern NUMBER = Pattern.compile("-?(0|[1-9][0-9]*)(\\.[0-9]+)?([eE][+-]?[0-9]+)?");

  private SearchText() {
  }

  static String of(Map<String, Object> record) {
    StringBuilder text = new StringBuilder(64).append(FIELD);
    for (Map.Entry<String, Object> e : record.entrySet()) {
      if (e.getValue() == null) {
        continue;
      }
      text.append(clean(e.getKey())).append(VALUE).append(clean(lower(render(e.getValue())))).append(FIELD);
    }
    return text.toString();
  }

  /** A search term as the text holds it; null if it could never match (a separator in it). */
  static String term(String search) {
    return hasSeparator(search) ? null : lower(search);
  }

  /**
   * What a filter {@code field=value} looks for: the value as written, and where it reads as a
   * number also its canonical form ({@code 1910.0} finds {@code 1910}); the second may be "".
   */
  static String[] filter(String field, String value) {
    if (hasSeparator(field) || hasSeparator(value)) {
      return null;
    }
    String asWritten = FIELD + field + VALUE + lower(value) + FIELD;
    String asNumber = "";
    if (NUMBER.matcher(value).matches()) {
      double d = Double.parseDouble(value);
      String canonical = FIELD + field + VALUE + number(d) + FIELD;
      asNumber = Double.isFinite(d) && !canonical.equals(asWritten) ? canonical : "";
    }
    return new String[] {asWritten, asNumber};
  }

  /** Does {@code text} read as a JSON number? CSV cells that do are stored as numbers. */
  static boolean isNumber(String text) {
    return NUMBER.matcher(text).matches();
  }

  /** A value as text: numbers canonical (integral ones without ".0"), nested values as JSON. */
  static String render(Object value) {
    if (value instanceof String s) {
      return s;
    }
    if (value instanceof Number n) {
      return number(n);
    }
    if (value instanceof Boolean) {
      return value.toString();
    }
    return Json.encode(value);
  }

  /** One text per number, whatever type carried it: 1910, 1910L and 1910.0 are all "1910". */
  static String number(Number n) {
    if (n instanceof Integer || n instanceof Long || n instanceof Short || n instanceof Byte
        || n instanceof BigInteger) {
      return n.toString();
    }
    if (n instanceof BigDecimal bd) {
      return bd.signum() == 0 ? "0" : bd.stripTrailingZeros().toPlainString();
    }
    double d = n.doubleValue();
    if (!Double.isFinite(d)) {
      return Double.toString(d);
    }
    if (d == Math.rint(d) && Math.abs(d) < 1e15) {
      return Long.toString((long) d);
    }
    return Math.abs(d) < 1e15 && Math.abs(d) >= 1e-6 ? BigDecimal.valueOf(d).stripTrailingZeros().toPlainString()
        : Double.toString(d);
  }

  private static String lower(String s) {
    return s.toLowerCase(Locale.ROOT);
  }

  private static boolean hasSeparator(String s) {
    return s.indexOf(FIELD) >= 0 || s.indexOf(VALUE) >= 0;
  }

  /** A separator inside a key or value would end it early: it becomes a space. */
  private static String clean(String s) {
    return hasSeparator(s) ? s.replace(FIELD, ' ').replace(VALUE, ' ') : s;
  }
}
