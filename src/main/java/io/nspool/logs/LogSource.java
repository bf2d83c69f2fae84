package io.nspool.logs;

/**
 * One container whose log is read: where it is and which of the deployment's components it belongs
 * to. Its lines are labelled {@code [namespace/pod/container]}, so lines of several namespaces and
 * pods read together stay apart (kubectl's {@code --prefix}, with the namespace in front).
 */
public record LogSource(String namespace, String pod, String container, String component) {
  public String label() {
    return "[" + namespace + "/" + pod + "/" + container + "]";
  }
}
