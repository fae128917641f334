package dev.jobsservice.data;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.jobsservice.jobs.Script;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * One load of an upload file into a dataset:
 * <ol>
 *   <li>reads it batch by batch on a worker thread (parse, id, JSON, search text), reading the
 *       next batch while the last one is written;</li>
 *   <li>writes each batch to staging keys, so a file that turns out broken half-way changes
 *       nothing;</li>
 *   <li>replace: renames the staging keys over the dataset in one MULTI (readers see the old
 *       dataset or the new one); append: merges them in by slices with a script, new ids at
 *       the end.</li>
 * </ol>
 */
final class Loader {
  /** A load that dies half-way leaves its staging keys behind for at most this long. */
  static final int STAGING_TTL_SECONDS = 3600;
  /** Any one Redis call of a load; Redis answers in milliseconds, so this means it is stalled. */
  static final long REDIS_TIMEOUT_MS = 10_000;
  /** Records merged per script call on append: short enough not to hold Redis up (~1 ms). */
  static final int MERGE_SLICE = 1000;
  private static final Script APPEND = Script.fromResource("dev/jobsservice/data/append-6.lua", 6);

  private final Vertx vertx;
  private final Redis redis;
  private final DataKeys keys;
  private final String dataset;

  Loader(Vertx vertx, Redis redis, DataKeys keys, String dataset) {
    this.vertx = vertx;
    this.redis = redis;
    this.keys = keys;
    this.dataset = dataset;
  }

  /** The staging keys of one load. */
  private record Staging(String order, String records, String text) {
    List<String> all() {
      return List.of(order, records, text);
    }
  }

  Future<LoadReport> load(Path file, LoadOptions options) {
    long started = System.nanoTime();
    Skips skips = new Skips();
    String token = UUID.randomUUID().toString();
    Staging staging = new Staging(keys.staging(token, "order"), keys.staging(token, "records"),
        keys.staging(token, "text"));
    Format[] format = {options.format()};
    return blocking(() -> {
      if (format[0] == null) {
        format[0] = Sniff.format(file, options.charset());
      } else {
        Sniff.requireContent(file, options.charset());
      }
      return RecordReader.open(file, format[0], options.charset(), skips);
    }).compose(reader -> {
      Future<LoadReport> loaded = writeAll(reader, options, skips, staging)
          .compose(written -> options.mode() == LoadOptions.Mode.REPLACE
              ? replace(staging, written, skips)
              : append(staging, written, skips))
          .map(outcome -> new LoadReport(dataset, options.mode(), format[0], outcome.applied(), outcome.loaded(),
              outcome.added(), outcome.duplicates(), skips.count(), skips.first(), outcome.total(),
              (System.nanoTime() - started) / 1_000_000));
      return loaded
          .eventually(() -> blocking(() -> {
            reader.close();
            return null;
          }))
          .recover(err -> bounded(redis.send(unlink(staging.all())))
              .transform(ignored -> Future.failedFuture(err)));
    });
  }

  /** What the last step found. */
  private record Outcome(boolean applied, long loaded, long added, long duplicates, long total) {
  }

  /**
   * Writes every batch to staging, reading the next while the last is written; the number of
   * records written (a repeated id counts each time). A loop of callbacks, not a chain of
   * compose: an upload of a million records is a thousand batches.
   */
  private Future<Long> writeAll(RecordReader reader, LoadOptions options, Skips skips, Staging staging) {
    Promise<Long> done = Promise.promise();
    long[] written = {0};
    step(read(reader, options, skips), reader, options, skips, staging, written, done);
    return done.future();
  }

  private void step(Future<Batch> reading, RecordReader reader, LoadOptions options, Skips skips, Staging staging,
      long[] written, Promise<Long> done) {
    reading.onComplete(ar -> {
      if (ar.failed()) {
        done.fail(ar.cause());
        return;
      }
      Batch batch = ar.result();
      if (batch.isEmpty()) {
        done.complete(written[0]);
        return;
      }
      long first = written[0];
      written[0] += batch.size();
      Future<Batch> next = read(reader, options, skips);
      write(batch, first, staging).onComplete(w -> {
        if (w.failed()) {
          // Let the read in flight finish before the reader is closed under it.
          next.onComplete(ignored -> done.fail(w.cause()));
        } else {
          step(next, reader, options, skips, staging, written, done);
        }
      });
    });
  }

  private Future<Batch> read(RecordReader reader, LoadOptions options, Skips skips) {
    return blocking(() -> Batch.read(reader, options.idField(), skips));
  }

  /** One pipeline: the batch's records, texts and places (ZADD NX: a repeated id keeps its first place). */
  private Future<Void> write(Batch batch, long firstSeq, Staging staging) {
    Request records = Request.cmd(Command.HSET).arg(staging.records());
    Request texts = Request.cmd(Command.HSET).arg(staging.text());
    Request order = Request.cmd(Command.ZADD).arg(staging.order()).arg("NX");
    for (int i = 0; i < batch.size(); i++) {
      String id = batch.ids().get(i);
      records.arg(id).arg(batch.jsons().get(i));
      texts.arg(id).arg(batch.texts().get(i));
      order.arg(firstSeq + i).arg(id);
    }
    List<Request> writes = new ArrayList<>(List.of(records, texts, order));
    if (firstSeq == 0) {
      staging.all().forEach(key -> writes.add(Request.cmd(Command.EXPIRE).arg(key).arg(STAGING_TTL_SECONDS)));
    }
    return bounded(redis.batch(writes)).mapEmpty();
  }

  private Future<Outcome> replace(Staging staging, long written, Skips skips) {
    if (written == 0) {
      return skips.count() > 0 ? unchanged() : bounded(redis.batch(List.of(unlink(liveKeys()),
          Request.cmd(Command.INCR).arg(keys.version())))).map(r -> new Outcome(true, 0, 0, 0, 0));
    }
    // UNLINK frees the old dataset on Redis's background thread (RENAME over it would free it
    // inline, ~20 ms per 40k records); RENAME keeps the staging TTL, so PERSIST follows; MULTI
    // makes the swap one step for readers.
    List<Request> swap = List.of(
        Request.cmd(Command.MULTI),
        Request.cmd(Command.ZCARD).arg(staging.order()),
        unlink(liveKeys()),
        Request.cmd(Command.RENAME).arg(staging.order()).arg(keys.order()),
        Request.cmd(Command.RENAME).arg(staging.records()).arg(keys.records()),
        Request.cmd(Command.RENAME).arg(staging.text()).arg(keys.text()),
        Request.cmd(Command.PERSIST).arg(keys.order()),
        Request.cmd(Command.PERSIST).arg(keys.records()),
        Request.cmd(Command.PERSIST).arg(keys.text()),
        Request.cmd(Command.INCR).arg(keys.version()),
        Request.cmd(Command.EXEC));
    return bounded(redis.batch(swap)).map(replies -> {
      long distinct = replies.get(replies.size() - 1).get(0).toLong();
      return new Outcome(true, distinct, distinct, written - distinct, distinct);
    });
  }

  private Future<Outcome> append(Staging staging, long written, Skips skips) {
    if (written == 0) {
      return skips.count() > 0 ? unchanged() : total().map(total -> new Outcome(true, 0, 0, 0, total));
    }
    return bounded(redis.send(Request.cmd(Command.ZCARD).arg(staging.order()))).map(Response::toLong)
        .compose(distinct -> {
          Promise<Long> merged = Promise.promise();
          merge(staging, 0, distinct, new long[1], merged);
          return merged.future()
              .compose(added -> bounded(redis.batch(List.of(unlink(staging.all()),
                  Request.cmd(Command.INCR).arg(keys.version()))))
                  .compose(v -> total())
                  .map(total -> new Outcome(true, distinct, added, written - distinct, total)));
        });
  }

  /** Merges slice after slice, each by one script call; a loop of callbacks, as in writeAll. */
  private void merge(Staging staging, long from, long distinct, long[] added, Promise<Long> done) {
    if (from >= distinct) {
      done.complete(added[0]);
      return;
    }
    List<String> keyList = List.of(staging.order(), staging.records(), staging.text(),
        keys.order(), keys.records(), keys.text());
    bounded(APPEND.call(redis, keyList, List.of(Long.toString(from), Integer.toString(MERGE_SLICE))))
        .onComplete(ar -> {
          if (ar.failed()) {
            done.fail(ar.cause());
          } else {
            added[0] += ar.result().toLong();
            merge(staging, from + MERGE_SLICE, distinct, added, done);
          }
        });
  }

  /** Nothing could be read although rows were sent: keep the dataset rather than empty it. */
  private Future<Outcome> unchanged() {
    return total().map(total -> new Outcome(false, 0, 0, 0, total));
  }

  private Future<Long> total() {
    return bounded(redis.send(Request.cmd(Command.ZCARD).arg(keys.order()))).map(Response::toLong);
  }

  private List<String> liveKeys() {
    return List.of(keys.order(), keys.records(), keys.text(), keys.legacyIds());
  }

  private static Request unlink(List<String> keys) {
    Request unlink = Request.cmd(Command.UNLINK);
    keys.forEach(unlink::arg);
    return unlink;
  }

  private static <T> Future<T> bounded(Future<T> redisCall) {
    return redisCall.timeout(REDIS_TIMEOUT_MS, TimeUnit.MILLISECONDS);
  }

  /** Blocking work on a worker thread; parse faults become IllegalArgumentException (a 400). */
  private <T> Future<T> blocking(IoCall<T> call) {
    return vertx.executeBlocking(() -> {
      try {
        return call.call();
      } catch (CharacterCodingException e) {
        throw new IllegalArgumentException("the upload is not valid text in the charset it was sent as (UTF-8 "
            + "unless the Content-Type names another, e.g. text/csv; charset=iso-8859-1)");
      } catch (JsonProcessingException e) {
        var at = e.getLocation();
        throw new IllegalArgumentException((at == null ? "" : "line " + at.getLineNr() + ", column "
            + at.getColumnNr() + ": ") + Problems.reason(e));
      }
    }, false);
  }

  private interface IoCall<T> {
    T call() throws IOException;
  }
}
