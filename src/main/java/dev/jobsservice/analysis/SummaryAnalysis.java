package dev.jobsservice.analysis;

import dev.jobsservice.jobs.JobRequest;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * {@code summary}, the default kind: over the loaded records whose {@code params.field} (by
 * default the configured field, {@code year}) lies in [start, end], counts them and, when
 * {@code params.value} names a numeric field, gives its min, max and mean.
 */
final class SummaryAnalysis implements Analysis {

  @Override
  public void validate(JobRequest request) {
    Range.of(request.start(), request.end());
    optionalName(request, "field");
    optionalName(request, "value");
  }

  @Override
  public Future<JsonObject> run(JobRequest request, AnalysisContext context) {
    Range range = Range.of(request.start(), request.end());
    String field = optionalName(request, "field");
    String valueField = optionalName(request, "value");
    String rangeField = field == null ? context.defaultField() : field;
    // Reading is I/O on the event loop; decoding and summing every record is CPU work: off it.
    return context.data().all().compose(records -> context.vertx().executeBlocking(
        () -> summarise(records, range, rangeField, valueField)
            .put("start", request.start()).put("end", request.end()), false));
  }

  static JsonObject summarise(List<String> records, Range range, String rangeField, String valueField) {
    long count = 0;
    long numeric = 0;
    double min = Double.POSITIVE_INFINITY;
    double max = Double.NEGATIVE_INFINITY;
    double sum = 0;
    for (String json : records) {
      JsonObject record = new JsonObject(json);
      if (!range.contains(record.getValue(rangeField))) {
        continue;
      }
      count++;
      if (valueField != null) {
        Double v = Range.number(record.getValue(valueField));
        if (v != null) {
          numeric++;
          min = Math.min(min, v);
          max = Math.max(max, v);
          sum += v;
        }
      }
    }
    JsonObject result = new JsonObject()
        .put("field", rangeField).put("count", count);
    if (valueField != null) {
      result.put("value", valueField).put("value_count", numeric)
          .put("min", numeric == 0 ? null : min)
          .put("max", numeric == 0 ? null : max)
          .put("mean", numeric == 0 ? null : sum / numeric);
    }
    return result;
  }

  private static String optionalName(JobRequest request, String param) {
    Object value = request.params().getValue(param);
    if (value == null) {
      return null;
    }
    if (!(value instanceof String s) || s.isEmpty() || s.length() > 256) {
      throw new IllegalArgumentException("'params." + param + "' must be a field name (a non-empty string)");
    }
    return s;
  }
}
