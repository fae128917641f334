package dev.jobsservice.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.Test;

class SummaryAnalysisTest {
  private static final List<String> RECORDS = List.of(
      "{\"year\":1999,\"mass\":100}",
      "{\"year\":2000,\"mass\":10}",
      "{\"year\":\"2005\",\"mass\":\"30\"}",
      "{\"year\":2010,\"mass\":\"n/a\"}",
      "{\"year\":2010}",
      "{\"mass\":5}",
      "{\"year\":2011,\"mass\":1000}");

  @Test
  void countsRecordsInRangeAndSummarisesOnlyNumericValues() {
    JsonObject r = SummaryAnalysis.summarise(RECORDS, Range.of(2000, 2010), "year", "mass");
    assertEquals(4, r.getLong("count"));
    assertEquals(2, r.getLong("value_count"));
    assertEquals(10.0, r.getDouble("min"));
    assertEquals(30.0, r.getDouble("max"));
    assertEquals(20.0, r.getDouble("mean"));
  }

  @Test
  void withoutAValueFieldTheResultIsTheCount() {
    JsonObject r = SummaryAnalysis.summarise(RECORDS, Range.of("1990", "2020"), "year", null);
    assertEquals(6, r.getLong("count"));
    assertEquals(null, r.getValue("min"));
  }

  @Test
  void anEmptyRangeHasNoStatistics() {
    JsonObject r = SummaryAnalysis.summarise(RECORDS, Range.of(3000, 3001), "year", "mass");
    assertEquals(0, r.getLong("count"));
    assertNull(r.getValue("mean"));
    assertEquals(0, r.getLong("value_count"));
  }
}
