package dev.jobsservice.analysis;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.text.DecimalFormat;
import java.util.List;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberTickUnit;
import org.jfree.data.xy.XYIntervalSeries;
import org.jfree.data.xy.XYIntervalSeriesCollection;

/**
 * {@code histogram}: counts of {@code params.value} in {@code params.bins} (default 20) equal
 * bins from its min to its max over the records in range; with {@code params.log} the bins are
 * equal on a log scale and values ≤ 0 are left out. Bins are [from, to), the last [from, to].
 */
final class HistogramAnalysis extends RangeAnalysis<HistogramAnalysis.Options> implements Charted {
  static final int DEFAULT_BINS = 20;
  static final int MAX_BINS = 1000;

  record Options(String value, int bins, boolean log, String unit) {
  }

  @Override
  Options options(JsonObject params) {
    return new Options(Params.requiredName(params, "value", "the numeric field to bin"),
        Params.integer(params, "bins", DEFAULT_BINS, 1, MAX_BINS), Params.flag(params, "log"), Params.unit(params));
  }

  @Override
  JsonObject compute(List<JsonObject> inRange, String field, Options options) {
    Values values = Values.of(inRange, options.value());
    double[] xs = values.sorted();
    int first = 0;
    if (options.log()) {
      while (first < xs.length && xs[first] <= 0) {
        first++;
      }
    }
    JsonObject result = new JsonObject().put("count", inRange.size()).put("value", options.value());
    if (options.unit() != null) {
      result.put("unit", options.unit());
    }
    result.put("log", options.log()).put("value_count", xs.length - first).put("skipped", values.skipped());
    if (options.log()) {
      result.put("non_positive", first);
    }
    JsonArray bins = new JsonArray();
    if (first == xs.length) {
      return result.put("min", null).put("max", null).put("bins", bins);
    }
    double min = xs[first];
    double max = xs[xs.length - 1];
    double[] edges = edges(min, max, min == max ? 1 : options.bins(), options.log());
    long[] counts = new long[edges.length - 1];
    for (int i = first; i < xs.length; i++) {
      counts[bin(xs[i], edges, options.log())]++;
    }
    for (int b = 0; b < counts.length; b++) {
      bins.add(new JsonObject().put("from", edges[b]).put("to", edges[b + 1]).put("count", counts[b]));
    }
    return result.put("min", min).put("max", max).put("bins", bins);
  }

  /** n + 1 edges from min to max (exactly), equal in value or in log10 of value. */
  static double[] edges(double min, double max, int n, boolean log) {
    double[] edges = new double[n + 1];
    double lo = log ? Math.log10(min) : min;
    double width = ((log ? Math.log10(max) : max) - lo) / n;
    for (int i = 0; i <= n; i++) {
      double e = lo + i * width;
      edges[i] = log ? Math.pow(10, e) : e;
    }
    edges[0] = min;
    edges[n] = max;
    return edges;
  }

  /** The bin of {@code x}, from arithmetic, then moved so that it agrees with the reported edges. */
  static int bin(double x, double[] edges, boolean log) {
    int n = edges.length - 1;
    double lo = log ? Math.log10(edges[0]) : edges[0];
    double hi = log ? Math.log10(edges[n]) : edges[n];
    double at = log ? Math.log10(x) : x;
    int b = hi == lo ? 0 : (int) Math.floor((at - lo) / (hi - lo) * n);
    b = Math.max(0, Math.min(n - 1, b));
    while (b > 0 && x < edges[b]) {
      b--;
    }
    while (b < n - 1 && x >= edges[b + 1]) {
      b++;
    }
    return b;
  }

  @Override
  public byte[] png(JsonObject result, int width, int height) {
    JsonArray bins = Charts.required(result.getJsonArray("bins"), "bins");
    String value = Charts.required(result.getString("value"), "value");
    boolean log = result.getBoolean("log", false);
    XYIntervalSeries series = new XYIntervalSeries("records");
    for (int i = 0; i < bins.size(); i++) {
      JsonObject bin = bins.getJsonObject(i);
      double from = bin.getDouble("from");
      double to = bin.getDouble("to");
      double count = bin.getLong("count");
      // A single value makes a bin of no width: give it some so it shows.
      if (to == from) {
        double pad = from == 0 ? 0.5 : Math.abs(from) * 0.05;
        from = log ? from / 1.1 : from - pad;
        to = log ? to * 1.1 : to + pad;
      }
      series.add((from + to) / 2, from, to, count, 0, count);
    }
    XYIntervalSeriesCollection dataset = new XYIntervalSeriesCollection();
    dataset.addSeries(series);
    String xLabel = Charts.label(value, result.getString("unit")) + (log ? ", log scale" : "");
    JFreeChart chart = ChartFactory.createXYBarChart("Distribution of " + value, xLabel, false, "records", dataset);
    if (log) {
      LogAxis axis = new LogAxis(xLabel);
      axis.setSmallestValue(1e-300);
      // Ticks at powers of ten, written as plain numbers: 0.01, 1, 100, 10,000.
      axis.setTickUnit(new NumberTickUnit(1.0));
      axis.setNumberFormatOverride(new DecimalFormat("#,##0.######"));
      chart.getXYPlot().setDomainAxis(axis);
    }
    return Charts.png(Charts.styled(chart, Charts.rangeLine(result,
        Charts.count(result.getLong("value_count", 0L)) + " values in " + bins.size() + " bins")), width, height);
  }
}
