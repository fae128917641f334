package dev.jobsservice.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

class TimeseriesAnalysisTest {
  private final TimeseriesAnalysis series = new TimeseriesAnalysis();
  private static final String[] RECORDS = {
      "{\"date\":\"2020-01-05\",\"mass\":1}",
      "{\"date\":\"2020-01-20T10:00:00Z\",\"mass\":2}",
      "{\"date\":\"2020-02-29\",\"mass\":\"4\"}",
      "{\"date\":\"2020-03\",\"mass\":8}",
      "{\"date\":\"2021-07-01\",\"mass\":\"n/a\"}",
      "{\"date\":\"2020-13-01\",\"mass\":16}",
      "{\"date\":\"someday\",\"mass\":32}",
      "{\"date\":\"2019-12-31\",\"mass\":64}"};

  private JsonObject run(String per, String value) {
    JsonObject params = new JsonObject().put("per", per);
    if (value != null) {
      params.put("value", value);
    }
    return series.compute(Records.inRange("2020-01-01", "2021-12-31", "date", RECORDS), "date",
        series.options(params));
  }

  private static String points(JsonObject result, String metric) {
    StringBuilder out = new StringBuilder();
    JsonArray points = result.getJsonArray("points");
    for (int i = 0; i < points.size(); i++) {
      JsonObject p = points.getJsonObject(i);
      out.append(p.getString("period")).append('=').append(p.getValue(metric)).append(' ');
    }
    return out.toString().trim();
  }

  @Test
  void countsPerMonthInTimeOrder() {
    JsonObject r = run("month", null);
    // "2020-13-01" (no 13th month) is in range as text but has no month: undated; 2019 and
    // "someday" are out of range.
    assertEquals(6, r.getLong("count"));
    assertEquals("2020-01=2 2020-02=1 2020-03=1 2021-07=1", points(r, "count"));
    assertEquals(1, r.getLong("undated"));
    assertEquals("count", r.getString("metric"));
  }

  @Test
  void sumsPerYearOverNumericValues() {
    JsonObject r = run("year", "mass");
    assertEquals("2020=15.0 2021=0.0", points(r, "sum"));
    assertEquals("2020=4 2021=1", points(r, "count"));
    assertEquals(1, r.getLong("non_numeric"));
    assertEquals("sum", r.getString("metric"));
  }

  @Test
  void perDayNeedsAFullDate() {
    JsonObject r = run("day", null);
    assertEquals("2020-01-05=1 2020-01-20=1 2020-02-29=1 2021-07-01=1", points(r, "count"));
    assertEquals(2, r.getLong("undated"), "2020-03 has no day; 2020-13-01 no month");
  }

  @Test
  void numericYearsWorkPerYearOnly() {
    var records = Records.inRange(1900, 2000, "year", "{\"year\":1950}", "{\"year\":\"1950\"}", "{\"year\":1999}");
    JsonObject perYear = series.compute(records, "year", series.options(new JsonObject()));
    assertEquals("1950=2 1999=1", points(perYear, "count"));
    JsonObject perMonth = series.compute(records, "year", series.options(new JsonObject().put("per", "month")));
    assertEquals(3, perMonth.getLong("undated"));
    assertEquals(0, perMonth.getJsonArray("points").size());
  }

  @Test
  void emptyRangeAndBadParams() {
    JsonObject r = series.compute(Records.inRange("1900", "1901", "date", RECORDS), "date",
        series.options(new JsonObject()));
    assertEquals(0, r.getLong("count"));
    assertEquals(0, r.getJsonArray("points").size());
    assertNull(r.getValue("value"));
    assertThrows(IllegalArgumentException.class, () -> series.options(new JsonObject().put("per", "week")));
  }
}
