package dev.jobsservice.data;

import dev.jobsservice.jobs.DataVersion;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The dataset that jobs analyse, kept in Redis as a hash of records (JSON), a hash of their
 * search texts ({@link SearchText}), a sorted set of their ids in load order and a version
 * counter. Loads stream from a file ({@link #load}); reads page through the dataset in load
 * order; searches and filters scan the precomputed texts, so no query decodes a record it does
 * not return.
 */
public final class DataStore {
  /** The dataset that {@code /data} serves. */
  public static final String DEFAULT_DATASET = "default";
  /** Records per read when paging or reading all: one round trip each. */
  private static final int CHUNK = 1000;

  private final Redis redis;
  /** The queues' prefixes: a change raises the data version in each queue's slot. */
  private final List<String> queuePrefixes;
  private final DataKeys keys;
  private final String dataset;
  private final SearchIndex index;

  private DataStore(Redis redis, List<String> queuePrefixes, DataKeys keys, String dataset) {
    this.redis = redis;
    this.queuePrefixes = List.copyOf(queuePrefixes);
    this.keys = keys;
    this.dataset = dataset;
    this.index = new SearchIndex(redis, keys, SearchIndex.BUDGET_CHARS);
  }

  /** The dataset under {@code prefix}, read by the one queue under the same prefix. */
  public static DataStore create(Redis redis, String prefix) {
    return create(redis, prefix, List.of(prefix));
  }

  /**
   * The dataset under {@code prefix} (the base prefix: datasets are shared by every queue), whose
   * changes are announced to the queues with key prefixes {@code queuePrefixes}.
   */
  public static DataStore create(Redis redis, String prefix, List<String> queuePrefixes) {
    return new DataStore(redis, queuePrefixes, new DataKeys(prefix, DEFAULT_DATASET), DEFAULT_DATASET);
  }

  /**
   * Loads the upload in {@code file} (the caller owns and deletes it). Fails with
   * IllegalArgumentException, the dataset unchanged, when the file cannot be read as its format;
   * rows that cannot be read are skipped and reported.
   */
  public Future<LoadReport> load(Vertx vertx, Path file, LoadOptions options) {
    // Warms this process's search copy, so the first search after a load does not wait for it.
    return new Loader(vertx, redis, keys, dataset).load(file, options)
        // Raised after a failed append too: part of it may be in. A failed raise fails the load,
        // so no client is told of a change that workers could miss.
        .transform(ar -> DataVersion.bump(redis, queuePrefixes, dataset).compose(v -> ar.succeeded()
            ? Future.succeededFuture(ar.result()) : Future.failedFuture(ar.cause())))
        .onSuccess(report -> index.snapshot());
  }

  /** Empties the dataset. */
  public Future<Void> clear() {
    return redis.batch(List.of(
        Request.cmd(Command.MULTI),
        Request.cmd(Command.UNLINK).arg(keys.records()).arg(keys.text()).arg(keys.order()).arg(keys.legacyIds()),
        Request.cmd(Command.INCR).arg(keys.version()),
        Request.cmd(Command.EXEC))).compose(v -> DataVersion.bump(redis, queuePrefixes, dataset));
  }

  /** One record's JSON, or null. */
  public Future<String> get(String id) {
    return redis.send(Request.cmd(Command.HGET).arg(keys.records()).arg(id))
        .map(r -> r == null ? null : r.toString());
  }

  /**
   * Up to {@code limit} records that match {@code query} from position {@code cursor} on (0 for
   * the start), in load order. A query scans the search texts ({@link SearchIndex}), off the
   * event loop ({@code vertx}) when there are many.
   */
  public Future<DataPage> page(Vertx vertx, long cursor, int limit, DataQuery query) {
    if (query.isEmpty()) {
      return redis.send(Request.cmd(Command.ZCARD).arg(keys.order())).map(Response::toLong).compose(total ->
          ids(cursor, limit).compose(ids -> records(ids).map(records -> new DataPage(records,
              cursor + ids.size() < total && ids.size() == limit ? Long.toString(cursor + ids.size()) : null,
              total))));
    }
    String term = query.search() == null ? null : SearchText.term(query.search());
    List<String[]> filters = new ArrayList<>();
    boolean impossible = query.search() != null && term == null;
    for (var filter : query.filters().entrySet()) {
      String[] patterns = SearchText.filter(filter.getKey(), filter.getValue());
      impossible |= patterns == null;
      filters.add(patterns);
    }
    if (impossible) {
      return redis.send(Request.cmd(Command.ZCARD).arg(keys.order())).map(Response::toLong)
          .map(total -> new DataPage(List.of(), null, total));
    }
    return index.find(vertx, cursor, limit, term, filters).compose(found -> records(found.ids()).map(records ->
        new DataPage(records, found.next() >= 0 ? Long.toString(found.next()) : null, found.total())));
  }

  /** Ids at positions [from, from + count) in load order. */
  private Future<List<String>> ids(long from, int count) {
    return redis.send(Request.cmd(Command.ZRANGE).arg(keys.order()).arg(from).arg(from + count - 1)).map(r -> {
      List<String> ids = new ArrayList<>(r.size());
      r.forEach(id -> ids.add(id.toString()));
      return ids;
    });
  }

  /** The records of {@code ids}, as stored, in that order; an id whose record went is left out. */
  private Future<List<String>> records(List<String> ids) {
    if (ids.isEmpty()) {
      return Future.succeededFuture(List.of());
    }
    Request hmget = Request.cmd(Command.HMGET).arg(keys.records());
    ids.forEach(hmget::arg);
    return redis.send(hmget).map(values -> {
      List<String> out = new ArrayList<>(values.size());
      values.forEach(v -> {
        if (v != null) {
          out.add(v.toString());
        }
      });
      return out;
    });
  }

  /**
   * Every record's JSON, in load order: what an analysis reads. Read chunk by chunk; a load that
   * replaces the dataset meanwhile may show in part.
   */
  public Future<List<String>> all() {
    return readAll();
  }

  /**
   * Every record's JSON, as {@link #all()}, for a job claimed when the dataset's version was
   * {@code version} ({@code jobs.DataVersion}): served from this process's copy when it was read
   * at that version, else read and kept for the jobs that follow.
   */
  public Future<List<String>> all(String version) {
    List<String> copy = RecordCache.get(dataset, version);
    if (copy != null) {
      return Future.succeededFuture(copy);
    }
    return readAll().onSuccess(records -> RecordCache.put(dataset, version, records));
  }

  private Future<List<String>> readAll() {
    List<String> out = new ArrayList<>();
    Promise<List<String>> done = Promise.promise();
    readAll(0, out, done);
    return done.future();
  }

  /** A loop of callbacks, not a chain of compose: a large dataset is hundreds of chunks. */
  private void readAll(long from, List<String> out, Promise<List<String>> done) {
    ids(from, CHUNK).compose(ids -> records(ids).map(records -> {
      out.addAll(records);
      return ids.size();
    })).onComplete(ar -> {
      if (ar.failed()) {
        done.fail(ar.cause());
      } else if (ar.result() < CHUNK) {
        done.complete(out);
      } else {
        readAll(from + CHUNK, out, done);
      }
    });
  }
}
