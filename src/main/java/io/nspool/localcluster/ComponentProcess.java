package io.nspool.localcluster;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running process of the local control plane, found again through its pid file.
 *
 * <p>Each process runs in a session of its own ({@code setsid}), so a Ctrl-C in the terminal
 * reaches nspool, which then stops them in order, instead of killing etcd under the apiserver.
 * Processes started for tests or a foreground {@code up} also watch their parent and exit when it
 * dies, so a JVM killed with SIGKILL leaves nothing behind; a detached cluster does not.
 */
final class ComponentProcess {
  private static final Logger log = LoggerFactory.getLogger(ComponentProcess.class);

  private final Component component;
  private final ProcessHandle handle;

  private ComponentProcess(Component component, ProcessHandle handle) {
    this.component = component;
    this.handle = handle;
  }

  static ComponentProcess start(
      Path binary, Component component, List<String> flags, StateDir state, boolean exitWithParent)
      throws IOException {
    List<String> command = new ArrayList<>();
    command.add("setsid");
    command.add(binary.toString());
    if (component.multiCall()) {
      command.add(component.role());
    }
    command.addAll(flags);
    Path logFile = state.log(component);
    Files.createDirectories(logFile.getParent());
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
            .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
    if (exitWithParent) {
      builder.environment().put("KUBE_LOCAL_EXIT_WITH_PARENT", "1");
    }
    Process process = builder.start();
    Path pidFile = state.pidFile(component);
    Files.createDirectories(pidFile.getParent());
    Files.writeString(pidFile, Long.toString(process.pid()));
    return new ComponentProcess(component, process.toHandle());
  }

  /**
   * The process named by the component's pid file, if that process is alive and really is that
   * component's binary (a pid from a killed run may have been reused by something else).
   */
  static Optional<ComponentProcess> find(Component component, StateDir state) {
    Path pidFile = state.pidFile(component);
    if (!Files.exists(pidFile)) {
      return Optional.empty();
    }
    try {
      long pid = Long.parseLong(Files.readString(pidFile).trim());
      return ProcessHandle.of(pid)
          .filter(ProcessHandle::isAlive)
          .filter(h -> isOurs(component, h))
          .map(h -> new ComponentProcess(component, h));
    } catch (IOException | NumberFormatException e) {
      return Optional.empty();
    }
  }

  private static boolean isOurs(Component component, ProcessHandle handle) {
    if (component == Component.NSPOOL_SERVER) {
      // The marker comes first, and commandLine() is used because JDK's Info.arguments() is
      // empty when the command line (a long classpath) is too long.
      return handle
          .info()
          .commandLine()
          .map(c -> c.contains(" " + SERVER_MARKER + " "))
          .orElse(false);
    }
    return handle.info().command().map(c -> c.endsWith("/" + component.binaryName())).orElse(false);
  }

  static final String SERVER_MAIN = "io.nspool.cli.Main";
  static final String SERVER_MARKER = "-Dnspool.component=nspool-server";

  /** Starts nspool's own server in the background, in a session of its own, logging to a file. */
  static ComponentProcess startServer(List<String> serverArgs, StateDir state) throws IOException {
    List<String> command = new ArrayList<>();
    command.add("setsid");
    command.add(ProcessHandle.current().info().command().orElse("java"));
    command.add(SERVER_MARKER);
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add("-Dnspool.repoRoot=" + System.getProperty("nspool.repoRoot", "."));
    command.add(SERVER_MAIN);
    command.add("server");
    command.addAll(serverArgs);
    Path logFile = state.log(Component.NSPOOL_SERVER);
    Files.createDirectories(logFile.getParent());
    Process process =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
            .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
            .start();
    Path pidFile = state.pidFile(Component.NSPOOL_SERVER);
    Files.createDirectories(pidFile.getParent());
    Files.writeString(pidFile, Long.toString(process.pid()));
    return new ComponentProcess(Component.NSPOOL_SERVER, process.toHandle());
  }

  Component component() {
    return component;
  }

  long pid() {
    return handle.pid();
  }

  boolean isAlive() {
    return handle.isAlive();
  }

  /** SIGTERM, then SIGKILL if it has not exited within the grace period. */
  void stop(long graceSeconds) {
    if (!handle.isAlive()) {
      return;
    }
    handle.destroy();
    try {
      handle.onExit().get(graceSeconds, TimeUnit.SECONDS);
    } catch (Exception e) {
      log.warn(
          "{} (pid {}) ignored SIGTERM for {}s; killing it", component.role(), pid(), graceSeconds);
      handle.destroyForcibly();
      try {
        handle.onExit().get(5, TimeUnit.SECONDS);
      } catch (Exception ignored) {
        // Reported by the caller, which checks that nothing is left.
      }
    }
  }
}
