package dev.jobsservice.data;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * What a load did.
 *
 * @param applied false when no record could be read although some were sent: the dataset is then
 *     left as it was rather than emptied by a mislabelled upload
 * @param loaded distinct records the upload stored
 * @param added (append) records whose id was new to the dataset; the rest replaced a record
 * @param duplicateIds records that a later one with the same id in the same upload replaced
 * @param skipped rows that could not be read or had no usable id
 * @param firstSkips the first few of them, with line numbers and reasons
 * @param total records in the dataset afterwards
 */
public record LoadReport(String dataset, LoadOptions.Mode mode, Format format, boolean applied, long loaded,
    long added, long duplicateIds, long skipped, List<Skips.Skip> firstSkips, long total, long tookMillis) {

  public JsonObject toJson() {
    JsonArray skips = new JsonArray();
    firstSkips.forEach(s -> skips.add(new JsonObject().put("line", s.line()).put("reason", s.reason())));
    JsonObject json = new JsonObject()
        .put("dataset", dataset)
        .put("mode", mode.name().toLowerCase(java.util.Locale.ROOT))
        .put("format", format.wireName())
        .put("loaded", loaded);
    if (mode == LoadOptions.Mode.APPEND) {
      json.put("added", added).put("replaced", loaded - added);
    }
    return json.put("duplicate_ids", duplicateIds)
        .put("skipped", skipped)
        .put("skipped_rows", skips)
        .put("total", total)
        .put("took_ms", tookMillis);
  }
}
