package dev.jobsservice.app;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.core.UnsynchronizedAppenderBase;
import ch.qos.logback.core.encoder.Encoder;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Writes the log to standard output from a thread of its own, many lines per write. A job logs a
 * line per state change; written one by one from the event loops (a console appender writes and
 * flushes each line) they cost a tenth of the end-to-end rate, and a reader of stdout that stalls
 * (a full pipe) would stall the event loops. Here a caller only queues the line. Lines keep their
 * order; the output is flushed as soon as the queue runs dry, so a quiet service's lines show at
 * once. If the writer falls {@link #QUEUE} lines behind, lines are dropped rather than the caller
 * blocked, and a warning line says how many.
 */
public final class StdoutAppender extends UnsynchronizedAppenderBase<ILoggingEvent> {
  static final int QUEUE = 16_384;
  /** Naps between batches before the writer waits on the queue: under load, lines gather meanwhile. */
  private static final int NAPS_BEFORE_WAITING = 100;
  private static final long NAP_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

  private final BlockingQueue<ILoggingEvent> queue = new ArrayBlockingQueue<>(QUEUE);
  private final AtomicLong dropped = new AtomicLong();
  private Encoder<ILoggingEvent> encoder;
  /** Null: System.out as it is at start (a test runner may have replaced it). */
  private OutputStream output;
  private Thread writer;
  private volatile boolean stopping;

  public void setEncoder(Encoder<ILoggingEvent> encoder) {
    this.encoder = encoder;
  }

  /** Where the lines go instead of stdout (tests). */
  void setOutput(OutputStream output) {
    this.output = output;
  }

  @Override
  public void start() {
    if (encoder == null) {
      addError("no encoder for appender " + name);
      return;
    }
    if (output == null) {
      output = System.out;
    }
    stopping = false;
    writer = new Thread(this::writeLines, "log-writer");
    writer.setDaemon(true);
    writer.start();
    super.start();
  }

  @Override
  protected void append(ILoggingEvent event) {
    // The message, thread name and MDC are fixed now, on the caller's thread.
    event.prepareForDeferredProcessing();
    if (!queue.offer(event)) {
      dropped.incrementAndGet();
    }
  }

  /** Writes what is queued, then returns; a line logged after stop() began may be lost. */
  @Override
  public void stop() {
    if (!isStarted()) {
      return;
    }
    super.stop();
    stopping = true;
    LockSupport.unpark(writer);
    try {
      writer.join(TimeUnit.SECONDS.toMillis(5));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void writeLines() {
    OutputStream out = new BufferedOutputStream(output, 64 * 1024);
    int naps = 0;
    boolean unflushed = false;
    while (true) {
      ILoggingEvent event = queue.poll();
      if (event == null) {
        unflushed |= reportDropped(out);
        if (unflushed) {
          unflushed = !flush(out);
        }
        if (stopping) {
          return;
        }
        // Under load a line comes every few microseconds: a short nap gathers many into one
        // write. A quiet log waits on the queue itself, woken by the next line.
        if (naps++ < NAPS_BEFORE_WAITING) {
          LockSupport.parkNanos(NAP_NANOS);
          continue;
        }
        try {
          event = queue.poll(100, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
        if (event == null) {
          continue;
        }
      }
      naps = 0;
      unflushed |= write(out, event);
    }
  }

  /** Writes the warning line if lines were dropped since the last; true if it wrote one. */
  private boolean reportDropped(OutputStream out) {
    long lost = dropped.getAndSet(0);
    if (lost == 0) {
      return false;
    }
    LoggerContext context = (LoggerContext) getContext();
    LoggingEvent warning = new LoggingEvent(StdoutAppender.class.getName(),
        context.getLogger(StdoutAppender.class), Level.WARN,
        "{} log line(s) dropped: the log writer fell " + QUEUE + " lines behind", null, new Object[] {lost});
    return write(out, warning);
  }

  private boolean write(OutputStream out, ILoggingEvent event) {
    try {
      out.write(encoder.encode(event));
      return true;
    } catch (IOException | RuntimeException e) {
      addError("could not write a log line", e);
      return false;
    }
  }

  private boolean flush(OutputStream out) {
    try {
      out.flush();
      return true;
    } catch (IOException e) {
      addError("could not flush the log", e);
      return false;
    }
  }
}
