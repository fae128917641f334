package dev.jobsservice.app;

import ch.qos.logback.classic.LoggerContext;
import org.slf4j.LoggerFactory;

/**
 * Writes out the log's last lines before the process exits: {@link StdoutAppender} writes from a
 * daemon thread of its own, which an exit would cut off. Lines logged after this are lost.
 */
final class Logs {
  private Logs() {
  }

  static void flush() {
    if (LoggerFactory.getILoggerFactory() instanceof LoggerContext context) {
      context.stop();
    }
  }
}
