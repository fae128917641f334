package dev.jobsservice.analysis;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.text.DecimalFormat;
import java.text.SimpleDateFormat;
import java.util.List;
import java.util.Map;
import java.util.TimeZone;
import java.util.TreeMap;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.DateAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.data.xy.XYIntervalSeries;
import org.jfree.data.xy.XYIntervalSeriesCollection;

/**
 * {@code timeseries}: per {@code params.per} (year, month or day; default year) of the date in
 * {@code params.field}, the number of records in range, and with {@code params.value} also the
 * sum of that numeric field. Periods with no records are left out; records whose field gives no
 * such period are counted as {@code undated}.
 */
final class TimeseriesAnalysis extends RangeAnalysis<TimeseriesAnalysis.Options> implements Charted {

  record Options(String per, String value, String unit) {
  }

  /** Count and sum of one period. */
  private static final class Point {
    long count;
    double sum;
  }

  @Override
  Options options(JsonObject params) {
    return new Options(Params.choice(params, "per", Period.YEAR, Period.UNITS), Params.name(params, "value"),
        Params.unit(params));
  }

  @Override
  JsonObject compute(List<JsonObject> inRange, String field, Options options) {
    Map<String, Point> points = new TreeMap<>();
    long undated = 0;
    long nonNumeric = 0;
    for (JsonObject record : inRange) {
      String period = Period.of(record.getValue(field), options.per());
      if (period == null) {
        undated++;
        continue;
      }
      Point point = points.computeIfAbsent(period, p -> new Point());
      point.count++;
      if (options.value() != null) {
        Double v = Range.number(record.getValue(options.value()));
        if (v == null) {
          nonNumeric++;
        } else {
          point.sum += v;
        }
      }
    }
    JsonArray series = new JsonArray();
    points.forEach((period, p) -> {
      JsonObject point = new JsonObject().put("period", period).put("count", p.count);
      if (options.value() != null) {
        point.put("sum", p.sum);
      }
      series.add(point);
    });
    JsonObject result = new JsonObject().put("count", inRange.size()).put("per", options.per())
        .put("metric", options.value() == null ? "count" : "sum");
    if (options.value() != null) {
      result.put("value", options.value()).put("non_numeric", nonNumeric);
      if (options.unit() != null) {
        result.put("unit", options.unit());
      }
    }
    return result.put("undated", undated).put("points", series);
  }

  @Override
  public byte[] png(JsonObject result, int width, int height) {
    JsonArray points = Charts.required(result.getJsonArray("points"), "points");
    String per = Charts.required(result.getString("per"), "per");
    String value = result.getString("value");
    boolean sum = "sum".equals(result.getString("metric")) && value != null;
    XYIntervalSeries series = new XYIntervalSeries(sum ? "sum" : "records");
    boolean years = per.equals(Period.YEAR);
    for (int i = 0; i < points.size(); i++) {
      JsonObject p = points.getJsonObject(i);
      String period = p.getString("period");
      double y = sum ? p.getDouble("sum", 0.0) : p.getLong("count", 0L);
      // Years on a plain number axis: a date axis cannot show years before 1900 well.
      double from = years ? Integer.parseInt(period) : Period.startMillis(period);
      double to = years ? from + 1 : Period.endMillis(period);
      series.add(from, from, to, y, 0, y);
    }
    XYIntervalSeriesCollection dataset = new XYIntervalSeriesCollection();
    dataset.addSeries(series);
    String field = String.valueOf(result.getValue("field"));
    String xLabel = field.equals(per) ? per : per + " of " + field;
    String yLabel = sum ? "sum of " + Charts.label(value, result.getString("unit")) : "records";
    String title = (sum ? "Sum of " + value : "Records") + " per " + per;
    JFreeChart chart = ChartFactory.createXYBarChart(title, xLabel, !years, yLabel, dataset);
    if (years) {
      NumberAxis axis = (NumberAxis) chart.getXYPlot().getDomainAxis();
      axis.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
      axis.setNumberFormatOverride(new DecimalFormat("0"));
      axis.setAutoRangeIncludesZero(false);
    } else {
      DateAxis axis = (DateAxis) chart.getXYPlot().getDomainAxis();
      axis.setTimeZone(TimeZone.getTimeZone("UTC"));
      SimpleDateFormat format = new SimpleDateFormat(per.equals(Period.MONTH) ? "yyyy-MM" : "yyyy-MM-dd");
      format.setTimeZone(TimeZone.getTimeZone("UTC"));
      axis.setDateFormatOverride(format);
    }
    return Charts.png(Charts.styled(chart, Charts.rangeLine(result,
        points.size() + " " + per + "s" + (result.getLong("undated", 0L) > 0 ? ", " + result.getLong("undated")
            + " undated" : ""))), width, height);
  }
}
