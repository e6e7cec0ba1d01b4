package io.sparkmlp.run;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * SIGINT and SIGTERM during a train run, caught with {@link Signal} itself rather than a JVM
 * shutdown hook (which would race Spark's SparkContext-stop hook and Hadoop's FileSystem-close
 * hook, and so could not write a checkpoint). The first signal only sets a flag, which the
 * Trainer reads before each step ({@link io.sparkmlp.train.TrainingListener#interruptRequested});
 * the job then checkpoints, cleans up and exits with {@link #exitCode()}. A second signal runs
 * {@code onForcedExit} (quick cleanup) and halts the JVM at once with the same code; checkpoint
 * writes are atomic (temporary name, then rename), so the newest complete one stays valid.
 *
 * <p>Order of use: {@link #install}, {@link #raised()} as often as wanted, {@link #close()}
 * (restores the handlers that were there before).
 */
final class StopSignals implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(StopSignals.class);
  private static final String[] NAMES = {"INT", "TERM"};

  private final Map<Signal, SignalHandler> previous = new LinkedHashMap<>();
  private final Runnable onForcedExit;
  /** The first signal; each signal's handler runs on a thread of its own, hence the atomic. */
  private final AtomicReference<Signal> received = new AtomicReference<>();

  private StopSignals(Runnable onForcedExit) {
    this.onForcedExit = onForcedExit;
  }

  /**
   * Catches SIGINT and SIGTERM from now until {@link #close()}. A signal the JVM may not handle
   * (ignored at its start, as SIGINT is for a background job of a non-interactive shell) is left
   * as it is.
   */
  static StopSignals install(Runnable onForcedExit) {
    StopSignals s = new StopSignals(onForcedExit);
    for (String name : NAMES) {
      Signal sig = new Signal(name);
      try {
        s.previous.put(sig, Signal.handle(sig, s::handle));
      } catch (IllegalArgumentException e) {
        LOG.warn("cannot catch SIG{}: {}", name, e.getMessage());
      }
    }
    return s;
  }

  private void handle(Signal sig) {
    if (received.compareAndSet(null, sig)) {
      System.err.println("train: SIG" + sig.getName() + " received: finishing the step in flight, then "
          + "checkpointing; a second signal exits at once");
      return;
    }
    try {
      onForcedExit.run();
    } catch (RuntimeException e) {
      System.err.println("train: cleanup before exiting failed: " + e.getMessage());
    }
    System.err.println("train: second signal (SIG" + sig.getName() + "): exiting at once; the newest "
        + "complete checkpoint stays valid");
    Runtime.getRuntime().halt(exitCode(received.get()));
  }

  /** True once a signal arrived. */
  boolean raised() {
    return received.get() != null;
  }

  /** The first signal's name, e.g. SIGTERM; null before one arrived. */
  String signalName() {
    Signal s = received.get();
    return s == null ? null : "SIG" + s.getName();
  }

  /** 128 + the first signal's number (130 for SIGINT, 143 for SIGTERM), as a shell reports it. */
  int exitCode() {
    return exitCode(received.get());
  }

  private static int exitCode(Signal s) {
    return 128 + s.getNumber();
  }

  /** Puts back the handlers that were there before {@link #install}. */
  @Override
  public void close() {
    previous.forEach(Signal::handle);
  }
}
