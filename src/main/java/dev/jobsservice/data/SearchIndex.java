package dev.jobsservice.data;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.util.ArrayList;
import java.util.List;

/**
 * Finds records by their search texts without decoding a record or scanning inside Redis.
 * <ol>
 *   <li>Each query reads the dataset's version counter (one GET).</li>
 *   <li>This process keeps a copy of the texts, in load order, read again (in large chunks) only
 *       when a load, append or clear has moved the counter; a query scans it on a worker thread.</li>
 *   <li>A dataset whose texts exceed the budget ({@link #BUDGET_CHARS} by default) is not copied:
 *       its queries read the
 *       texts chunk by chunk from Redis and keep none, so a large upload never needs its size in
 *       heap.</li>
 * </ol>
 * Used from one event loop; snapshots are immutable, so scans may run on worker threads.
 */
final class SearchIndex {
  /** Ids and texts per Redis call: about a megabyte of texts. */
  static final int CHUNK = 5_000;
  /** Characters of text this process copies at most: an eighth of the heap it may grow to. */
  static final long BUDGET_CHARS = Runtime.getRuntime().maxMemory() / 8;

  /** The search texts of one version of the dataset, in load order; {@code ids} null: over budget. */
  record Snapshot(long version, String[] ids, String[] texts) {
    boolean copied() {
      return ids != null;
    }
  }

  /** Matches found, the position to go on from (-1: the dataset ended) and the dataset's size. */
  record Found(List<String> ids, long next, long total) {
  }

  private final Redis redis;
  private final DataKeys keys;
  private final long budgetChars;
  private Snapshot current;
  private Future<Snapshot> loading;
  private long loadingVersion;

  SearchIndex(Redis redis, DataKeys keys, long budgetChars) {
    this.redis = redis;
    this.keys = keys;
    this.budgetChars = budgetChars;
  }

  /** Up to {@code limit} ids from position {@code from} on whose text matches, in load order. */
  Future<Found> find(Vertx vertx, long from, int limit, String term, List<String[]> filters) {
    return snapshot().compose(s -> {
      if (s.copied()) {
        return s.ids().length < 2_000 ? Future.succeededFuture(scan(s, from, limit, term, filters))
            : vertx.executeBlocking(() -> scan(s, from, limit, term, filters), false);
      }
      Promise<Found> done = Promise.promise();
      stream(vertx, from, limit, term, filters, new ArrayList<>(), done);
      return done.future();
    });
  }

  /** The snapshot of the dataset as it is now; read again only if the dataset changed. */
  Future<Snapshot> snapshot() {
    return redis.send(Request.cmd(Command.GET).arg(keys.version()))
        .map(r -> r == null ? 0L : r.toLong())
        .compose(version -> {
          if (current != null && current.version() == version) {
            return Future.succeededFuture(current);
          }
          if (loading == null || loadingVersion != version) {
            // Labelled with the version read before the texts: a change while reading moves the
            // counter past it, and the next query reads again.
            loadingVersion = version;
            Future<Snapshot> load = load(version);
            loading = load;
            load.onComplete(ar -> {
              if (ar.succeeded() && (current == null || current.version() <= version)) {
                current = ar.result();
              }
              if (loading == load) {
                loading = null;
              }
            });
          }
          return loading;
        });
  }

  private Future<Snapshot> load(long version) {
    Promise<Snapshot> done = Promise.promise();
    copy(0, new ArrayList<>(), new ArrayList<>(), new long[1], version, done);
    return done.future();
  }

  /** A loop of callbacks over chunks (a large dataset is many), stopping at the budget. */
  private void copy(long from, List<String> ids, List<String> texts, long[] chars, long version,
      Promise<Snapshot> done) {
    chunk(from).onComplete(ar -> {
      if (ar.failed()) {
        done.fail(ar.cause());
        return;
      }
      Chunk chunk = ar.result();
      ids.addAll(chunk.ids());
      texts.addAll(chunk.texts());
      chunk.texts().forEach(t -> chars[0] += t == null ? 0 : t.length());
      if (chars[0] > budgetChars) {
        done.complete(new Snapshot(version, null, null));
      } else if (chunk.ids().size() < CHUNK) {
        done.complete(new Snapshot(version, ids.toArray(String[]::new), texts.toArray(String[]::new)));
      } else {
        copy(from + CHUNK, ids, texts, chars, version, done);
      }
    });
  }

  /** Over budget: scans chunk after chunk as read from Redis, keeping only the matches. */
  private void stream(Vertx vertx, long from, int limit, String term, List<String[]> filters, List<String> found,
      Promise<Found> done) {
    chunk(from).compose(chunk -> vertx.executeBlocking(() -> {
      Snapshot part = new Snapshot(-1, chunk.ids().toArray(String[]::new), chunk.texts().toArray(String[]::new));
      return scan(part, 0, limit - found.size(), term, filters);
    }, false).map(f -> {
      found.addAll(f.ids());
      return f.next() >= 0 ? from + f.next() : chunk.ids().size() < CHUNK ? -1 : from + CHUNK;
    })).onComplete(ar -> {
      if (ar.failed()) {
        done.fail(ar.cause());
      } else if (found.size() >= limit || ar.result() < 0) {
        long next = ar.result();
        redis.send(Request.cmd(Command.ZCARD).arg(keys.order())).map(Response::toLong).onComplete(total ->
            done.handle(total.map(t -> new Found(found, next >= t ? -1 : next, t))));
      } else {
        stream(vertx, ar.result(), limit, term, filters, found, done);
      }
    });
  }

  private record Chunk(List<String> ids, List<String> texts) {
  }

  /** The ids and texts at positions [from, from + CHUNK). */
  private Future<Chunk> chunk(long from) {
    return redis.send(Request.cmd(Command.ZRANGE).arg(keys.order()).arg(from).arg(from + CHUNK - 1)).compose(r -> {
      List<String> ids = new ArrayList<>(r.size());
      r.forEach(id -> ids.add(id.toString()));
      if (ids.isEmpty()) {
        return Future.succeededFuture(new Chunk(ids, List.of()));
      }
      Request hmget = Request.cmd(Command.HMGET).arg(keys.text());
      ids.forEach(hmget::arg);
      return redis.send(hmget).map(values -> {
        List<String> texts = new ArrayList<>(ids.size());
        for (Response v : values) {
          texts.add(v == null ? null : v.toString());
        }
        return new Chunk(ids, texts);
      });
    });
  }

  /** Up to {@code limit} matches in a copied snapshot from {@code from} on. CPU work. */
  static Found scan(Snapshot snapshot, long from, int limit, String term, List<String[]> filters) {
    List<String> found = new ArrayList<>();
    int size = snapshot.ids().length;
    for (int i = (int) Math.min(from, size); i < size; i++) {
      String text = snapshot.texts()[i];
      if (text != null && matches(text, term, filters)) {
        found.add(snapshot.ids()[i]);
        if (found.size() == limit) {
          return new Found(found, i + 1 < size ? i + 1 : -1, size);
        }
      }
    }
    return new Found(found, -1, size);
  }

  static boolean matches(String text, String term, List<String[]> filters) {
    for (String[] filter : filters) {
      if (!text.contains(filter[0]) && (filter[1].isEmpty() || !text.contains(filter[1]))) {
        return false;
      }
    }
    return term == null || inValue(text, term);
  }

  /**
   * Does {@code term} occur inside a value? The nearest separator before a match must open a
   * value, not a key; a match in a key is passed over and the search goes on after it.
   */
  static boolean inValue(String text, String term) {
    int at = text.indexOf(term);
    while (at >= 0) {
      for (int j = at - 1; j >= 0; j--) {
        char c = text.charAt(j);
        if (c == SearchText.VALUE) {
          return true;
        }
        if (c == SearchText.FIELD) {
          break;
        }
      }
      at = text.indexOf(term, at + 1);
    }
    return false;
  }
}
