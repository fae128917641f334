package dev.jobsservice.analysis;

import io.vertx.core.json.JsonObject;
import java.util.Arrays;
import java.util.List;

/** Test records written as JSON text, selected by range as the analyses select them. */
final class Records {
  private Records() {
  }

  static List<JsonObject> inRange(Object start, Object end, String field, String... json) {
    return RangeAnalysis.select(Arrays.asList(json), Range.of(start, end), field);
  }
}
