package io.nspool.cli;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.nspool.watch.SharedClient;
import java.io.IOException;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * How a command that talks to Kubernetes itself (not to nspool's REST API) finds the cluster and
 * nspool in it: the kubeconfig, the control namespace and nspool's ServiceAccount there. One mixin,
 * so server, verify and doctor spell and default them alike.
 */
final class ClusterOptions {
  @Option(
      names = "--kubeconfig",
      paramLabel = "FILE",
      description = "Kubeconfig to use (default: $KUBECONFIG, ~/.kube/config, or in-cluster).")
  Path kubeconfig;

  @Option(
      names = {"-n", "--namespace"},
      defaultValue = "nspool-system",
      description = "The control namespace (default: ${DEFAULT-VALUE}).")
  String namespace;

  @Option(
      names = "--service-account",
      defaultValue = "nspool",
      description =
          "nspool's ServiceAccount in the control namespace, the subject of its RoleBindings"
              + " (default: ${DEFAULT-VALUE}).")
  String serviceAccount;

  KubernetesClient client() throws IOException {
    return SharedClient.create(ServerCommand.config(kubeconfig));
  }
}
