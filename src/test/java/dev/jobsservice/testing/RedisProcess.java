package dev.jobsservice.testing;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real redis-server process on a free loopback port, from the binary on PATH. Tests that
 * restart or kill Redis own one of these; the rest share {@link TestRedis}.
 */
public final class RedisProcess implements AutoCloseable {
  private final int port;
  private final Path dir;
  private final boolean appendOnly;
  private final List<String> extraArgs;
  private Process process;

  private RedisProcess(int port, Path dir, boolean appendOnly, List<String> extraArgs) {
    this.port = port;
    this.dir = dir;
    this.appendOnly = appendOnly;
    this.extraArgs = extraArgs;
  }

  /** Is there a redis-server binary on PATH? */
  public static boolean available() {
    return binary() != null;
  }

  /** Starts one; {@code extraArgs} are more redis-server options, e.g. "--requirepass", "pw". */
  public static RedisProcess start(boolean appendOnly, String... extraArgs) throws IOException {
    RedisProcess redis = new RedisProcess(freePort(), Files.createTempDirectory("redis-test"), appendOnly,
        List.of(extraArgs));
    redis.startProcess();
    return redis;
  }

  /** Starts it again on the same port and directory (after {@link #kill} or {@link #stop}). */
  public void startProcess() throws IOException {
    List<String> cmd = new ArrayList<>(List.of(binary(), "--port", Integer.toString(port),
        "--bind", "127.0.0.1", "--save", "", "--dir", dir.toString(),
        "--appendonly", appendOnly ? "yes" : "no", "--protected-mode", "no"));
    cmd.addAll(extraArgs);
    process = new ProcessBuilder(cmd).redirectErrorStream(true)
        .redirectOutput(dir.resolve("redis.log").toFile()).start();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!Ping.answers(port) && !Ping.asksForAuth(port)) {
      if (!process.isAlive() || System.nanoTime() > deadline) {
        throw new IOException("redis-server did not start on port " + port + ": "
            + Files.readString(dir.resolve("redis.log")));
      }
      sleep(20);
    }
  }

  /** SIGKILL: Redis gets no chance to flush or say goodbye. */
  public void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(10, TimeUnit.SECONDS);
  }

  public void stop() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(10, TimeUnit.SECONDS)) {
      kill();
    }
  }

  /** SIGSTOP: Redis keeps its connections open but answers nothing, like a stalled server. */
  public void pause() throws IOException, InterruptedException {
    signal("STOP");
  }

  /** SIGCONT after {@link #pause()}. */
  public void resume() throws IOException, InterruptedException {
    signal("CONT");
  }

  private void signal(String name) throws IOException, InterruptedException {
    new ProcessBuilder("kill", "-" + name, Long.toString(process.pid())).inheritIO().start().waitFor();
  }

  public int port() {
    return port;
  }

  public String url() {
    return "redis://127.0.0.1:" + port;
  }

  @Override
  public void close() throws InterruptedException {
    if (process != null) {
      kill();
    }
  }

  static String binary() {
    for (String p : System.getenv().getOrDefault("PATH", "/usr/bin").split(File.pathSeparator)) {
      File f = new File(p, "redis-server");
      if (f.canExecute()) {
        return f.getAbsolutePath();
      }
    }
    File f = new File("/usr/bin/redis-server");
    return f.canExecute() ? f.getAbsolutePath() : null;
  }

  public static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      s.setReuseAddress(true);
      return s.getLocalPort();
    }
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
