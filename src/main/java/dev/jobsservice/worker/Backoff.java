package dev.jobsservice.worker;

import java.util.concurrent.ThreadLocalRandom;

/**
 * Delays between reconnect attempts while Redis is unreachable: doubling from 100 ms to 5 s, with
 * jitter so that many workers do not reconnect in lock-step. {@link #retryDelayMs} gives the
 * delay before a failed job's next attempt on the same pattern.
 */
final class Backoff {
  static final long FIRST_MS = 100;
  static final long MAX_MS = 5_000;
  private long next = FIRST_MS;

  long nextDelayMs() {
    long base = next;
    next = Math.min(MAX_MS, next * 2);
    return jitter(base);
  }

  void reset() {
    next = FIRST_MS;
  }

  /**
   * The delay before the attempt after {@code attempts} failed ones: {@code baseMs} doubled per
   * attempt, at most {@code maxMs}, then between half and all of that (jitter spreads the retries
   * of jobs that failed together, e.g. on one outage of a service they call).
   */
  static long retryDelayMs(int attempts, long baseMs, long maxMs) {
    int doublings = Math.max(0, Math.min(attempts - 1, 40));
    long delay = baseMs;
    for (int i = 0; i < doublings && delay < maxMs; i++) {
      delay *= 2;
    }
    return jitter(Math.min(maxMs, delay));
  }

  private static long jitter(long base) {
    return base / 2 + ThreadLocalRandom.current().nextLong(base / 2 + 1);
  }
}
