package dev.jobsservice.analysis;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.data.category.DefaultCategoryDataset;

/**
 * {@code group_count}: how many records in range have each distinct value of {@code params.by},
 * the {@code params.top} (default 10) largest groups first (ties by value). Values are grouped by
 * their text, so 1910 and "1910" are one group; records without a value are counted apart.
 */
final class GroupCountAnalysis extends RangeAnalysis<GroupCountAnalysis.Options> implements Charted {
  static final int DEFAULT_TOP = 10;
  static final int MAX_TOP = 1000;

  record Options(String by, int top) {
  }

  /** One group: the value as first seen (a number stays a number) and its count. */
  private static final class Group {
    final Object value;
    final String key;
    long count;

    Group(Object value, String key) {
      this.value = value;
      this.key = key;
    }
  }

  @Override
  Options options(JsonObject params) {
    return new Options(Params.requiredName(params, "by", "the field whose values to count"),
        Params.integer(params, "top", DEFAULT_TOP, 1, MAX_TOP));
  }

  @Override
  JsonObject compute(List<JsonObject> inRange, String field, Options options) {
    Map<String, Group> groups = new HashMap<>();
    long missing = 0;
    for (JsonObject record : inRange) {
      Object value = record.getValue(options.by());
      if (value == null || "".equals(value)) {
        missing++;
        continue;
      }
      String key = key(value);
      groups.computeIfAbsent(key, k -> new Group(value, k)).count++;
    }
    List<Group> sorted = new ArrayList<>(groups.values());
    sorted.sort(Comparator.comparingLong((Group g) -> -g.count).thenComparing(g -> g.key));
    JsonArray top = new JsonArray();
    long shown = 0;
    for (Group g : sorted.subList(0, Math.min(options.top(), sorted.size()))) {
      top.add(new JsonObject().put("value", g.value).put("count", g.count));
      shown += g.count;
    }
    return new JsonObject().put("count", inRange.size()).put("by", options.by()).put("top", options.top())
        .put("distinct", groups.size()).put("missing", missing)
        .put("other", inRange.size() - missing - shown).put("groups", top);
  }

  private static String key(Object value) {
    Double n = value instanceof String ? null : Range.number(value);
    if (n != null && n == Math.rint(n) && Math.abs(n) < 1e15) {
      return Long.toString(n.longValue());
    }
    return value instanceof String s ? s : value.toString();
  }

  @Override
  public byte[] png(JsonObject result, int width, int height) {
    JsonArray groups = Charts.required(result.getJsonArray("groups"), "groups");
    String by = Charts.required(result.getString("by"), "by");
    DefaultCategoryDataset dataset = new DefaultCategoryDataset();
    for (int i = 0; i < groups.size(); i++) {
      JsonObject g = groups.getJsonObject(i);
      String label = String.valueOf(g.getValue("value"));
      label = label.length() > 40 ? label.substring(0, 39) + "…" : label;
      // Two long values cut to the same label would share one bar: keep them apart.
      dataset.addValue(g.getLong("count"), "records", dataset.getColumnKeys().contains(label)
          ? label + " (" + (i + 1) + ")" : label);
    }
    JFreeChart chart = ChartFactory.createBarChart("Records by " + by + " (top " + groups.size() + ")", by,
        "records", dataset, PlotOrientation.HORIZONTAL, false, false, false);
    return Charts.png(Charts.styled(chart, Charts.rangeLine(result,
        Charts.count(result.getLong("distinct", 0L)) + " distinct values")), width, height);
  }
}
