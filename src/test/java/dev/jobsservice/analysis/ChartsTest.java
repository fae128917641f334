package dev.jobsservice.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/** Each charted kind draws a PNG of the size asked for from its own result, headless. */
class ChartsTest {
  private static final List<JsonObject> RECORDS = new ArrayList<>();

  static {
    for (int i = 0; i < 200; i++) {
      RECORDS.add(new JsonObject().put("year", 1850 + i % 170).put("date", String.format("%d-%02d-%02d",
          1990 + i % 20, 1 + i % 12, 1 + i % 28)).put("mass", 0.5 + i * i).put("class", "C" + i % 7));
    }
  }

  private static BufferedImage image(byte[] png) throws IOException {
    assertEquals((byte) 0x89, png[0]);
    assertEquals('P', png[1]);
    assertEquals('N', png[2]);
    assertEquals('G', png[3]);
    return ImageIO.read(new ByteArrayInputStream(png));
  }

  private static JsonObject withRange(JsonObject result, String field) {
    return new JsonObject().put("field", field).put("start", 1800).put("end", 2030).mergeIn(result);
  }

  @Test
  void histogramLinearAndLog() throws IOException {
    HistogramAnalysis h = new HistogramAnalysis();
    for (boolean log : new boolean[] {false, true}) {
      JsonObject result = withRange(h.compute(RECORDS, "year",
          h.options(new JsonObject().put("value", "mass").put("unit", "g").put("log", log))), "year");
      BufferedImage image = image(h.png(result, 640, 400));
      assertEquals(640, image.getWidth());
      assertEquals(400, image.getHeight());
    }
  }

  @Test
  void groupCountAndTimeseriesPerYearMonthDay() throws IOException {
    GroupCountAnalysis g = new GroupCountAnalysis();
    assertEquals(800, image(g.png(withRange(g.compute(RECORDS, "year",
        g.options(new JsonObject().put("by", "class"))), "year"), 800, 500)).getWidth());
    TimeseriesAnalysis t = new TimeseriesAnalysis();
    for (String per : new String[] {"year", "month", "day"}) {
      JsonObject result = withRange(t.compute(RECORDS, "date",
          t.options(new JsonObject().put("per", per).put("value", "mass"))), "date");
      assertTrue(result.getJsonArray("points").size() > 1);
      assertEquals(500, image(t.png(result, 800, 500)).getHeight());
    }
    // Years before 1900 on the number axis.
    JsonObject years = withRange(t.compute(RECORDS, "year", t.options(new JsonObject())), "year");
    assertEquals("1850", years.getJsonArray("points").getJsonObject(0).getString("period"));
    image(t.png(years, 800, 500));
  }

  @Test
  void emptyResultsStillDrawAndForeignOnesAreRefused() throws IOException {
    HistogramAnalysis h = new HistogramAnalysis();
    image(h.png(withRange(h.compute(List.of(), "year", h.options(new JsonObject().put("value", "mass"))), "year"),
        400, 300));
    assertThrows(IllegalArgumentException.class, () -> h.png(new JsonObject().put("slept_ms", 5), 400, 300));
  }
}
