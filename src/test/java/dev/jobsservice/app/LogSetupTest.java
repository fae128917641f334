package dev.jobsservice.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Logging is set up in code (LogSetup, found through META-INF/services), not by a logback.xml. */
class LogSetupTest {
  @Test
  void logbackFindsTheSetupAndWritesThroughTheLogWriter() {
    LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    ch.qos.logback.classic.Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
    assertInstanceOf(StdoutAppender.class, root.getAppender("OUT"));
    assertEquals(Level.WARN, context.getLogger("io.netty").getLevel());
    assertEquals(Level.ERROR, context.getLogger("io.micrometer.core.instrument.MeterRegistry").getLevel());
  }

  @Test
  void logLevelIsAnyCaseAndINFOWhenUnset() {
    assertEquals(Level.INFO, LogSetup.level(null));
    assertEquals(Level.INFO, LogSetup.level(" "));
    assertEquals(Level.WARN, LogSetup.level("warn"));
    assertEquals(Level.DEBUG, LogSetup.level(" DEBUG "));
  }

  @Test
  void anUnknownLogLevelIsRefusedAtStartUp() {
    AppConfig.from(new JsonObject(), Map.of("LOG_LEVEL", "warn"));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> AppConfig.from(new JsonObject(), Map.of("LOG_LEVEL", "verbose")));
    assertEquals("LOG_LEVEL must be one of TRACE, DEBUG, INFO, WARN, ERROR, OFF, got: verbose", e.getMessage());
  }
}
