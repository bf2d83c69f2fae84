package io.nspool.localcluster;

/** The processes of the local control plane, in start order. */
public enum Component {
  ETCD("etcd", "kube-local"),
  KUBE_APISERVER("kube-apiserver", "kube-local"),
  KUBE_CONTROLLER_MANAGER("kube-controller-manager", "kube-local"),
  KUBE_SCHEDULER("kube-scheduler", "kube-local"),
  /** kwok's controller: the simulated nodes' kubelets (node status, leases, pod lifecycle). */
  KWOK("kwok", "kwok"),
  /** nspool itself (controller, API, UI) when {@code nspool up --detach} runs it in background. */
  NSPOOL_SERVER("nspool-server", null);

  private final String role;
  private final String binaryName;

  Component(String role, String binaryName) {
    this.role = role;
    this.binaryName = binaryName;
  }

  /** The name kube-local is invoked with, also the name of the log and pid files. */
  public String role() {
    return role;
  }

  /** The file name of the binary this component runs, null for nspool's own server (a JVM). */
  String binaryName() {
    return binaryName;
  }

  /** Whether its binary is kube-local, which takes the role as its first argument. */
  boolean multiCall() {
    return "kube-local".equals(binaryName);
  }
}
