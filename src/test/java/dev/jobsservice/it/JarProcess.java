package dev.jobsservice.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The built fat jar ({@code -Djobs.jar}, set by Failsafe) running as a separate JVM, as an operator
 * would start it: {@code java -jar}, configured only through its environment, output in a log file.
 */
final class JarProcess implements AutoCloseable {
  private static final Pattern WORKER_STARTED = Pattern.compile("worker (\\S+) started");

  private final String name;
  private final Process process;
  private final Path dir;
  private final Path logFile;
  /** Children seen so far (the embedded redis-server): a SIGKILLed JVM would leave them orphaned. */
  private final Set<ProcessHandle> children = new LinkedHashSet<>();

  private JarProcess(String name, Process process, Path dir, Path logFile) {
    this.name = name;
    this.process = process;
    this.dir = dir;
    this.logFile = logFile;
  }

  /**
   * Starts the jar in a fresh temporary working directory (so no conf/config.json is found and
   * the defaults inside the jar apply). The environment is built from scratch: PATH, HOME and
   * {@code env}, so a REDIS_URL or REDIS_IP of the machine running the tests never leaks in.
   */
  static JarProcess start(String name, Map<String, String> env) throws IOException {
    return start(name, env, List.of("-Xmx256m"));
  }

  /** As {@link #start(String, Map)}, with these JVM options (a smaller heap, say). */
  static JarProcess start(String name, Map<String, String> env, List<String> jvmOptions) throws IOException {
    Path jar = Path.of(System.getProperty("jobs.jar", "target/jobs-service.jar")).toAbsolutePath();
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException("no jar at " + jar + ": run through `mvn verify` (package builds it)");
    }
    Path dir = Files.createTempDirectory("jobs-it-" + name + "-");
    Path log = dir.resolve(name + ".log");
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    // A temp dir of its own: what the process leaves there can be checked, and is deleted with it.
    Path tmp = Files.createDirectory(dir.resolve("tmp"));
    List<String> command = new ArrayList<>(List.of(java));
    command.addAll(jvmOptions);
    command.addAll(List.of("-Djava.io.tmpdir=" + tmp, "-jar", jar.toString()));
    ProcessBuilder builder = new ProcessBuilder(command)
        .directory(dir.toFile())
        .redirectErrorStream(true)
        .redirectOutput(log.toFile());
    Map<String, String> environment = builder.environment();
    environment.clear();
    environment.put("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
    environment.put("HOME", System.getProperty("user.home"));
    environment.putAll(env);
    return new JarProcess(name, builder.start(), dir, log);
  }

  /** The environment every test process shares: a loopback HTTP port of its own and a key prefix. */
  static Map<String, String> env(String prefix, int httpPort, String... more) {
    Map<String, String> env = new HashMap<>();
    env.put("HTTP_HOST", "127.0.0.1");
    env.put("HTTP_PORT", Integer.toString(httpPort));
    env.put("JOBS_PREFIX", prefix);
    for (int i = 0; i + 1 < more.length; i += 2) {
      env.put(more[i], more[i + 1]);
    }
    return env;
  }

  /** Waits until the log contains {@code text}; fails with the log if the process dies or time runs out. */
  String waitForLog(String text, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      String log = log();
      rememberChildren();
      if (log.contains(text)) {
        return log;
      }
      if (!process.isAlive()) {
        throw new AssertionError(name + " exited with code " + process.exitValue()
            + " before logging \"" + text + "\"; its log:\n" + log);
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError(name + " did not log \"" + text + "\" within " + timeout + "; its log:\n" + log);
      }
      sleep(50);
    }
  }

  /** Waits for the start-up line; it is logged once the HTTP port listens and the workers are deployed. */
  String waitForStarted() {
    return waitForLog("jobs-service started", Duration.ofSeconds(40));
  }

  /** The ids of the "worker <id> started" lines so far, in log order. */
  List<String> workerIds() {
    List<String> ids = new ArrayList<>();
    Matcher m = WORKER_STARTED.matcher(log());
    while (m.find()) {
      ids.add(m.group(1));
    }
    return ids;
  }

  /** The process's java.io.tmpdir (the embedded Redis binary is extracted there). */
  Path tmpDir() {
    return dir.resolve("tmp");
  }

  long pid() {
    return process.pid();
  }

  /**
   * SIGTERM, as a container runtime or Ctrl-C sends, then waits for the exit; returns the exit
   * code. Fails (after SIGKILL) if the process is still running after {@code timeout}.
   */
  int stop(Duration timeout) throws InterruptedException {
    rememberChildren();
    process.destroy();
    if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      kill();
      throw new AssertionError(name + " did not exit within " + timeout + " of SIGTERM; its log:\n" + log());
    }
    return process.exitValue();
  }

  /** SIGKILL, children first: no shutdown hook runs, so nothing else would stop them. */
  void kill() throws InterruptedException {
    rememberChildren();
    children.forEach(ProcessHandle::destroyForcibly);
    process.destroyForcibly();
    process.waitFor(10, TimeUnit.SECONDS);
  }

  String log() {
    try {
      return Files.exists(logFile) ? Files.readString(logFile) : "";
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void rememberChildren() {
    if (process.isAlive()) {
      process.descendants().forEach(children::add);
    }
  }

  /**
   * Kills the process and any child it started; prints its log (to the Failsafe report) and
   * deletes its working directory.
   */
  @Override
  public void close() throws InterruptedException {
    kill();
    System.out.println("----- log of " + name + " (pid " + pid() + ") -----\n" + log());
    deleteTree(dir);
  }

  /** Deletes a directory and everything under it; best effort, as it only saves disk. */
  static void deleteTree(Path root) {
    if (root == null || !Files.exists(root)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(root)) {
      paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    } catch (IOException | UncheckedIOException e) {
      System.out.println("could not delete " + root + ": " + e);
    }
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }
}
