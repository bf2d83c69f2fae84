package io.nspool.deploy;

import com.marcnuri.helm.Helm;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps SIGTERM and SIGINT stopping nspool cleanly. Helm's Go runtime, loaded into the JVM by
 * helm-java, takes those signals over, and takes them again on every Helm operation, and then
 * swallows them: a pod would ignore its termination and Ctrl-C would do nothing. So the JVM's own
 * handling (run the shutdown hooks) is put back when the library loads and after each operation.
 */
public final class HelmSignals {
  private static final Logger log = LoggerFactory.getLogger(HelmSignals.class);

  private HelmSignals() {}

  /** Loads the Helm library now (not at the first install) and puts the JVM's handling back. */
  public static void load() {
    Helm.version().call();
    reassert();
  }

  @SuppressWarnings("removal")
  static void reassert() {
    for (String name : new String[] {"TERM", "INT"}) {
      int code = name.equals("TERM") ? 143 : 130;
      try {
        sun.misc.Signal.handle(
            new sun.misc.Signal(name),
            signal -> new Thread(() -> System.exit(code), "nspool-signal").start());
      } catch (IllegalArgumentException e) {
        log.warn("cannot handle SIG{}: {}", name, e.getMessage());
      }
    }
  }
}
