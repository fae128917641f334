package dev.jobsservice.analysis;

import dev.jobsservice.jobs.JobRequest;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.concurrent.Callable;
import java.util.List;

/**
 * The shape of every kind that works on the records whose {@code params.field} (by default the
 * configured field, {@code year}) lies in [start, end]: check the job's options at submit time,
 * read the dataset (I/O on the event loop), then decode, select and compute on a worker thread
 * (on the event loop for a handful of records).
 * A kind says only how it reads its options and what it computes over the selected records.
 *
 * @param <O> the kind's options, read from the job's {@code params}
 */
abstract class RangeAnalysis<O> implements Analysis {
  /**
   * Up to this many records the work takes microseconds: it runs on the event loop, sparing two
   * thread hops; more go to a worker thread.
   */
  static final int INLINE_RECORDS = 64;

  /** Reads and checks the kind's own {@code params}; IllegalArgumentException names a bad one. */
  abstract O options(JsonObject params);

  /**
   * The result over the records in range ({@code field} is the one the range applies to). Pure
   * CPU work; runs on a worker thread.
   */
  abstract JsonObject compute(List<JsonObject> inRange, String field, O options);

  @Override
  public final void validate(JobRequest request) {
    Range.of(request.start(), request.end());
    Params.name(request.params(), "field");
    options(request.params());
  }

  @Override
  public final Future<JsonObject> run(JobRequest request, AnalysisContext context) {
    Range range = Range.of(request.start(), request.end());
    String field = Params.name(request.params(), "field");
    String rangeField = field == null ? context.defaultField() : field;
    O options = options(request.params());
    return context.records().compose(records -> {
      Callable<JsonObject> work = () -> new JsonObject().put("field", rangeField).put("start", request.start())
          .put("end", request.end()).mergeIn(compute(select(records, range, rangeField), rangeField, options));
      if (records.size() <= INLINE_RECORDS) {
        try {
          return Future.succeededFuture(work.call());
        } catch (Exception e) {
          return Future.failedFuture(e);
        }
      }
      return context.vertx().executeBlocking(work, false);
    });
  }

  /** Decodes each record and keeps those whose {@code field} lies in {@code range}. */
  static List<JsonObject> select(List<String> records, Range range, String field) {
    List<JsonObject> selected = new ArrayList<>();
    for (String json : records) {
      JsonObject record = new JsonObject(json);
      if (range.contains(record.getValue(field))) {
        selected.add(record);
      }
    }
    return selected;
  }
}
