package dev.jobsservice.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The log's writer thread: every line, in order, shown at once when quiet, never blocking a caller. */
class StdoutAppenderTest {
  private final LoggerContext context = new LoggerContext();
  private final ByteArrayOutputStream written = new ByteArrayOutputStream();
  private StdoutAppender appender;

  @AfterEach
  void stop() {
    context.stop();
  }

  private Logger logger(OutputStream output) {
    context.setMDCAdapter(new LogbackMDCAdapter());
    PatternLayoutEncoder encoder = new PatternLayoutEncoder();
    encoder.setContext(context);
    encoder.setPattern("%level %msg%n");
    encoder.start();
    appender = new StdoutAppender();
    appender.setContext(context);
    appender.setEncoder(encoder);
    appender.setOutput(output);
    appender.start();
    Logger logger = context.getLogger("test");
    logger.setAdditive(false);
    logger.addAppender(appender);
    return logger;
  }

  private List<String> lines() {
    synchronized (written) {
      String text = written.toString(StandardCharsets.UTF_8);
      return text.isEmpty() ? List.of() : List.of(text.split("\n"));
    }
  }

  private List<String> awaitLines(int count) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (lines().size() < count && System.nanoTime() < deadline) {
      Thread.sleep(5);
    }
    return lines();
  }

  @Test
  void writesEveryLineInOrderAndALoneLineAtOnce() throws InterruptedException {
    Logger logger = logger(written);
    // Fewer than the queue holds, so none may be dropped however the threads are scheduled (a
    // busy CI machine once gave the writer no CPU while 20,000 went in), yet several writes' worth.
    int count = StdoutAppender.QUEUE - 1_000;
    for (int i = 0; i < count; i++) {
      logger.info("line {}", i);
    }
    List<String> expected = IntStream.range(0, count).mapToObj(i -> "INFO line " + i).toList();
    // Compared as one boolean: a list of 15,000 lines is no use in a failure message.
    List<String> got = awaitLines(count);
    assertTrue(expected.equals(got), "got " + got.size() + " lines, first " + got.stream().findFirst().orElse(""));

    // Quiet now: the writer waits on the queue; one more line must not sit in its buffer.
    Thread.sleep(300);
    logger.warn("alone");
    long start = System.nanoTime();
    List<String> lines = awaitLines(count + 1);
    assertEquals("WARN alone", lines.get(lines.size() - 1));
    assertTrue(System.nanoTime() - start < Duration.ofSeconds(1).toNanos(), "a lone line took a second or more");
  }

  @Test
  void dropsAndCountsLinesRatherThanBlockWhenTheOutputStalls() throws InterruptedException {
    CountDownLatch release = new CountDownLatch(1);
    OutputStream stalled = new OutputStream() {
      @Override
      public void write(int b) {
        write(new byte[] {(byte) b}, 0, 1);
      }

      @Override
      public void write(byte[] b, int off, int len) {
        try {
          release.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        synchronized (written) {
          written.write(b, off, len);
        }
      }
    };
    Logger logger = logger(stalled);
    int total = StdoutAppender.QUEUE * 2 + 20_000;
    // The writer holds at most one buffer's worth in hand; the rest fills the queue, then is dropped.
    assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
      for (int i = 0; i < total; i++) {
        logger.info("line {}", i);
      }
    });
    release.countDown();
    List<String> lines = awaitLines(StdoutAppender.QUEUE);
    Thread.sleep(200);
    lines = lines();
    String warning = lines.stream().filter(l -> l.startsWith("WARN ")).findFirst().orElseThrow();
    long dropped = Long.parseLong(warning.split(" ")[1]);
    assertTrue(warning.endsWith("log line(s) dropped: the log writer fell " + StdoutAppender.QUEUE + " lines behind"),
        warning);
    assertEquals(total, lines.size() - 1 + dropped, "every line is written or counted as dropped");
    assertTrue(dropped >= StdoutAppender.QUEUE, "dropped " + dropped);
  }

  @Test
  void stopWritesWhatIsQueued() throws IOException {
    Logger logger = logger(written);
    for (int i = 0; i < 5_000; i++) {
      logger.info("line {}", i);
    }
    appender.stop();
    assertEquals(5_000, lines().size());
    assertEquals("INFO line 4999", lines().get(4_999));
  }
}
