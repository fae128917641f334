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
 * This process's copy of the dataset's search texts, in load order, for searching and filtering
 * without decoding a record or scanning inside Redis. Each query reads the dataset's version
 * counter (one GET); the copy is read again from Redis (texts only, in large chunks) only when a
 * load, append or clear has changed it. Costs about the texts' size in heap once a search has run.
 * Used from one event loop; the snapshots it hands out are immutable, so scans run on worker threads.
 */
final class SearchIndex {
  /** Ids and texts per Redis call when reading the copy: about a megabyte of texts. */
  private static final int CHUNK = 5_000;

  /** The search texts of one version of the dataset, in load order; a null text is a record gone. */
  record Snapshot(long version, String[] ids, String[] texts) {
    int size() {
      return ids.length;
    }
  }

  private final Redis redis;
  private final DataKeys keys;
  private Snapshot current;
  private Future<Snapshot> loading;
  private long loadingVersion;

  SearchIndex(Redis redis, DataKeys keys) {
    this.redis = redis;
    this.keys = keys;
  }

  /** The snapshot of the dataset as it is now, read again only if the dataset changed. */
  Future<Snapshot> snapshot() {
    return redis.send(Request.cmd(Command.GET).arg(keys.version()))
        .map(r -> r == null ? 0L : r.toLong())
        .compose(version -> {
          if (current != null && current.version() == version) {
            return Future.succeededFuture(current);
          }
          if (loading == null || loadingVersion != version) {
            // Labelled with the version read before the texts: a change while reading raises the
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
    List<String> ids = new ArrayList<>();
    List<String> texts = new ArrayList<>();
    Promise<Snapshot> done = Promise.promise();
    read(0, ids, texts, version, done);
    return done.future();
  }

  /** A loop of callbacks over chunks (a large dataset is many). */
  private void read(long from, List<String> ids, List<String> texts, long version, Promise<Snapshot> done) {
    redis.send(Request.cmd(Command.ZRANGE).arg(keys.order()).arg(from).arg(from + CHUNK - 1)).compose(chunk -> {
      if (chunk.size() == 0) {
        return Future.succeededFuture(0);
      }
      Request hmget = Request.cmd(Command.HMGET).arg(keys.text());
      chunk.forEach(id -> {
        ids.add(id.toString());
        hmget.arg(id.toString());
      });
      return redis.send(hmget).map(values -> {
        for (Response v : values) {
          texts.add(v == null ? null : v.toString());
        }
        return chunk.size();
      });
    }).onComplete(ar -> {
      if (ar.failed()) {
        done.fail(ar.cause());
      } else if (ar.result() < CHUNK) {
        done.complete(new Snapshot(version, ids.toArray(String[]::new), texts.toArray(String[]::new)));
      } else {
        read(from + CHUNK, ids, texts, version, done);
      }
    });
  }

  /** Matches found and the position to go on from (-1: the snapshot ended). */
  record Found(List<String> ids, long next) {
  }

  /**
   * Up to {@code limit} ids from position {@code from} on whose text matches. CPU work over the
   * whole snapshot at worst: call it off the event loop for a large one.
   */
  static Found scan(Snapshot snapshot, long from, int limit, String term, List<String[]> filters) {
    List<String> found = new ArrayList<>();
    for (int i = (int) Math.min(from, snapshot.size()); i < snapshot.size(); i++) {
      String text = snapshot.texts()[i];
      if (text != null && matches(text, term, filters)) {
        found.add(snapshot.ids()[i]);
        if (found.size() == limit) {
          return new Found(found, i + 1 < snapshot.size() ? i + 1 : -1);
        }
      }
    }
    return new Found(found, -1);
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

  /** Off the event loop when the snapshot is large enough for a scan to take a while. */
  static Future<Found> scanOn(Vertx vertx, Snapshot snapshot, long from, int limit, String term,
      List<String[]> filters) {
    if (snapshot.size() < 2_000) {
      return Future.succeededFuture(scan(snapshot, from, limit, term, filters));
    }
    return vertx.executeBlocking(() -> scan(snapshot, from, limit, term, filters), false);
  }
}
