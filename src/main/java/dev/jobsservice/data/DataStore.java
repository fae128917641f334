package dev.jobsservice.data;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * The dataset that jobs analyse, kept in Redis as a hash of records plus a list of their ids.
 * Loads replace the dataset atomically; reads page through it in load order.
 */
public final class DataStore {
  /** The dataset that {@code /data} serves. */
  public static final String DEFAULT_DATASET = "default";
  /** Records per Redis command when writing or reading in bulk: big enough to amortise the trip. */
  private static final int CHUNK = 500;
  /** A load that dies half-way leaves its staging keys behind for at most this long. */
  private static final int STAGING_TTL_SECONDS = 3600;

  private final Redis redis;
  private final DataKeys keys;
  private final String dataset;

  private DataStore(Redis redis, DataKeys keys, String dataset) {
    this.redis = redis;
    this.keys = keys;
    this.dataset = dataset;
  }

  public static DataStore create(Redis redis, String prefix) {
    return new DataStore(redis, new DataKeys(prefix, DEFAULT_DATASET), DEFAULT_DATASET);
  }

  /** Records ready to store: encoded, by id, in load order. */
  public record Prepared(Map<String, String> byId, int duplicateIds, long startedNanos) {
  }

  /**
   * Gives each record its id (its own {@code id} field, a string or a number, or a generated
   * one) and encodes it; a later record with the same id replaces an earlier one. CPU work only:
   * for a large upload, call it off the event loop.
   */
  public static Prepared prepare(List<JsonObject> records) {
    long started = System.nanoTime();
    Map<String, String> byId = new LinkedHashMap<>();
    int duplicates = 0;
    for (JsonObject record : records) {
      String id = idOf(record);
      if (byId.put(id, record.encode()) != null) {
        duplicates++;
      }
    }
    return new Prepared(byId, duplicates, started);
  }

  /** Replaces the dataset with {@code records}, atomically: readers see the old one or the new one. */
  public Future<LoadReport> replace(Prepared records) {
    return write(records.byId()).map(v -> new LoadReport(dataset, records.byId().size(), records.duplicateIds(),
        (System.nanoTime() - records.startedNanos()) / 1_000_000));
  }

  private Future<Void> write(Map<String, String> byId) {
    if (byId.isEmpty()) {
      return redis.batch(List.of(Request.cmd(Command.DEL).arg(keys.records()).arg(keys.ids()))).mapEmpty();
    }
    String token = UUID.randomUUID().toString();
    String stagingRecords = keys.staging(token, "records");
    String stagingIds = keys.staging(token, "ids");
    List<Request> writes = new ArrayList<>();
    Request hset = null;
    Request rpush = null;
    int inChunk = 0;
    for (Map.Entry<String, String> e : byId.entrySet()) {
      if (inChunk == 0) {
        hset = Request.cmd(Command.HSET).arg(stagingRecords);
        rpush = Request.cmd(Command.RPUSH).arg(stagingIds);
        writes.add(hset);
        writes.add(rpush);
      }
      hset.arg(e.getKey()).arg(e.getValue());
      rpush.arg(e.getKey());
      inChunk = (inChunk + 1) % CHUNK;
    }
    writes.add(Request.cmd(Command.EXPIRE).arg(stagingRecords).arg(STAGING_TTL_SECONDS));
    writes.add(Request.cmd(Command.EXPIRE).arg(stagingIds).arg(STAGING_TTL_SECONDS));
    // RENAME keeps the staging TTL, so the swap also clears it; MULTI makes readers see the old
    // dataset or the new one, never a mix.
    List<Request> swap = List.of(
        Request.cmd(Command.MULTI),
        Request.cmd(Command.RENAME).arg(stagingRecords).arg(keys.records()),
        Request.cmd(Command.RENAME).arg(stagingIds).arg(keys.ids()),
        Request.cmd(Command.PERSIST).arg(keys.records()),
        Request.cmd(Command.PERSIST).arg(keys.ids()),
        Request.cmd(Command.EXEC));
    return redis.batch(writes)
        .compose(v -> redis.batch(swap))
        .<Void>mapEmpty()
        .recover(err -> redis.send(Request.cmd(Command.DEL).arg(stagingRecords).arg(stagingIds))
            .transform(ignored -> Future.failedFuture(err)));
  }

  private static String idOf(JsonObject record) {
    Object id = record.getValue("id");
    if (id instanceof String s && !s.isEmpty()) {
      return s;
    }
    if (id instanceof Number n) {
      return n.toString();
    }
    String generated = UUID.randomUUID().toString();
    record.put("id", generated);
    return generated;
  }

  /** Empties the dataset. */
  public Future<Void> clear() {
    return redis.send(Request.cmd(Command.DEL).arg(keys.records()).arg(keys.ids())).mapEmpty();
  }

  /** One record's JSON, or null. */
  public Future<String> get(String id) {
    return redis.send(Request.cmd(Command.HGET).arg(keys.records()).arg(id))
        .map(r -> r == null ? null : r.toString());
  }

  /**
   * Up to {@code limit} records from position {@code cursor} on (0 for the start), in load order;
   * with a {@code search} term only those with a value that contains it, ignoring case.
   */
  public Future<DataPage> page(long cursor, int limit, String search) {
    return redis.send(Request.cmd(Command.LLEN).arg(keys.ids())).map(Response::toLong).compose(total -> {
      List<String> found = new ArrayList<>();
      String term = search == null || search.isEmpty() ? null : search.toLowerCase(Locale.ROOT);
      return scan(cursor, limit, term, total, found).map(next -> new DataPage(found, next, total));
    });
  }

  /** Reads chunk after chunk until the page is full or the dataset ends; returns the next cursor. */
  private Future<String> scan(long from, int limit, String term, long total, List<String> found) {
    if (from >= total) {
      return Future.succeededFuture(null);
    }
    int want = term == null ? limit - found.size() : CHUNK;
    return chunk(from, want).compose(records -> {
      long position = from;
      for (String json : records) {
        position++;
        if (json != null && (term == null || Records.matches(new JsonObject(json), term))) {
          found.add(json);
          if (found.size() == limit) {
            return Future.succeededFuture(position < total ? Long.toString(position) : null);
          }
        }
      }
      if (records.isEmpty()) {
        return Future.succeededFuture(null);
      }
      return scan(position, limit, term, total, found);
    });
  }

  /** Records at positions [from, from + count), as stored; null where an id has no record. */
  private Future<List<String>> chunk(long from, int count) {
    return redis.send(Request.cmd(Command.LRANGE).arg(keys.ids()).arg(from).arg(from + count - 1))
        .compose(ids -> {
          if (ids.size() == 0) {
            return Future.succeededFuture(List.of());
          }
          Request hmget = Request.cmd(Command.HMGET).arg(keys.records());
          ids.forEach(id -> hmget.arg(id.toString()));
          return redis.send(hmget).map(values -> {
            List<String> out = new ArrayList<>(values.size());
            values.forEach(v -> out.add(v == null ? null : v.toString()));
            return out;
          });
        });
  }

  /** Every record's JSON, in load order: what an analysis reads. */
  public Future<List<String>> all() {
    List<String> out = new ArrayList<>();
    return readAll(0, out).map(v -> out);
  }

  private Future<Void> readAll(long from, List<String> out) {
    return chunk(from, CHUNK).compose(records -> {
      records.stream().filter(r -> r != null).forEach(out::add);
      if (records.size() < CHUNK) {
        return Future.succeededFuture();
      }
      return readAll(from + CHUNK, out);
    });
  }
}
