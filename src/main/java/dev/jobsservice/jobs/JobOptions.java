package dev.jobsservice.jobs;

import io.vertx.core.json.JsonObject;

/**
 * How one job runs: at most {@code maxAttempts} attempts (a failed attempt is retried after a
 * backoff while attempts remain), each stopped after {@code timeoutMs}.
 */
public record JobOptions(int maxAttempts, long timeoutMs) {
  static final int MAX_ATTEMPTS_LIMIT = 100;
  /** A day: longer work belongs in smaller jobs. */
  static final long TIMEOUT_LIMIT_MS = 24 * 3600_000L;

  public JobOptions {
    if (maxAttempts < 1 || maxAttempts > MAX_ATTEMPTS_LIMIT) {
      throw new IllegalArgumentException("'max_attempts' must be an integer from 1 to " + MAX_ATTEMPTS_LIMIT);
    }
    if (timeoutMs < 1 || timeoutMs > TIMEOUT_LIMIT_MS) {
      throw new IllegalArgumentException("'timeout_ms' must be an integer from 1 to " + TIMEOUT_LIMIT_MS);
    }
  }

  /** Reads {@code max_attempts} and {@code timeout_ms} of a client's body, else the defaults. */
  public static JobOptions fromJson(JsonObject body, QueueSettings defaults) {
    return new JobOptions(
        (int) integer(body, "max_attempts", defaults.defaultMaxAttempts(), MAX_ATTEMPTS_LIMIT),
        integer(body, "timeout_ms", defaults.defaultTimeoutMs(), TIMEOUT_LIMIT_MS));
  }

  private static long integer(JsonObject body, String name, long fallback, long max) {
    Object value = body.getValue(name);
    if (value == null) {
      return fallback;
    }
    // Checked here as a long: max_attempts is then cast to int, and 4294967297 would become 1.
    if (!(value instanceof Integer || value instanceof Long) || ((Number) value).longValue() < 1
        || ((Number) value).longValue() > max) {
      throw new IllegalArgumentException("'" + name + "' must be an integer from 1 to " + max);
    }
    return ((Number) value).longValue();
  }
}
