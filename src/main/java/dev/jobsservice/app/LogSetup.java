package dev.jobsservice.app;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.encoder.Encoder;
import ch.qos.logback.core.spi.ContextAwareBase;
import net.logstash.logback.encoder.LogstashEncoder;
import org.slf4j.Logger;

/**
 * The service's logging, set up in code (found by logback through META-INF/services): one
 * {@link StdoutAppender}, plain text lines or JSON objects ({@code LOG_FORMAT}, see
 * {@link LogFormat}), at {@code LOG_LEVEL} (INFO by default). Done so rather than with a
 * logback.xml because parsing that XML took 200 ms of a 1 s start. A file given with
 * {@code -Dlogback.configurationFile} still wins: this steps aside for it.
 */
public final class LogSetup extends ContextAwareBase implements Configurator {
  static final String PATTERN = "%d{HH:mm:ss.SSS} %-5level [%thread] %logger{20} - %msg%n";

  @Override
  public ExecutionStatus configure(LoggerContext context) {
    if (System.getProperty("logback.configurationFile") != null) {
      return ExecutionStatus.INVOKE_NEXT_IF_ANY;
    }
    StdoutAppender appender = new StdoutAppender();
    appender.setContext(context);
    appender.setName("OUT");
    appender.setEncoder(encoder(context, LogFormat.current()));
    appender.start();
    ch.qos.logback.classic.Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
    root.setLevel(level(setting("LOG_LEVEL")));
    root.addAppender(appender);
    context.getLogger("io.netty").setLevel(Level.WARN);
    // Vert.x's HTTP and Redis meters register their gauges again for each request, by design (the
    // values are shared); Micrometer warns about each first repeat. Harmless, and not actionable.
    context.getLogger("io.micrometer.core.instrument.MeterRegistry").setLevel(Level.ERROR);
    return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
  }

  private static Encoder<ILoggingEvent> encoder(LoggerContext context, String format) {
    if (format.equals("JSON")) {
      // One JSON object per line: @timestamp, level, logger_name, thread_name, message, the MDC
      // and any structured arguments (such as job_id), stack_trace.
      LogstashEncoder json = new LogstashEncoder();
      json.setContext(context);
      json.start();
      return json;
    }
    PatternLayoutEncoder plain = new PatternLayoutEncoder();
    plain.setContext(context);
    plain.setPattern(PATTERN);
    plain.start();
    return plain;
  }

  /** A system property, else the environment variable (as logback's ${NAME} did). */
  private static String setting(String name) {
    String value = System.getProperty(name);
    return value != null ? value : System.getenv(name);
  }

  /** The level {@code value} names, any case; INFO when unset (a bad value is refused by {@link AppConfig}). */
  static Level level(String value) {
    return value == null || value.isBlank() ? Level.INFO : Level.toLevel(value.trim(), Level.INFO);
  }

  /** Checks {@code LOG_LEVEL}: unset, or a level logback knows (by its own parse). */
  static void checkLevel(String value) {
    if (value != null && !value.isBlank() && Level.toLevel(value.trim(), null) == null) {
      throw new IllegalArgumentException("LOG_LEVEL must be one of TRACE, DEBUG, INFO, WARN, ERROR, OFF, got: " + value);
    }
  }
}
