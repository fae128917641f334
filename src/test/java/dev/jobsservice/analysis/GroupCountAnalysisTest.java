package dev.jobsservice.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.Test;

class GroupCountAnalysisTest {
  private final GroupCountAnalysis groups = new GroupCountAnalysis();
  private static final String[] RECORDS = {
      "{\"year\":2000,\"class\":\"L6\"}",
      "{\"year\":2001,\"class\":\"H5\"}",
      "{\"year\":2002,\"class\":\"L6\"}",
      "{\"year\":2003,\"class\":\"H5\"}",
      "{\"year\":2004,\"class\":\"L6\"}",
      "{\"year\":2005,\"class\":\"Ureilite\"}",
      "{\"year\":2006,\"class\":\"CM2\"}",
      "{\"year\":2007,\"class\":null}",
      "{\"year\":2008}",
      "{\"year\":2009,\"class\":\"\"}",
      "{\"year\":2010,\"class\":7}",
      "{\"year\":2010,\"class\":\"7\"}",
      "{\"year\":1990,\"class\":\"L6\"}"};

  private JsonObject run(Object start, Object end, int top) {
    return groups.compute(Records.inRange(start, end, "year", RECORDS), "year",
        groups.options(new JsonObject().put("by", "class").put("top", top)));
  }

  @Test
  void largestGroupsFirstTiesByValueTheRestCountedApart() {
    JsonObject r = run(2000, 2010, 3);
    assertEquals(12, r.getLong("count"));
    assertEquals(3, r.getLong("missing"), "null, absent and empty");
    // L6 3, H5 2, "7" 2 (7 and "7" are one group), then CM2 1, Ureilite 1.
    assertEquals(5, r.getLong("distinct"));
    JsonArray top = r.getJsonArray("groups");
    assertEquals(new JsonObject().put("value", "L6").put("count", 3), top.getJsonObject(0));
    assertEquals(new JsonObject().put("value", 7).put("count", 2), top.getJsonObject(1), "'7' sorts before 'H5'");
    assertEquals(new JsonObject().put("value", "H5").put("count", 2), top.getJsonObject(2));
    assertEquals(2, r.getLong("other"), "CM2 and Ureilite");
  }

  @Test
  void aSingleRecordAndAnEmptyRange() {
    JsonObject one = run(1990, 1990, 10);
    assertEquals(List.of(new JsonObject().put("value", "L6").put("count", 1)), one.getJsonArray("groups").getList());
    JsonObject none = run(1800, 1801, 10);
    assertEquals(0, none.getLong("count"));
    assertEquals(0, none.getJsonArray("groups").size());
    assertEquals(0, none.getLong("other"));
  }

  @Test
  void paramsAreChecked() {
    assertThrows(IllegalArgumentException.class, () -> groups.options(new JsonObject()));
    assertThrows(IllegalArgumentException.class, () -> groups.options(new JsonObject().put("by", "c").put("top", 0)));
  }
}
