package dev.jobsservice.data;

import java.io.BufferedReader;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Reads the records of an upload one at a time, so memory holds one record, not the file.
 * Rows it cannot read go to the load's {@link Skips}; a fault that leaves the rest of the file
 * unreadable (broken JSON, a quote never closed) throws IllegalArgumentException naming the line.
 * Blocking I/O: use it off the event loop.
 */
interface RecordReader extends Closeable {

  /** A record and the line of the upload it starts on (1 is the first). */
  record Row(long line, Map<String, Object> fields) {
  }

  /** The next record, or null at the end. */
  Row next() throws IOException;

  static RecordReader open(Path file, Format format, Charset charset, Skips skips) throws IOException {
    Reader text = text(file, charset);
    try {
      return switch (format) {
        case JSON -> new JsonRecords(text, skips);
        case NDJSON -> new NdjsonRecords(text, skips);
        case CSV -> new CsvRecords(text, ',', skips);
        case TSV -> new CsvRecords(text, '\t', skips);
      };
    } catch (IOException | RuntimeException e) {
      text.close();
      throw e;
    }
  }

  /**
   * The file as text: bytes that are not valid in {@code charset} are an error, not a silent
   * replacement character (a Latin-1 file sent as UTF-8 should say so); a byte-order mark is
   * dropped.
   */
  private static Reader text(Path file, Charset charset) throws IOException {
    InputStream in = Files.newInputStream(file);
    BufferedReader reader = new BufferedReader(new InputStreamReader(in, charset.newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT)), 64 * 1024);
    reader.mark(1);
    if (reader.read() != '\uFEFF') {
      reader.reset();
    }
    return reader;
  }
}
