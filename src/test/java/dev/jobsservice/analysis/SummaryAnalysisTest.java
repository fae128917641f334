package dev.jobsservice.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Known answers worked out by hand (see each comment), not by the code under test. */
class SummaryAnalysisTest {
  private static final String[] RECORDS = {
      "{\"year\":1999,\"mass\":100}",
      "{\"year\":2000,\"mass\":10}",
      "{\"year\":\"2005\",\"mass\":\"30\"}",
      "{\"year\":2006,\"mass\":40}",
      "{\"year\":2007,\"mass\":20}",
      "{\"year\":2010,\"mass\":\"n/a\"}",
      "{\"year\":2010}",
      "{\"year\":2008,\"mass\":null}",
      "{\"mass\":5}",
      "{\"year\":2011,\"mass\":1000}"};
  private final SummaryAnalysis summary = new SummaryAnalysis();

  private JsonObject run(Object start, Object end, String value) {
    List<JsonObject> in = Records.inRange(start, end, "year", RECORDS);
    return summary.compute(in, "year", summary.options(value == null ? new JsonObject()
        : new JsonObject().put("value", value).put("unit", "g")));
  }

  @Test
  void statisticsOfTheNumericValuesInRange() {
    // In [2000, 2010]: 7 records; numeric masses 10, 30 ("30"), 40, 20; "n/a", missing and null skipped.
    JsonObject r = run(2000, 2010, "mass");
    assertEquals(7, r.getLong("count"));
    assertEquals(4, r.getLong("value_count"));
    assertEquals(3, r.getLong("skipped"));
    assertEquals(10.0, r.getDouble("min"));
    assertEquals(40.0, r.getDouble("max"));
    assertEquals(25.0, r.getDouble("mean"));
    // sorted 10, 20, 30, 40: median halfway between 20 and 30; p90 at rank 2.7: 30 + 0.7 * 10.
    assertEquals(25.0, r.getDouble("median"));
    assertEquals(37.0, r.getDouble("p90"), 1e-12);
    // deviations -15, -5, 5, 15: squares 450 / 4 = 125.
    assertEquals(Math.sqrt(125), r.getDouble("stddev"), 1e-12);
    assertEquals("mass", r.getString("value"));
    assertEquals("g", r.getString("unit"));
  }

  @Test
  void aSingleRecordIsItsOwnStatistics() {
    JsonObject r = run(1999, 1999, "mass");
    assertEquals(1, r.getLong("count"));
    for (String stat : new String[] {"min", "max", "mean", "median", "p90"}) {
      assertEquals(100.0, r.getDouble(stat), stat);
    }
    assertEquals(0.0, r.getDouble("stddev"));
  }

  @Test
  void anEmptyRangeHasACountOfZeroAndNoStatistics() {
    JsonObject r = run(3000, 3001, "mass");
    assertEquals(0, r.getLong("count"));
    assertEquals(0, r.getLong("value_count"));
    for (String stat : new String[] {"min", "max", "mean", "median", "stddev", "p90"}) {
      assertNull(r.getValue(stat), stat);
    }
  }

  @Test
  void onlyNonNumericValuesGiveNoStatistics() {
    JsonObject r = run(2010, 2010, "mass");
    assertEquals(2, r.getLong("count"));
    assertEquals(0, r.getLong("value_count"));
    assertEquals(2, r.getLong("skipped"));
    assertNull(r.getValue("mean"));
  }

  @Test
  void withoutAValueFieldTheResultIsTheCount() {
    JsonObject r = run("1990", "2020", null);
    assertEquals(9, r.getLong("count"));
    assertFalse(r.containsKey("min"));
  }

  @Test
  void badParamsAreRefused() {
    assertThrows(IllegalArgumentException.class, () -> summary.options(new JsonObject().put("value", 3)));
    assertThrows(IllegalArgumentException.class, () -> summary.options(new JsonObject().put("unit", "")));
  }
}
