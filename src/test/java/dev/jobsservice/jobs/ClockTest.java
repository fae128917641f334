package dev.jobsservice.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;

class ClockTest {
  @Test
  void theFastFormatWritesWhatTheFormatterWrites() {
    Random random = new Random(42);
    long now = System.currentTimeMillis();
    long[] around = {0, 1, 999, 1000, 1001, -1, -999, -1000, -1001, now, now - now % 1000, now - now % 1000 - 1,
        253402300799999L, 253402300800000L};
    for (long millis : around) {
      assertEquals(Clock.ofMillis(Long.toString(millis)), Clock.format(millis), Long.toString(millis));
    }
    for (int i = 0; i < 10_000; i++) {
      // Runs of nearby times, as submits make them, and jumps back and forth between seconds.
      long millis = i % 100 == 0 ? random.nextLong(0, 4_000_000_000_000L) : now + random.nextInt(5_000);
      assertEquals(Clock.ofMillis(Long.toString(millis)), Clock.format(millis), Long.toString(millis));
    }
  }

  @Test
  void nowIsToTheMillisecond() {
    assertEquals(24, Clock.now().length(), Clock.now());
  }
}
