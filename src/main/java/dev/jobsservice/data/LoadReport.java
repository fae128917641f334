package dev.jobsservice.data;

import io.vertx.core.json.JsonObject;

/** What a load did: records stored, records that replaced an earlier one with the same id. */
public record LoadReport(String dataset, int loaded, int duplicateIds, long tookMillis) {
  public JsonObject toJson() {
    return new JsonObject().put("dataset", dataset).put("loaded", loaded)
        .put("duplicate_ids", duplicateIds).put("took_ms", tookMillis);
  }
}
