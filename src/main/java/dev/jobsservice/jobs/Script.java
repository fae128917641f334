package dev.jobsservice.jobs;

import io.vertx.core.Future;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * One Lua script from {@code resources/lua}, called by its SHA1 (EVALSHA) so the body crosses the
 * wire only when Redis has not seen it yet (after a restart or SCRIPT FLUSH: NOSCRIPT, then EVAL).
 * Public so that the dataset's scripts (package {@code data}) are called the same way.
 */
public final class Script {
  private final String name;
  private final String body;
  private final String sha;
  private final int keyCount;
  /** False for a script that takes {@code keyCount} KEYS and then any number more (per item). */
  private final boolean exactKeys;

  private Script(String name, String body, int keyCount) {
    this(name, body, keyCount, true);
  }

  private Script(String name, String body, int keyCount, boolean exactKeys) {
    this.name = name;
    this.body = body;
    this.sha = sha1(body);
    this.keyCount = keyCount;
    this.exactKeys = exactKeys;
  }

  /** Loads {@code lua/<name>-<keyCount>.lua}; the file name says how many KEYS it takes. */
  static Script load(String name, int keyCount) {
    return fromResource("lua/" + name + "-" + keyCount + ".lua", keyCount);
  }

  /**
   * Loads {@code lua/<name>-<keyCount>.lua} (after {@code lua/lib/<library>.lua} for each
   * library), a script over items (such as jobs) that takes {@code keyCount} shared KEYS and then
   * more for each item.
   */
  static Script loadMany(String name, int keyCount, String... libraries) {
    return new Script(name, withLibraries(name, keyCount, libraries), keyCount, false);
  }

  /**
   * Loads {@code lua/<name>-<keyCount>.lua} after {@code lua/lib/<library>.lua} for each library:
   * functions scripts share (Redis scripts cannot call each other).
   */
  static Script load(String name, int keyCount, String... libraries) {
    return new Script(name, withLibraries(name, keyCount, libraries), keyCount);
  }

  private static String withLibraries(String name, int keyCount, String... libraries) {
    StringBuilder body = new StringBuilder();
    for (String library : libraries) {
      body.append(text("lua/lib/" + library + ".lua")).append('\n');
    }
    return body.append(text("lua/" + name + "-" + keyCount + ".lua")).toString();
  }

  /** Loads the script at class-path {@code file}, which takes {@code keyCount} KEYS. */
  public static Script fromResource(String file, int keyCount) {
    return new Script(file.substring(file.lastIndexOf('/') + 1), text(file), keyCount);
  }

  private static String text(String file) {
    try (InputStream in = Script.class.getClassLoader().getResourceAsStream(file)) {
      if (in == null) {
        throw new IllegalStateException("missing script resource " + file);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public Future<Response> call(Redis redis, List<String> keys, List<String> args) {
    checkKeys(keys);
    return redis.send(request(Command.EVALSHA, sha, keys, args)).recover(err -> {
      String message = String.valueOf(err.getMessage());
      if (message.startsWith("NOSCRIPT")) {
        return redis.send(request(Command.EVAL, body, keys, args));
      }
      return Future.failedFuture(err);
    });
  }

  /**
   * As {@link #call}, then Redis WAIT for {@code replicas} replicas (at most {@code timeoutMs}):
   * the two go in one batch, so they share a connection (WAIT counts the replicas that have this
   * connection's writes) and, in a Cluster, a node (the client routes a batch by its keys; WAIT
   * alone would go to any master). Succeeds with the script's reply and the replicas that
   * acknowledged; with 0 replicas it is {@link #call}, and the acknowledged count is 0.
   */
  public Future<Replicated> callAndWait(Redis redis, List<String> keys, List<String> args, int replicas,
      long timeoutMs) {
    if (replicas <= 0) {
      return call(redis, keys, args).map(reply -> new Replicated(reply, 0));
    }
    checkKeys(keys);
    Request wait = Request.cmd(Command.WAIT).arg(replicas).arg(timeoutMs);
    return redis.batch(List.of(request(Command.EVALSHA, sha, keys, args), wait))
        .recover(err -> {
          if (batchError(err).startsWith("NOSCRIPT")) {
            return redis.batch(List.of(request(Command.EVAL, body, keys, args), wait));
          }
          return Future.failedFuture(err);
        })
        .transform(ar -> ar.succeeded()
            ? Future.succeededFuture(new Replicated(ar.result().get(0), ar.result().get(1).toInteger()))
            : Future.failedFuture(unbatched(ar.cause())));
  }

  /**
   * A batch reports every failure as "ERR [i] <what failed>", an error reply or not: give callers
   * the script's error reply as {@link #call} would, and a lost connection as an I/O error (what
   * {@link RedisErrors} takes for "Redis unavailable").
   */
  private static Throwable unbatched(Throwable err) {
    if (!String.valueOf(err.getMessage()).startsWith("ERR [")) {
      return err;
    }
    String first = batchError(err);
    // e.g. "java.net.SocketException: Connection reset", "io.netty...ClosedChannelException"
    if (first.matches("^[a-z][\\w$]*(\\.[\\w$]+)+(Exception|Error)\\b.*")) {
      return new java.net.SocketException(first);
    }
    return new ScriptError(first);
  }

  /** The first error of a batch, as {@link #call} would have failed with it. */
  private static String batchError(Throwable err) {
    return String.valueOf(err.getMessage()).split("\\R", 2)[0].replaceFirst("^ERR \\[\\d+\\] ", "");
  }

  /** A script's reply, and how many replicas had it when it was answered. */
  public record Replicated(Response reply, int replicas) {
  }

  /** An error reply, its message as Redis gave it (callers match on its start). */
  static final class ScriptError extends RuntimeException {
    ScriptError(String message) {
      super(message, null, false, false);
    }
  }

  private void checkKeys(List<String> keys) {
    if (exactKeys ? keys.size() != keyCount : keys.size() < keyCount) {
      throw new IllegalArgumentException(name + " takes " + (exactKeys ? "" : "at least ") + keyCount + " keys, got "
          + keys.size());
    }
  }

  private Request request(Command command, String script, List<String> keys, List<String> args) {
    Request req = Request.cmd(command).arg(script).arg(keys.size());
    keys.forEach(req::arg);
    args.forEach(req::arg);
    return req;
  }

  private static String sha1(String text) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-1");
      return HexFormat.of().formatHex(digest.digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
