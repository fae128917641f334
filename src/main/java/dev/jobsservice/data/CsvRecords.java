package dev.jobsservice.data;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * CSV (or TSV) with a header row, parsed by Jackson's CSV module: quoted fields with embedded
 * separators, quotes and newlines, CRLF or LF line ends. Each row becomes a record keyed by the
 * header; a cell that reads as a JSON number becomes a number, an empty cell null. A row with
 * more or fewer fields than the header is skipped with its line number.
 */
final class CsvRecords implements RecordReader {
  private static final CsvMapper CSV = new CsvMapper();
  /** Longer integers (account numbers, codes) stay text: they would not survive a double. */
  private static final int MAX_INTEGER_DIGITS = 18;

  private final JsonParser parser;
  private final Skips skips;
  private final String[] header;
  /** Line of the first cell of the row being read; -1 before its first cell. */
  private long rowLine;
  private long lastLine = 1;

  CsvRecords(Reader text, char separator, Skips skips) throws IOException {
    this.parser = CSV.reader()
        .with(CsvSchema.emptySchema().withColumnSeparator(separator))
        .with(CsvParser.Feature.SKIP_EMPTY_LINES)
        .createParser(text);
    this.skips = skips;
    List<String> names = row();
    this.header = names == null ? null : header(names);
  }

  private static String[] header(List<String> names) {
    String[] header = new String[names.size()];
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < header.length; i++) {
      String name = names.get(i).strip();
      // pandas writes its index column with an empty name: give it one rather than refuse.
      header[i] = name.isEmpty() ? "column_" + (i + 1) : name;
      if (!seen.add(header[i])) {
        throw new IllegalArgumentException("line 1: the header names column '" + header[i] + "' twice");
      }
    }
    return header;
  }

  @Override
  public Row next() throws IOException {
    if (header == null) {
      return null;
    }
    List<String> cells;
    while ((cells = row()) != null) {
      if (cells.size() != header.length) {
        skips.add(rowLine, "the row has " + cells.size() + " field" + (cells.size() == 1 ? "" : "s")
            + "; the header has " + header.length);
        continue;
      }
      Map<String, Object> record = new LinkedHashMap<>(header.length * 2);
      for (int i = 0; i < header.length; i++) {
        record.put(header[i], cell(cells.get(i)));
      }
      return new Row(rowLine, record);
    }
    return null;
  }

  /** The cells of the next row, or null at the end. */
  private List<String> row() throws IOException {
    rowLine = -1;
    try {
      JsonToken token = parser.nextToken();
      if (token == null) {
        return null;
      }
      List<String> cells = new ArrayList<>();
      while ((token = parser.nextToken()) == JsonToken.VALUE_STRING) {
        if (rowLine < 0) {
          rowLine = parser.currentTokenLocation().getLineNr();
        }
        cells.add(parser.getText());
      }
      lastLine = parser.currentTokenLocation().getLineNr();
      return cells;
    } catch (JsonProcessingException e) {
      long line = rowLine > 0 ? rowLine : lastLine + 1;
      throw new IllegalArgumentException("line " + line + ": " + Problems.reason(e));
    }
  }

  /** A cell as a JSON value: null when empty, a number when it reads as one, else the text. */
  static Object cell(String text) {
    if (text.isEmpty()) {
      return null;
    }
    String t = text.strip();
    if (!SearchText.isNumber(t)) {
      return text;
    }
    boolean integer = t.indexOf('.') < 0 && t.indexOf('e') < 0 && t.indexOf('E') < 0;
    if (integer) {
      return t.length() - (t.charAt(0) == '-' ? 1 : 0) <= MAX_INTEGER_DIGITS ? (Object) Long.parseLong(t) : text;
    }
    double d = Double.parseDouble(t);
    return Double.isFinite(d) ? d : text;
  }

  @Override
  public void close() throws IOException {
    parser.close();
  }
}
