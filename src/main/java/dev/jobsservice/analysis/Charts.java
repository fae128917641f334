package dev.jobsservice.analysis;

import io.vertx.core.json.JsonObject;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.text.NumberFormat;
import java.util.Locale;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.AxisLocation;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.Plot;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.category.BarRenderer;
import org.jfree.chart.renderer.category.StandardBarPainter;
import org.jfree.chart.renderer.xy.StandardXYBarPainter;
import org.jfree.chart.renderer.xy.XYBarRenderer;
import org.jfree.chart.title.TextTitle;

/** What every chart shares: headless rendering, one plain look, labels with units, PNG bytes. */
final class Charts {
  static {
    // A server has no display: AWT must not look for one (set before any AWT class loads).
    System.setProperty("java.awt.headless", "true");
  }

  static final Color BAR = new Color(0x3B, 0x6E, 0xA5);
  private static final Color GRID = new Color(0xD0, 0xD0, 0xD0);

  private Charts() {
  }

  /** "mass (g)", or "mass" without a unit. */
  static String label(String name, String unit) {
    return unit == null ? name : name + " (" + unit + ")";
  }

  /** The range line under the title: "year in [1900, 2000] · 38,211 records". */
  static String rangeLine(JsonObject result, String counted) {
    return result.getValue("field") + " in [" + result.getValue("start") + ", " + result.getValue("end") + "] · "
        + count(result.getLong("count", 0L)) + " records" + (counted == null ? "" : " · " + counted);
  }

  /** 38211 as "38,211". */
  static String count(long n) {
    return NumberFormat.getIntegerInstance(Locale.ROOT).format(n);
  }

  /** One look for all: white plot, light grid, flat bars, a subtitle, no legend. */
  static JFreeChart styled(JFreeChart chart, String subtitle) {
    chart.setBackgroundPaint(Color.WHITE);
    chart.setAntiAlias(true);
    chart.setTextAntiAlias(true);
    chart.getTitle().setFont(new Font(Font.SANS_SERIF, Font.BOLD, 18));
    if (subtitle != null) {
      chart.addSubtitle(new TextTitle(subtitle, new Font(Font.SANS_SERIF, Font.PLAIN, 12)));
    }
    if (chart.getLegend() != null) {
      chart.removeLegend();
    }
    Plot plot = chart.getPlot();
    plot.setBackgroundPaint(Color.WHITE);
    plot.setOutlineVisible(false);
    if (plot instanceof XYPlot xy) {
      xy.setDomainGridlinePaint(GRID);
      xy.setRangeGridlinePaint(GRID);
      xy.setDomainGridlineStroke(new BasicStroke(0.5f));
      xy.setRangeGridlineStroke(new BasicStroke(0.5f));
      if (xy.getRenderer() instanceof XYBarRenderer bars) {
        bars.setBarPainter(new StandardXYBarPainter());
        bars.setShadowVisible(false);
        bars.setSeriesPaint(0, BAR);
        bars.setDrawBarOutline(true);
        bars.setSeriesOutlinePaint(0, Color.WHITE);
      }
    } else if (plot instanceof CategoryPlot category) {
      category.setRangeGridlinePaint(GRID);
      category.setRangeAxisLocation(AxisLocation.BOTTOM_OR_LEFT);
      if (category.getRenderer() instanceof BarRenderer bars) {
        bars.setBarPainter(new StandardBarPainter());
        bars.setShadowVisible(false);
        bars.setSeriesPaint(0, BAR);
        bars.setMaximumBarWidth(0.08);
      }
    }
    return chart;
  }

  static byte[] png(JFreeChart chart, int width, int height) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(32 * 1024);
    try {
      ChartUtils.writeChartAsPNG(out, chart, width, height);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  /** A member the chart needs; IllegalArgumentException when the result has none. */
  static <T> T required(T value, String member) {
    if (value == null) {
      throw new IllegalArgumentException("the result has no '" + member + "' to chart");
    }
    return value;
  }
}
