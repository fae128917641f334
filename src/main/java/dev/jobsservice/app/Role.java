package dev.jobsservice.app;

import java.util.Locale;

/** What one process runs: the API, the workers, or both. */
public enum Role {
  /** The HTTP verticle and N worker verticles in one JVM. */
  ALL,
  /** Only the HTTP verticle (the producer). */
  API,
  /** Only N worker verticles (the consumers). */
  WORKER;

  boolean runsApi() {
    return this != WORKER;
  }

  boolean runsWorkers() {
    return this != API;
  }

  static Role parse(String value) {
    try {
      return valueOf(value.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("role must be all, api or worker, got: " + value);
    }
  }
}
