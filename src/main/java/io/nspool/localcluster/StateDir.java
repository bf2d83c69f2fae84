package io.nspool.localcluster;

import java.nio.file.Path;

/**
 * Where a local cluster keeps everything it writes: {@code .nspool/local} for {@code nspool up}, a
 * temporary folder for tests. Nothing of it belongs in git.
 */
public record StateDir(Path root) {
  public StateDir {
    root = root.toAbsolutePath().normalize();
  }

  public Path kubeconfig() {
    return root.resolve("kubeconfig");
  }

  public Path env() {
    return root.resolve("env");
  }

  public Path ports() {
    return root.resolve("cluster.properties");
  }

  public Path bin() {
    return root.resolve("bin");
  }

  public Path pki() {
    return root.resolve("pki");
  }

  public Path apiserverCerts() {
    return root.resolve("apiserver-certs");
  }

  public Path controllerManagerCerts() {
    return root.resolve("controller-manager-certs");
  }

  public Path schedulerCerts() {
    return root.resolve("scheduler-certs");
  }

  /** The kubeconfig a component of the control plane uses, with its own identity. */
  public Path componentKubeconfig(Component component) {
    return root.resolve("kubeconfigs").resolve(component.role() + ".kubeconfig");
  }

  /** kwok's configuration: its stages (how simulated nodes and pods move through their life). */
  public Path kwokConfig() {
    return root.resolve("kwok").resolve("kwok.yaml");
  }

  /**
   * The one log file kwok serves as every simulated container's log (CRI log format); see {@link
   * ContainerLogs}.
   */
  public Path containerLogs() {
    return root.resolve("kwok").resolve("containers.log");
  }

  public Path etcdData() {
    return root.resolve("etcd");
  }

  public Path log(Component component) {
    return root.resolve("logs").resolve(component.role() + ".log");
  }

  public Path pidFile(Component component) {
    return root.resolve("pids").resolve(component.role() + ".pid");
  }
}
