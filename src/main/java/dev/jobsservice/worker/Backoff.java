package dev.jobsservice.worker;

import java.util.concurrent.ThreadLocalRandom;

/**
 * Delays between reconnect attempts while Redis is unreachable: doubling from 100 ms to 5 s, with
 * jitter so that many workers do not reconnect in lock-step.
 */
final class Backoff {
  static final long FIRST_MS = 100;
  static final long MAX_MS = 5_000;
  private long next = FIRST_MS;

  long nextDelayMs() {
    long base = next;
    next = Math.min(MAX_MS, next * 2);
    return base / 2 + ThreadLocalRandom.current().nextLong(base / 2 + 1);
  }

  void reset() {
    next = FIRST_MS;
  }
}
