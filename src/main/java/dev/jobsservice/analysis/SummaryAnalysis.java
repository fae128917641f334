package dev.jobsservice.analysis;

import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * {@code summary}, the default kind: counts the records in range and, when {@code params.value}
 * names a numeric field, gives its min, max, mean, median, standard deviation (population) and
 * 90th percentile over the values that are numbers.
 */
final class SummaryAnalysis extends RangeAnalysis<SummaryAnalysis.Options> {

  /** {@code value}: the numeric field (optional); {@code unit}: its unit, for labels. */
  record Options(String value, String unit) {
  }

  @Override
  Options options(JsonObject params) {
    return new Options(Params.name(params, "value"), Params.unit(params));
  }

  @Override
  JsonObject compute(List<JsonObject> inRange, String field, Options options) {
    JsonObject result = new JsonObject().put("count", inRange.size());
    if (options.value() == null) {
      return result;
    }
    Values values = Values.of(inRange, options.value());
    boolean any = values.count() > 0;
    result.put("value", options.value());
    if (options.unit() != null) {
      result.put("unit", options.unit());
    }
    return result
        .put("value_count", values.count())
        .put("skipped", values.skipped())
        .put("min", any ? values.min() : null)
        .put("max", any ? values.max() : null)
        .put("mean", any ? values.mean() : null)
        .put("median", any ? values.quantile(0.5) : null)
        .put("stddev", any ? values.stddev() : null)
        .put("p90", any ? values.quantile(0.9) : null);
  }
}
