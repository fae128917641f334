package dev.jobsservice.jobs;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * What a client asks to run: an analysis {@code type} over the range [{@code start}, {@code end}]
 * with optional {@code params}. {@code start} and {@code end} are numbers or strings (a year, an
 * ISO date), kept as given.
 */
public record JobRequest(String type, Object start, Object end, JsonObject params) {
  private static final int MAX_TYPE_LENGTH = 64;
  private static final int MAX_BOUND_LENGTH = 256;
  /** Parameters name fields and options; 16 KiB leaves room and keeps job reads and lists small. */
  static final int MAX_PARAMS_BYTES = 16 * 1024;

  public JobRequest {
    if (type == null || !isTypeName(type)) {
      throw new IllegalArgumentException(
          "'type' must be a lower-case name of at most " + MAX_TYPE_LENGTH + " characters");
    }
    start = checkBound("start", start);
    end = checkBound("end", end);
    params = params == null ? new JsonObject() : params;
  }

  /**
   * {@code [a-z][a-z0-9_]{0,63}}, checked by hand: every job read or submitted is checked, and a
   * regex's matcher showed in the API's profile.
   */
  static boolean isTypeName(String type) {
    int length = type.length();
    if (length == 0 || length > MAX_TYPE_LENGTH || type.charAt(0) < 'a' || type.charAt(0) > 'z') {
      return false;
    }
    for (int i = 1; i < length; i++) {
      char c = type.charAt(i);
      if (!(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '_')) {
        return false;
      }
    }
    return true;
  }

  /** 1e400 decodes to Infinity, which JSON cannot carry back: refuse it rather than store "Infinity". */
  private static void checkFinite(Object value) {
    if (value instanceof Double d && !Double.isFinite(d) || value instanceof Float f && !Float.isFinite(f)) {
      throw new IllegalArgumentException("'params' must hold only finite numbers");
    }
    if (value instanceof JsonObject o) {
      o.forEach(e -> checkFinite(e.getValue()));
    } else if (value instanceof JsonArray a) {
      a.forEach(JobRequest::checkFinite);
    }
  }

  private static Object checkBound(String name, Object value) {
    if (value == null) {
      throw new IllegalArgumentException("'" + name + "' is required");
    }
    if (value instanceof Number n) {
      if (!Double.isFinite(n.doubleValue())) {
        throw new IllegalArgumentException("'" + name + "' must be a finite number");
      }
      return value;
    }
    if (value instanceof String s) {
      if (s.isBlank() || s.length() > MAX_BOUND_LENGTH) {
        throw new IllegalArgumentException(
            "'" + name + "' must be a number or a non-empty string of at most " + MAX_BOUND_LENGTH + " characters");
      }
      return value;
    }
    throw new IllegalArgumentException("'" + name + "' must be a number or a string");
  }

  /**
   * Reads a client's JSON body. Only {@code start} and {@code end} are required, as in the
   * teaching text; {@code type} falls back to {@code defaultType}.
   */
  public static JobRequest fromJson(JsonObject body, String defaultType) {
    Object type = body.getValue("type");
    if (type != null && !(type instanceof String)) {
      throw new IllegalArgumentException("'type' must be a string");
    }
    Object params = body.getValue("params");
    if (params != null && !(params instanceof JsonObject)) {
      throw new IllegalArgumentException("'params' must be a JSON object");
    }
    if (params != null) {
      // Checked here, where a client's params come in, not in the constructor: that runs on every
      // read of a stored job (claim, GET, list) and would walk and encode the params each time.
      checkFinite(params);
      if (((JsonObject) params).encode().length() > MAX_PARAMS_BYTES) {
        throw new IllegalArgumentException("'params' must be at most " + MAX_PARAMS_BYTES + " bytes of JSON");
      }
    }
    return new JobRequest(type == null ? defaultType : (String) type,
        body.getValue("start"), body.getValue("end"), (JsonObject) params);
  }
}
