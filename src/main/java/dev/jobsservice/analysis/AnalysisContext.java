package dev.jobsservice.analysis;

import dev.jobsservice.data.DataStore;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.List;

/**
 * What an analysis may use: Vert.x (timers, executeBlocking), the dataset, and the field a
 * range applies to when the job does not name one. {@code dataVersion} is the dataset's version
 * when the job was claimed (null: unknown), so {@link #records()} may serve a copy read then.
 */
public record AnalysisContext(Vertx vertx, DataStore data, String defaultField, String dataVersion) {

  public AnalysisContext(Vertx vertx, DataStore data, String defaultField) {
    this(vertx, data, defaultField, null);
  }

  /** This context for a job claimed at dataset version {@code version}. */
  public AnalysisContext at(String version) {
    return new AnalysisContext(vertx, data, defaultField, version);
  }

  /** Every record's JSON, in load order. */
  public Future<List<String>> records() {
    return dataVersion == null ? data.all() : data.all(dataVersion);
  }
}
