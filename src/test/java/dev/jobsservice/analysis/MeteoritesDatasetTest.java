package dev.jobsservice.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jobsservice.app.JobsService;
import dev.jobsservice.testing.Http;
import dev.jobsservice.testing.Jobs;
import dev.jobsservice.testing.Meteorites;
import dev.jobsservice.testing.TestRedis;
import dev.jobsservice.testing.TestService;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The realistic dataset ({@link Meteorites}, 40,000 rows of CSV with quoted fields, empty cells
 * and UTF-8 names) loaded through {@code POST /data}, searched, and every analysis kind run over
 * it as jobs through the real service; each answer is checked against one computed here, from
 * the generator's own rows, without the service's code.
 */
class MeteoritesDatasetTest {
  private static final int ROWS = 40_000;
  private static final int ID = 0;
  private static final int NAME = 1;
  private static final int CLASS = 3;
  private static final int MASS = 4;
  private static final int FALL = 5;
  private static final int YEAR = 6;
  private static final int OBSERVED = 7;
  private static final int NOTE = 11;

  private static JobsService service;
  private static Http http;
  private static List<String[]> rows;

  @BeforeAll
  static void loadTheDataset() throws IOException {
    service = TestService.start(TestRedis.prefix(), "all", 2);
    http = TestService.http(service);
    rows = Meteorites.rows(ROWS, 4);
    ByteArrayOutputStream csv = new ByteArrayOutputStream(5 << 20);
    try (Writer out = new OutputStreamWriter(csv, StandardCharsets.UTF_8)) {
      Meteorites.writeCsv(rows, out);
    }
    Http.Reply load = http.send(HttpRequest.newBuilder(URI.create(http.base() + "/data"))
        .header("Content-Type", "text/csv")
        .POST(HttpRequest.BodyPublishers.ofByteArray(csv.toByteArray())));
    assertEquals(201, load.status(), load.body());
    assertEquals(ROWS, load.json().getInteger("loaded"), load.body());
    assertEquals(0, load.json().getInteger("skipped"), load.body());
  }

  @AfterAll
  static void stop() {
    service.close();
  }

  private static Double number(String cell) {
    try {
      return cell.isEmpty() ? null : Double.valueOf(cell);
    } catch (NumberFormatException e) {
      return null;
    }
  }

  private static boolean yearIn(String[] row, int from, int to) {
    return !row[YEAR].isEmpty() && Integer.parseInt(row[YEAR]) >= from && Integer.parseInt(row[YEAR]) <= to;
  }

  private static JsonObject job(String body) {
    String id = Jobs.submit(http, body);
    JsonObject job = Jobs.awaitTerminal(http, id);
    assertEquals("complete", job.getString("status"), job.encode());
    Http.Reply result = http.get("/jobs/" + id + "/results");
    assertEquals(200, result.status());
    return result.json().put("job_id", id);
  }

  private static void assertClose(double expected, double actual, String what) {
    assertEquals(expected, actual, Math.abs(expected) * 1e-9 + 1e-9, what);
  }

  @Test
  void recordsKeepTheirQuotedTextEmptyCellsAndNumbers() {
    String[] noted = rows.stream().filter(r -> r[NOTE].contains("\n")).findFirst().orElseThrow();
    JsonObject record = http.get("/data/" + noted[ID]).json();
    assertEquals(noted[NOTE], record.getString("note"), "an embedded line break survives");
    assertEquals(noted[NAME], record.getString("name"));
    String[] noMass = rows.stream().filter(r -> r[MASS].isEmpty()).findFirst().orElseThrow();
    assertNull(http.get("/data/" + noMass[ID]).json().getValue("mass_g"));
    String[] heavy = rows.stream().filter(r -> number(r[MASS]) != null).findFirst().orElseThrow();
    assertEquals(number(heavy[MASS]), http.get("/data/" + heavy[ID]).json().getDouble("mass_g"));
    assertTrue(http.get("/data/" + heavy[ID]).json().getValue("mass_g") instanceof Number);
  }

  @Test
  void searchAndFiltersFindWhatTheRowsHold() {
    assertEquals(count(r -> r[NAME].toLowerCase(Locale.ROOT).contains("кунашак")), all("search=%D0%9A%D0%A3%D0%9D%D0%90%D0%A8"));
    assertEquals(count(r -> r[CLASS].equals("L6") && r[FALL].equals("Fell")), all("recclass=L6&fall=fell"));
    assertEquals(count(r -> r[CLASS].equals("Iron, IIIAB") && r[YEAR].equals("1990")),
        all("recclass=Iron%2C%20IIIAB&year=1990"));
  }

  private static long count(Predicate<String[]> p) {
    return rows.stream().filter(p).count();
  }

  /** How many records a query finds, walking every page. */
  private static long all(String query) {
    long found = 0;
    String cursor = null;
    do {
      JsonObject page = http.get("/data?limit=1000&" + query + (cursor == null ? "" : "&cursor=" + cursor)).json();
      found += page.getJsonArray("data").size();
      cursor = page.getString("next_cursor");
    } while (cursor != null);
    return found;
  }

  @Test
  void summary() {
    JsonObject r = job("{\"start\": 1900, \"end\": 2000, \"params\": {\"value\": \"mass_g\", \"unit\": \"g\"}}");
    List<String[]> in = rows.stream().filter(row -> yearIn(row, 1900, 2000)).toList();
    double[] masses = in.stream().map(row -> number(row[MASS])).filter(m -> m != null)
        .mapToDouble(Double::doubleValue).sorted().toArray();
    assertEquals(in.size(), r.getInteger("count"));
    assertEquals(masses.length, r.getInteger("value_count"));
    assertEquals(in.size() - masses.length, r.getInteger("skipped"));
    assertEquals(masses[0], r.getDouble("min"));
    assertEquals(masses[masses.length - 1], r.getDouble("max"));
    double mean = Arrays.stream(masses).sum() / masses.length;
    assertClose(mean, r.getDouble("mean"), "mean");
    assertClose(quantile(masses, 0.5), r.getDouble("median"), "median");
    assertClose(quantile(masses, 0.9), r.getDouble("p90"), "p90");
    double squares = Arrays.stream(masses).map(m -> (m - mean) * (m - mean)).sum();
    assertClose(Math.sqrt(squares / masses.length), r.getDouble("stddev"), "stddev");
    assertEquals(406, http.send(HttpRequest.newBuilder(URI.create(http.base() + "/jobs/" + r.getString("job_id")
        + "/results")).header("Accept", "image/png")).status(), "a summary has no chart");
  }

  /** numpy's default quantile: linear between the ranks around (n - 1) p. */
  private static double quantile(double[] sorted, double p) {
    double h = (sorted.length - 1) * p;
    int lo = (int) h;
    return lo + 1 < sorted.length ? sorted[lo] + (h - lo) * (sorted[lo + 1] - sorted[lo]) : sorted[lo];
  }

  @Test
  void histogram() throws IOException {
    JsonObject r = job("{\"type\": \"histogram\", \"start\": 1900, \"end\": 2000,"
        + " \"params\": {\"value\": \"mass_g\", \"bins\": 10, \"unit\": \"g\"}}");
    double[] masses = rows.stream().filter(row -> yearIn(row, 1900, 2000)).map(row -> number(row[MASS]))
        .filter(m -> m != null).mapToDouble(Double::doubleValue).toArray();
    double min = Arrays.stream(masses).min().orElseThrow();
    double max = Arrays.stream(masses).max().orElseThrow();
    JsonArray bins = r.getJsonArray("bins");
    assertEquals(10, bins.size());
    assertEquals(min, bins.getJsonObject(0).getDouble("from"));
    assertEquals(max, bins.getJsonObject(9).getDouble("to"));
    long total = 0;
    for (int b = 0; b < 10; b++) {
      JsonObject bin = bins.getJsonObject(b);
      double from = bin.getDouble("from");
      double to = bin.getDouble("to");
      assertClose(min + b * (max - min) / 10, from, "edge " + b);
      boolean last = b == 9;
      long expected = Arrays.stream(masses).filter(m -> m >= from && (m < to || last && m <= to)).count();
      assertEquals(expected, bin.getLong("count"), "bin " + b);
      total += expected;
    }
    assertEquals(masses.length, total);
    assertPng(r.getString("job_id"), "image/png", null);
  }

  @Test
  void groupCount() throws IOException {
    JsonObject r = job("{\"type\": \"group_count\", \"start\": 1800, \"end\": 2023,"
        + " \"params\": {\"by\": \"recclass\", \"top\": 5}}");
    Map<String, Long> counts = new HashMap<>();
    rows.stream().filter(row -> yearIn(row, 1800, 2023)).forEach(row -> counts.merge(row[CLASS], 1L, Long::sum));
    List<Map.Entry<String, Long>> expected = new ArrayList<>(counts.entrySet());
    expected.sort(Comparator.comparing((Map.Entry<String, Long> e) -> -e.getValue()).thenComparing(Map.Entry::getKey));
    JsonArray groups = r.getJsonArray("groups");
    assertEquals(5, groups.size());
    for (int i = 0; i < 5; i++) {
      assertEquals(expected.get(i).getKey(), groups.getJsonObject(i).getString("value"));
      assertEquals(expected.get(i).getValue(), groups.getJsonObject(i).getLong("count"));
    }
    assertEquals(counts.size(), r.getInteger("distinct"));
    assertPng(r.getString("job_id"), null, "png");
  }

  @Test
  void timeseries() throws IOException {
    JsonObject r = job("{\"type\": \"timeseries\", \"start\": \"1990-01-01\", \"end\": \"1999-12-31\","
        + " \"params\": {\"field\": \"observed\", \"per\": \"month\", \"value\": \"mass_g\", \"unit\": \"g\"}}");
    Map<String, long[]> counts = new TreeMap<>();
    Map<String, Double> sums = new TreeMap<>();
    rows.stream().filter(row -> !row[OBSERVED].isEmpty() && row[OBSERVED].compareTo("1990-01-01") >= 0
        && row[OBSERVED].compareTo("1999-12-31") <= 0).forEach(row -> {
          String month = row[OBSERVED].substring(0, 7);
          counts.computeIfAbsent(month, m -> new long[1])[0]++;
          Double mass = number(row[MASS]);
          sums.merge(month, mass == null ? 0.0 : mass, Double::sum);
        });
    JsonArray points = r.getJsonArray("points");
    assertEquals(List.copyOf(counts.keySet()), points.stream().map(p -> ((JsonObject) p).getString("period")).toList());
    for (int i = 0; i < points.size(); i++) {
      JsonObject p = points.getJsonObject(i);
      assertEquals(counts.get(p.getString("period"))[0], p.getLong("count"));
      assertClose(sums.get(p.getString("period")), p.getDouble("sum"), p.getString("period"));
    }
    assertEquals(120, points.size(), "every month of the decade has records");
    assertPng(r.getString("job_id"), "image/webp, image/*;q=0.9, */*;q=0.8", null);
  }

  /** The job's result as a chart: a PNG of the default size. */
  private static void assertPng(String jobId, String accept, String format) throws IOException {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(http.base() + "/jobs/" + jobId + "/results"
        + (format == null ? "" : "?format=" + format)));
    if (accept != null) {
      request.header("Accept", accept);
    }
    try {
      HttpResponse<byte[]> png = HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
      assertEquals(200, png.statusCode());
      assertEquals("image/png", png.headers().firstValue("Content-Type").orElse(null));
      var image = ImageIO.read(new ByteArrayInputStream(png.body()));
      assertEquals(800, image.getWidth());
      assertEquals(500, image.getHeight());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException(e);
    }
  }
}
