package dev.jobsservice.app;

import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * A clean stop on SIGTERM, SIGINT (Ctrl-C) and SIGHUP: finish the running jobs, give the worker
 * ids back, stop the embedded Redis, then exit 0.
 *
 * <p>Why not a shutdown hook: JVM shutdown hooks run all at once, and the embedded Redis library
 * registers one that kills redis-server at the first moment, so the jobs being finished could no
 * longer be stored. Handling the signal ourselves drains first and lets the hooks run after. It
 * also makes a clean stop exit 0 rather than 143, which orchestrators read as a crash.
 */
final class StopOnSignal {
  private static final Logger log = LoggerFactory.getLogger(StopOnSignal.class);

  private StopOnSignal() {
  }

  static void install(JobsService service) {
    AtomicBoolean stopping = new AtomicBoolean();
    SignalHandler handler = signal -> {
      if (!stopping.compareAndSet(false, true)) {
        log.warn("SIG{} again: exiting without waiting for running jobs", signal.getName());
        Runtime.getRuntime().halt(130);
      }
      new Thread(() -> {
        log.info("SIG{}: stopping; finishing running jobs", signal.getName());
        service.close();
        log.info("stopped");
        Logs.flush();
        System.exit(0);
      }, "shutdown").start();
    };
    for (String name : new String[] {"TERM", "INT", "HUP"}) {
      try {
        Signal.handle(new Signal(name), handler);
      } catch (IllegalArgumentException e) {
        log.debug("signal {} is not available here", name);
      }
    }
    // Any other way out (System.exit elsewhere) still closes the service; close() runs once.
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      service.close();
      Logs.flush();
    }, "close-on-exit"));
  }
}
