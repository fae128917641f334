package dev.jobsservice.jobs;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.TimeoutException;

/**
 * Tells "Redis cannot serve now" apart from other failures: the API answers those with 503, and a
 * worker hands its job back instead of failing it.
 */
public final class RedisErrors {
  /**
   * Error replies that mean a passing state, not a wrong request: the connection closed under a
   * command, Redis still loading its append-only file after a restart, a replica or cluster
   * mid-failover, a busy script, Redis out of memory.
   */
  private static final List<String> UNAVAILABLE_PREFIXES = List.of(
      "CONNECTION_CLOSED", "LOADING", "BUSY", "MASTERDOWN", "READONLY", "TRYAGAIN", "CLUSTERDOWN", "OOM",
      "NOREPLICAS");

  private RedisErrors() {
  }

  /** Connection refused or reset, a timeout, or one of the replies above, anywhere in the causes. */
  public static boolean isUnavailable(Throwable err) {
    for (Throwable t = err; t != null; t = t.getCause()) {
      if (t instanceof IOException || t instanceof TimeoutException) {
        return true;
      }
      String message = String.valueOf(t.getMessage());
      if (UNAVAILABLE_PREFIXES.stream().anyMatch(message::startsWith)
          || message.contains("Connection pool reached max wait queue size")) {
        return true;
      }
    }
    return false;
  }
}
