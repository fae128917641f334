package dev.jobsservice.data;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Reads an upload given as text (or bytes) through a RecordReader, as a load would. */
final class Readers {
  /** The records read and the rows skipped. */
  record Read(List<Map<String, Object>> records, List<Long> lines, Skips skips) {
  }

  private Readers() {
  }

  static Read read(Format format, String text) {
    return read(format, text.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8);
  }

  static Read read(Format format, byte[] bytes, Charset charset) {
    Path file = write(bytes);
    try {
      Skips skips = new Skips();
      List<Map<String, Object>> records = new ArrayList<>();
      List<Long> lines = new ArrayList<>();
      try (RecordReader reader = RecordReader.open(file, format, charset, skips)) {
        RecordReader.Row row;
        while ((row = reader.next()) != null) {
          records.add(row.fields());
          lines.add(row.line());
        }
      }
      return new Read(records, lines, skips);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      file.toFile().delete();
    }
  }

  static Path write(byte[] bytes) {
    try {
      Path file = Files.createTempFile("jobs-test-upload-", ".tmp");
      Files.write(file, bytes);
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
