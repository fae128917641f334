package dev.jobsservice.jobs;

import java.io.IOException;
import java.net.SocketException;
import java.nio.channels.ClosedChannelException;
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
   * mid-failover, a busy script, Redis out of memory, too few replicas for a write.
   */
  private static final List<String> UNAVAILABLE_PREFIXES = List.of(
      "CONNECTION_CLOSED", "LOADING", "BUSY", "MASTERDOWN", "READONLY", "TRYAGAIN", "CLUSTERDOWN", "OOM",
      "NOREPLICAS",
      // The Cluster client's words for a node it cannot reach, and a pooled connection that died
      // with its server (a killed Sentinel master): both pass once the topology is read again.
      "Failed obtaining connection to", "Connection is closed");

  private RedisErrors() {
  }

  /**
   * For a call this service made to Redis itself: any I/O error or timeout, or one of the replies
   * above, anywhere in the causes.
   */
  public static boolean isUnavailable(Throwable err) {
    for (Throwable t = err; t != null; t = t.getCause()) {
      if (t instanceof IOException || t instanceof TimeoutException || isReply(t)) {
        return true;
      }
    }
    return false;
  }

  /**
   * For a failure that came out of other code (an analysis): only what the Redis client raises
   * when the connection is lost or Redis cannot serve. An analysis's own I/O errors and timeouts
   * are its failures, not an outage: counting them as outages would run a poison job forever.
   */
  public static boolean isConnectionLoss(Throwable err) {
    for (Throwable t = err; t != null; t = t.getCause()) {
      if (t instanceof SocketException || t instanceof ClosedChannelException || isReply(t)) {
        return true;
      }
    }
    return false;
  }

  private static boolean isReply(Throwable t) {
    String message = String.valueOf(t.getMessage());
    return UNAVAILABLE_PREFIXES.stream().anyMatch(message::startsWith)
        || message.contains("Connection pool reached max wait queue size");
  }
}
