package dev.jobsservice.analysis;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.jobsservice.jobs.JobRequest;
import io.vertx.core.json.JsonObject;
import java.math.BigInteger;
import org.junit.jupiter.api.Test;

/** params.ms is a whole number of milliseconds from 0 to an hour, however it is written. */
class SleepAnalysisTest {
  private static JobRequest sleep(Object ms) {
    return new JobRequest("sleep", 1, 2, new JsonObject().put("ms", ms));
  }

  @Test
  void numbersPastLongAreRefusedNotCutToTheirLowBits() {
    BigInteger twoTo64 = BigInteger.ONE.shiftLeft(64);
    for (Object ms : new Object[] {twoTo64.add(BigInteger.valueOf(5)), twoTo64, twoTo64.negate().add(BigInteger.TEN),
        Long.MIN_VALUE, 3_600_001L, -1, 1.5, "5"}) {
      assertThrows(IllegalArgumentException.class, () -> new SleepAnalysis().validate(sleep(ms)), String.valueOf(ms));
    }
  }

  @Test
  void wholeNumbersInRangeAreFine() {
    for (Object ms : new Object[] {0, 5, 3_600_000L, 2.0, BigInteger.valueOf(7)}) {
      assertDoesNotThrow(() -> new SleepAnalysis().validate(sleep(ms)), String.valueOf(ms));
    }
  }
}
