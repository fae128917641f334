package dev.jobsservice.analysis;

import io.vertx.core.json.JsonObject;
import java.util.Set;

/** Reads a job's {@code params}, with an IllegalArgumentException (a 400 at submit) naming the bad one. */
final class Params {
  private static final int MAX_NAME_LENGTH = 256;
  private static final int MAX_UNIT_LENGTH = 32;

  private Params() {
  }

  /** A field name, or null when absent. */
  static String name(JsonObject params, String param) {
    Object value = params.getValue(param);
    if (value == null) {
      return null;
    }
    if (!(value instanceof String s) || s.isEmpty() || s.length() > MAX_NAME_LENGTH) {
      throw new IllegalArgumentException("'params." + param + "' must be a field name (a non-empty string)");
    }
    return s;
  }

  static String requiredName(JsonObject params, String param, String what) {
    String name = name(params, param);
    if (name == null) {
      throw new IllegalArgumentException("'params." + param + "' is required: " + what);
    }
    return name;
  }

  /** A whole number in [min, max], or {@code dflt} when absent. */
  static int integer(JsonObject params, String param, int dflt, int min, int max) {
    Object value = params.getValue(param);
    if (value == null) {
      return dflt;
    }
    if (!(value instanceof Number n) || n.doubleValue() != Math.rint(n.doubleValue())
        || n.doubleValue() < min || n.doubleValue() > max) {
      throw new IllegalArgumentException("'params." + param + "' must be a whole number from " + min + " to " + max);
    }
    return n.intValue();
  }

  static boolean flag(JsonObject params, String param) {
    Object value = params.getValue(param);
    if (value == null) {
      return false;
    }
    if (!(value instanceof Boolean b)) {
      throw new IllegalArgumentException("'params." + param + "' must be true or false");
    }
    return b;
  }

  /** One of {@code choices}, or {@code dflt} when absent. */
  static String choice(JsonObject params, String param, String dflt, Set<String> choices) {
    Object value = params.getValue(param);
    if (value == null) {
      return dflt;
    }
    if (!(value instanceof String s) || !choices.contains(s)) {
      throw new IllegalArgumentException("'params." + param + "' must be one of " + new java.util.TreeSet<>(choices));
    }
    return s;
  }

  /** The unit of the value field, for labels ("g", "km"); null when absent. */
  static String unit(JsonObject params) {
    Object value = params.getValue("unit");
    if (value == null) {
      return null;
    }
    if (!(value instanceof String s) || s.isBlank() || s.length() > MAX_UNIT_LENGTH) {
      throw new IllegalArgumentException("'params.unit' must be a short label such as \"g\" (at most "
          + MAX_UNIT_LENGTH + " characters)");
    }
    return s;
  }
}
