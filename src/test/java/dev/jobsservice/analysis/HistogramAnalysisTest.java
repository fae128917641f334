package dev.jobsservice.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class HistogramAnalysisTest {
  private final HistogramAnalysis histogram = new HistogramAnalysis();

  private JsonObject run(List<JsonObject> records, JsonObject params) {
    return histogram.compute(records, "year", histogram.options(params));
  }

  private static List<JsonObject> values(Object... values) {
    List<JsonObject> records = new ArrayList<>();
    for (Object v : values) {
      records.add(new JsonObject().put("year", 2000).put("v", v));
    }
    return records;
  }

  private static long[] counts(JsonObject result) {
    JsonArray bins = result.getJsonArray("bins");
    long[] counts = new long[bins.size()];
    for (int i = 0; i < counts.length; i++) {
      counts[i] = bins.getJsonObject(i).getLong("count");
    }
    return counts;
  }

  @Test
  void equalBinsFromMinToMaxWithTheMaxInTheLastBin() {
    // 0..10 in 5 bins of width 2: [0,2) [2,4) [4,6) [6,8) [8,10]; "x" and a missing value skipped.
    List<JsonObject> records = values(0, 1, 2, 3.5, 4, 6, 7.99, 8, 10, "x", null);
    JsonObject r = run(records, new JsonObject().put("value", "v").put("bins", 5));
    assertEquals(11, r.getLong("count"));
    assertEquals(9, r.getLong("value_count"));
    assertEquals(2, r.getLong("skipped"));
    assertEquals(0.0, r.getDouble("min"));
    assertEquals(10.0, r.getDouble("max"));
    assertEquals(List.of(2L, 2L, 1L, 2L, 2L), toList(counts(r)), "0 1 | 2 3.5 | 4 | 6 7.99 | 8 10");
    JsonObject third = r.getJsonArray("bins").getJsonObject(2);
    assertEquals(4.0, third.getDouble("from"), 1e-12);
    assertEquals(6.0, third.getDouble("to"), 1e-12);
  }

  @Test
  void twentyBinsByDefault() {
    List<JsonObject> records = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      records.add(new JsonObject().put("year", 2000).put("v", i));
    }
    JsonObject r = run(records, new JsonObject().put("value", "v"));
    assertEquals(20, r.getJsonArray("bins").size());
    // 0..99, width 4.95: bin k holds the integers in [4.95k, 4.95(k+1)), the last also 99.
    long[] c = counts(r);
    long sum = 0;
    for (int k = 0; k < c.length; k++) {
      long expected = 0;
      for (int i = 0; i < 100; i++) {
        if (i >= 4.95 * k && (i < 4.95 * (k + 1) || k == 19)) {
          expected++;
        }
      }
      assertEquals(expected, c[k], "bin " + k);
      sum += c[k];
    }
    assertEquals(100, sum);
  }

  @Test
  void logBinsAreEqualInPowersOfTenAndLeaveOutValuesNotAboveZero() {
    // 1..10000 in 4 log bins: [1,10) [10,100) [100,1000) [1000,10000].
    List<JsonObject> records = values(1, 5, 10, 50, 99, 100, 1000, 9999, 10000, 0, -3);
    JsonObject r = run(records, new JsonObject().put("value", "v").put("bins", 4).put("log", true));
    assertEquals(List.of(2L, 3L, 1L, 3L), toList(counts(r)));
    assertEquals(2, r.getLong("non_positive"));
    assertEquals(9, r.getLong("value_count"));
    assertEquals(10.0, r.getJsonArray("bins").getJsonObject(1).getDouble("from"), 1e-9);
    assertTrue(r.getBoolean("log"));
  }

  @Test
  void oneDistinctValueIsOneBin() {
    JsonObject r = run(values(7, 7, 7), new JsonObject().put("value", "v").put("bins", 10));
    assertEquals(List.of(3L), toList(counts(r)));
  }

  @Test
  void aSingleRecordAndAnEmptyRange() {
    assertEquals(List.of(1L), toList(counts(run(values(42), new JsonObject().put("value", "v")))));
    JsonObject empty = run(List.of(), new JsonObject().put("value", "v"));
    assertEquals(0, empty.getLong("count"));
    assertEquals(0, empty.getJsonArray("bins").size());
    assertNull(empty.getValue("min"));
  }

  @Test
  void paramsAreChecked() {
    assertThrows(IllegalArgumentException.class, () -> histogram.options(new JsonObject()), "value is required");
    assertThrows(IllegalArgumentException.class, () -> histogram.options(new JsonObject().put("value", "v").put("bins", 0)));
    assertThrows(IllegalArgumentException.class, () -> histogram.options(new JsonObject().put("value", "v").put("bins", 2.5)));
    assertThrows(IllegalArgumentException.class, () -> histogram.options(new JsonObject().put("value", "v").put("log", "yes")));
  }

  private static List<Long> toList(long[] counts) {
    List<Long> out = new ArrayList<>();
    for (long c : counts) {
      out.add(c);
    }
    return out;
  }
}
