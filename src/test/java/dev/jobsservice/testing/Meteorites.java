package dev.jobsservice.testing;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A made-up dataset in the shape of NASA's public "Meteorite Landings" table, for the tests, the
 * benchmark and the README: the same seed always gives the same rows. It has what real exports
 * have: UTF-8 names, quoted fields with commas, quotes and line breaks inside, empty cells, a
 * few non-numeric masses ("unknown"), ISO dates, CRLF line ends.
 *
 * <p>Needs nothing but the JDK, so it runs as a script too:
 * {@code java src/test/java/dev/jobsservice/testing/Meteorites.java 40000 > meteorites.csv}
 * (arguments: rows, default 40000; seed, default 4).
 */
public final class Meteorites {
  public static final String[] HEADER = {
      "id", "name", "nametype", "recclass", "mass_g", "fall", "year", "observed", "reclat", "reclong",
      "geolocation", "note"};
  private static final String[] NAMES = {
      "Aachen", "Aarhus", "Abee", "Acapulco", "Adhi Kot", "Adzhi-Bogdo", "Agen", "Aïr", "Allende", "Allan Hills",
      "Ängelholm", "Bjurböle", "Boguslavka", "Cañon Diablo", "Château-Renard", "Chelyabinsk", "Dhajala",
      "Élbogen", "Forsbach", "Gibeon", "Hoba", "Itqiy", "Jilin", "Kainsaz", "Kunashak (Кунашак)", "Łowicz",
      "Murchison", "Nōgata", "Norton County", "Orgueil", "Pułtusk", "São José do Rio Preto", "Sikhote-Alin",
      "Sutter’s Mill", "Tatahouine", "Vaca Muerta", "Willamette", "Yamato", "Zagami", "Żółkiew"};
  /** Classes with weights roughly as common as in the real table: L6 and H5 lead. */
  private static final String[] CLASSES = {
      "L6", "H5", "L5", "H6", "H4", "LL5", "LL6", "L4", "H4/5", "CM2", "EH4", "Iron, IIIAB", "Eucrite-mmict",
      "Ureilite", "Howardite", "Diogenite", "Mesosiderite", "Pallasite", "Martian (shergottite)", "Lunar"};
  private static final int[] CLASS_WEIGHTS = {
      220, 200, 90, 110, 60, 50, 40, 30, 15, 20, 8, 25, 10, 8, 8, 6, 6, 4, 3, 3};
  private static final String[] NOTES = {
      "Found by a \"local\" farmer, near the river",
      "Two fragments, one in the museum,\none private",
      "Recovered after the 1947 fall; see \"Catalogue\" p. 12",
      "Weathered, heavily oxidised"};

  private Meteorites() {
  }

  /** The rows (cells as text, "" for empty), header order. */
  public static List<String[]> rows(int count, long seed) {
    Random random = new Random(seed);
    int totalWeight = 0;
    for (int w : CLASS_WEIGHTS) {
      totalWeight += w;
    }
    List<String[]> rows = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      String[] row = new String[HEADER.length];
      boolean fell = random.nextInt(100) < 4;
      row[0] = Integer.toString(i + 1);
      String base = NAMES[random.nextInt(NAMES.length)];
      row[1] = fell ? base : base + " " + (10000 + random.nextInt(90000));
      row[2] = random.nextInt(1000) < 3 ? "Relict" : "Valid";
      int pick = random.nextInt(totalWeight);
      int c = 0;
      while (pick >= CLASS_WEIGHTS[c]) {
        pick -= CLASS_WEIGHTS[c++];
      }
      row[3] = CLASSES[c];
      int massRoll = random.nextInt(1000);
      // Log-normal around ~20 g, from a few mg to tonnes, as in the real table.
      double mass = StrictMath.exp(3 + 2.2 * random.nextGaussian());
      row[4] = massRoll < 30 ? "" : massRoll < 35 ? "unknown" : decimal(mass, mass < 1 ? 3 : 1);
      row[5] = fell ? "Fell" : "Found";
      boolean dated = random.nextInt(100) >= 2;
      // Most finds are recent (the Antarctic searches since the 1970s), a long tail is old.
      int year;
      do {
        year = random.nextInt(100) < 70 ? (int) Math.round(1990 + 15 * random.nextGaussian())
            : 1800 + random.nextInt(224);
      } while (year < 1800 || year > 2023);
      int month = 1 + random.nextInt(12);
      int day = 1 + random.nextInt(28);
      row[6] = dated ? Integer.toString(year) : "";
      row[7] = dated ? year + (month < 10 ? "-0" : "-") + month + (day < 10 ? "-0" : "-") + day : "";
      boolean located = random.nextInt(100) >= 6;
      double lat = random.nextDouble() * 170 - 85;
      double lon = random.nextDouble() * 360 - 180;
      row[8] = located ? decimal(lat, 5) : "";
      row[9] = located ? decimal(lon, 5) : "";
      row[10] = located ? "(" + row[8] + ", " + row[9] + ")" : "";
      row[11] = random.nextInt(100) < 2 ? NOTES[random.nextInt(NOTES.length)] : "";
      rows.add(row);
    }
    return rows;
  }

  /** The rows as CSV: a header, RFC 4180 quoting where a cell needs it, CRLF line ends. */
  public static void writeCsv(List<String[]> rows, Writer out) throws IOException {
    line(HEADER, out);
    for (String[] row : rows) {
      line(row, out);
    }
    out.flush();
  }

  private static void line(String[] cells, Writer out) throws IOException {
    for (int i = 0; i < cells.length; i++) {
      if (i > 0) {
        out.write(',');
      }
      String cell = cells[i];
      boolean quote = cell.indexOf(',') >= 0 || cell.indexOf('"') >= 0 || cell.indexOf('\n') >= 0
          || cell.indexOf('\r') >= 0;
      out.write(quote ? '"' + cell.replace("\"", "\"\"") + '"' : cell);
    }
    out.write("\r\n");
  }

  private static String decimal(double value, int places) {
    BigDecimal d = BigDecimal.valueOf(value).setScale(places, java.math.RoundingMode.HALF_UP).stripTrailingZeros();
    return d.signum() == 0 ? "0" : d.toPlainString();
  }

  public static void main(String[] args) {
    int count = args.length > 0 ? Integer.parseInt(args[0]) : 40_000;
    long seed = args.length > 1 ? Long.parseLong(args[1]) : 4;
    Writer out = new BufferedWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8), 1 << 16);
    try {
      writeCsv(rows(count, seed), out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
