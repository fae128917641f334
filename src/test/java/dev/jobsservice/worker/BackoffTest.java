package dev.jobsservice.worker;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class BackoffTest {
  @Test
  void growsToTheCapWithJitterAndResets() {
    Backoff b = new Backoff();
    long first = b.nextDelayMs();
    assertTrue(first >= Backoff.FIRST_MS / 2 && first <= Backoff.FIRST_MS, "first " + first);
    long last = 0;
    for (int i = 0; i < 20; i++) {
      last = b.nextDelayMs();
      assertTrue(last <= Backoff.MAX_MS, "capped: " + last);
    }
    assertTrue(last >= Backoff.MAX_MS / 2, "reached the cap: " + last);
    b.reset();
    assertTrue(b.nextDelayMs() <= Backoff.FIRST_MS);
  }
}
