package dev.jobsservice.analysis;

import io.vertx.core.json.JsonObject;
import java.util.Arrays;
import java.util.List;

/**
 * The numeric values of one field over some records, sorted, with the statistics the kinds
 * report. A value counts when it is a number or a string that reads as one; anything else
 * (missing, null, "n/a") is counted as skipped.
 */
final class Values {
  private final double[] sorted;
  private final long skipped;

  private Values(double[] sorted, long skipped) {
    this.sorted = sorted;
    this.skipped = skipped;
  }

  static Values of(List<JsonObject> records, String field) {
    double[] values = new double[records.size()];
    int n = 0;
    for (JsonObject record : records) {
      Double v = Range.number(record.getValue(field));
      if (v != null) {
        values[n++] = v;
      }
    }
    double[] sorted = Arrays.copyOf(values, n);
    Arrays.sort(sorted);
    return new Values(sorted, records.size() - n);
  }

  int count() {
    return sorted.length;
  }

  long skipped() {
    return skipped;
  }

  double[] sorted() {
    return sorted;
  }

  double min() {
    return sorted[0];
  }

  double max() {
    return sorted[sorted.length - 1];
  }

  double mean() {
    double sum = 0;
    for (double v : sorted) {
      sum += v;
    }
    return sum / sorted.length;
  }

  /** The population standard deviation (divides by n): 0 for a single value. Two passes, for accuracy. */
  double stddev() {
    double mean = mean();
    double squares = 0;
    for (double v : sorted) {
      squares += (v - mean) * (v - mean);
    }
    return Math.sqrt(squares / sorted.length);
  }

  /**
   * The p-quantile (0..1) by linear interpolation between the two nearest ranks: numpy's default
   * and R's type 7, so the median of 1, 2, 3, 4 is 2.5 and its p90 is 3.7.
   */
  double quantile(double p) {
    double h = (sorted.length - 1) * p;
    int lo = (int) Math.floor(h);
    int hi = Math.min(lo + 1, sorted.length - 1);
    return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
  }
}
