package dev.jobsservice.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

/** A client's max_attempts and timeout_ms are checked as sent, before any narrowing to int. */
class JobOptionsRangeTest {
  private static final QueueSettings DEFAULTS = QueueSettings.defaults("t");

  @Test
  void maxAttemptsPastIntRangeIsRefusedNotWrappedAround() {
    // 2^32 + 1 and 2^32 + 100 narrow to 1 and 100, both in range: they must still be refused.
    for (long sent : new long[] {4_294_967_297L, 4_294_967_396L, 2_147_483_648L, -4_294_967_295L}) {
      JsonObject body = new JsonObject().put("max_attempts", sent);
      var e = assertThrows(IllegalArgumentException.class, () -> JobOptions.fromJson(body, DEFAULTS),
          "max_attempts " + sent);
      assertEquals("'max_attempts' must be an integer from 1 to 100", e.getMessage());
    }
  }

  @Test
  void valuesInRangeAreKept() {
    JobOptions options = JobOptions.fromJson(new JsonObject().put("max_attempts", 100).put("timeout_ms", 86_400_000L),
        DEFAULTS);
    assertEquals(100, options.maxAttempts());
    assertEquals(86_400_000L, options.timeoutMs());
  }
}
