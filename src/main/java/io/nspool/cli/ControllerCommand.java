package io.nspool.cli;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.nspool.controller.Controller;
import io.nspool.controller.ControllerConfig;
import io.nspool.localcluster.ServiceAccountIdentity;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
    name = "controller",
    mixinStandardHelpOptions = true,
    description = {
      "Run nspool's controller: keeps every NamespacePool and TenantDeployment of the control"
          + " namespace reconciled (claims, releases, retention, scrubbing, quarantine) until"
          + " Ctrl-C.",
      "",
      "It acts as whatever identity its kubeconfig holds (in-cluster: its ServiceAccount) and"
          + " needs only the Roles of `nspool install`: one in the control namespace, one in each"
          + " pool namespace."
    })
final class ControllerCommand implements Callable<Integer> {
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
          "Name of nspool's ServiceAccount in the control namespace (default: ${DEFAULT-VALUE}).")
  String serviceAccount;

  @Override
  public Integer call() throws Exception {
    Config config =
        kubeconfig == null
            ? Config.autoConfigure(null)
            : Config.fromKubeconfig(null, Files.readString(kubeconfig), kubeconfig.toString());
    KubernetesClient client = new KubernetesClientBuilder().withConfig(config).build();
    ControllerConfig settings =
        ControllerConfig.defaults(namespace, new ServiceAccountIdentity(namespace, serviceAccount));
    Controller controller =
        new Controller(
                client,
                settings,
                Controller.janitor(client, settings.scrubDeadline()),
                Clock.systemUTC())
            .start();
    System.err.println("nspool controller running in namespace " + namespace + "; Ctrl-C stops it");
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  controller.close();
                  client.close();
                  stopped.countDown();
                }));
    stopped.await();
    return 0;
  }
}
