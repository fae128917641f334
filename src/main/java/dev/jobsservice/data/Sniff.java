package dev.jobsservice.data;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Tells an upload's format from its first bytes, for clients that do not label it ({@code curl
 * --data-binary @file} sends form encoding): {@code [} starts JSON; {@code {} starts JSON unless
 * the first line is a whole object of its own with no {@code data} array (then NDJSON); a first
 * line with tabs and no commas is TSV; anything else is CSV.
 */
final class Sniff {
  /** Enough for any header row or first line worth sniffing. */
  private static final int HEAD_BYTES = 64 * 1024;

  private Sniff() {
  }

  static Format format(Path file, Charset charset) throws IOException {
    String text = head(file, charset);
    int i = firstNonBlank(text);
    char first = text.charAt(i);
    if (first == '[') {
      return Format.JSON;
    }
    int end = text.indexOf('\n', i);
    if (first != '{') {
      // A header row with tabs and no commas is tab-separated (what a spreadsheet copies out).
      String header = end < 0 ? text.substring(i) : text.substring(i, end);
      return header.indexOf('\t') >= 0 && header.indexOf(',') < 0 ? Format.TSV : Format.CSV;
    }
    if (end < 0) {
      return Format.JSON;
    }
    try {
      JsonNode line = JsonRecords.MAPPER.readTree(text.substring(i, end));
      return line != null && line.isObject() && !line.path("data").isArray() ? Format.NDJSON : Format.JSON;
    } catch (IOException e) {
      return Format.JSON;  // an object spread over lines: a pretty-printed {"data": [...]}
    }
  }

  /**
   * Refuses an upload with nothing in it (whatever its label): replacing the dataset with nothing
   * is what DELETE /data is for, and an empty body is more likely a client's mistake.
   */
  static void requireContent(Path file, Charset charset) throws IOException {
    firstNonBlank(head(file, charset));
  }

  private static String head(Path file, Charset charset) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      return new String(in.readNBytes(HEAD_BYTES), charset);
    }
  }

  private static int firstNonBlank(String text) {
    int i = 0;
    while (i < text.length() && (text.charAt(i) == '\uFEFF' || Character.isWhitespace(text.charAt(i)))) {
      i++;
    }
    if (i == text.length()) {
      throw new IllegalArgumentException("the upload is empty (to empty the dataset, DELETE /data)");
    }
    return i;
  }
}
