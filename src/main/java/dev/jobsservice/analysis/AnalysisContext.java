package dev.jobsservice.analysis;

import dev.jobsservice.data.DataStore;
import io.vertx.core.Vertx;

/**
 * What an analysis may use: Vert.x (timers, executeBlocking), the dataset, and the field a
 * range applies to when the job does not name one.
 */
public record AnalysisContext(Vertx vertx, DataStore data, String defaultField) {
}
