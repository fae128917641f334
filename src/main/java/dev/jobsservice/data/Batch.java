package dev.jobsservice.data;

import io.vertx.core.json.Json;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The next records of an upload, ready to store: id, JSON and search text each. Bounded by count
 * and size, so a load holds one batch in memory at a time, whatever the size of the file.
 */
record Batch(List<String> ids, List<String> jsons, List<String> texts) {
  /** Records per batch: one Redis round trip each, big enough to amortise it. */
  static final int MAX_RECORDS = 1000;
  /** Bytes of JSON per batch, so a file of huge records still goes in small steps. */
  static final int MAX_BYTES = 1 << 20;

  boolean isEmpty() {
    return ids.isEmpty();
  }

  int size() {
    return ids.size();
  }

  /** Reads up to a batch from {@code reader}; empty at the end. CPU and file I/O: off the event loop. */
  static Batch read(RecordReader reader, String idField, Skips skips) throws IOException {
    List<String> ids = new ArrayList<>();
    List<String> jsons = new ArrayList<>();
    List<String> texts = new ArrayList<>();
    long bytes = 0;
    RecordReader.Row row;
    while (ids.size() < MAX_RECORDS && bytes < MAX_BYTES && (row = reader.next()) != null) {
      String id = Ids.of(row.fields(), idField, row.line(), skips);
      if (id == null) {
        continue;
      }
      String json = Json.encode(row.fields());
      ids.add(id);
      jsons.add(json);
      texts.add(SearchText.of(row.fields()));
      bytes += json.length();
    }
    return new Batch(ids, jsons, texts);
  }
}
