package dev.jobsservice.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.json.Json;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The hand-written date formatting and parsing agree with java.time on every shape jobs store. */
class ClockTest {
  private static final DateTimeFormatter ISO =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

  @Test
  void formatsAndParsesLikeJavaTime() {
    Random random = new Random(42);
    long[] fixed = {0, 999, 1000, -1, -999, -1000, -1001, 951_782_400_000L /* 2000-02-29 */,
        4_102_444_799_999L /* 2099-12-31 */, 253_402_300_799_999L /* 9999-12-31 */, 253_402_300_800_000L /* 10000 */,
        System.currentTimeMillis()};
    for (int i = 0; i < 10_000 + fixed.length; i++) {
      long ms = i < fixed.length ? fixed[i] : Math.floorMod(random.nextLong(), 4_102_444_800_000L);
      String expected = ISO.format(Instant.ofEpochMilli(ms));
      assertEquals(expected, Clock.format(ms), "format " + ms);
      assertEquals(ms, Clock.parseMillis(expected), "parse " + expected);
    }
  }

  @Test
  void parsesOtherIsoShapesAndRefusesGarbage() {
    assertEquals(Instant.parse("2026-11-28T08:40:41Z").toEpochMilli(), Clock.parseMillis("2026-11-28T08:40:41Z"));
    assertEquals(Instant.parse("2026-11-28T08:40:41.5Z").toEpochMilli(), Clock.parseMillis("2026-11-28T08:40:41.5Z"));
    assertEquals(-1, Clock.parseMillis(null));
    assertEquals(-1, Clock.parseMillis("yesterday"));
    assertEquals(-1, Clock.parseMillis("2026-02-30T08:40:41.123Z"));
    assertEquals(-1, Clock.parseMillis("2026-11-28T24:40:41.123Z"));
    assertEquals(-1, Clock.parseMillis("2026-11-28T0a:40:41.123Z"));
  }

  @Test
  void boundsReadBackAsTheyWereStored() {
    for (Object bound : new Object[] {"2000", "", "é 🚀", "a\"b", "back\\slash", "tab\there", 2000, -1.5, 1e300,
        12345678901234L}) {
      String stored = JobHash.bound(bound);
      assertEquals(Json.decodeValue(stored), ClaimReply.bound(stored), stored);
    }
  }
}
