package dev.jobsservice.data;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectReader;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Newline-delimited JSON: one object per line, each parsed on its own, so a bad line is skipped
 * (with its number) and the rest still loads. Blank lines are ignored.
 */
final class NdjsonRecords implements RecordReader {
  private static final ObjectReader LINE = JsonRecords.MAPPER.readerFor(Object.class)
      .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  private final BufferedReader lines;
  private final Skips skips;
  private long line;

  NdjsonRecords(Reader text, Skips skips) {
    this.lines = text instanceof BufferedReader b ? b : new BufferedReader(text);
    this.skips = skips;
  }

  @Override
  @SuppressWarnings("unchecked")
  public Row next() throws IOException {
    String text;
    while ((text = lines.readLine()) != null) {
      line++;
      if (text.isBlank()) {
        continue;
      }
      Object value;
      try {
        value = LINE.readValue(text);
      } catch (JsonProcessingException e) {
        skips.add(line, "not valid JSON: " + Problems.reason(e));
        continue;
      }
      if (value instanceof Map<?, ?> map) {
        return new Row(line, (Map<String, Object>) (map instanceof LinkedHashMap ? map : new LinkedHashMap<>(map)));
      }
      skips.add(line, "not a JSON object");
    }
    return null;
  }

  @Override
  public void close() throws IOException {
    lines.close();
  }
}
