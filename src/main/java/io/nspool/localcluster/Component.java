package io.nspool.localcluster;

/** The processes of the local control plane, in start order. */
public enum Component {
  ETCD("etcd"),
  KUBE_APISERVER("kube-apiserver"),
  KUBE_CONTROLLER_MANAGER("kube-controller-manager"),
  /** nspool itself (controller, API, UI) when {@code nspool up --detach} runs it in background. */
  NSPOOL_SERVER("nspool-server");

  private final String role;

  Component(String role) {
    this.role = role;
  }

  /** The name kube-local is invoked with, also the name of the log and pid files. */
  public String role() {
    return role;
  }
}
