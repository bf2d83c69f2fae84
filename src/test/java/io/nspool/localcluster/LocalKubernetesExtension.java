package io.nspool.localcluster;

import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ExtensionContext.Namespace;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/** Starts the shared local cluster once per test JVM; see {@link LocalKubernetes}. */
public final class LocalKubernetesExtension implements ParameterResolver {
  private static final Namespace STORE = Namespace.create(LocalKubernetesExtension.class);

  /** The shared cluster, started on first call. */
  public static LocalCluster cluster(ExtensionContext context) {
    return context
        .getRoot()
        .getStore(STORE)
        .computeIfAbsent(SharedCluster.class, k -> SharedCluster.start(), SharedCluster.class)
        .cluster;
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    Class<?> type = parameter.getParameter().getType();
    return type == LocalCluster.class || type == KubernetesClient.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    SharedCluster shared =
        context
            .getRoot()
            .getStore(STORE)
            .computeIfAbsent(SharedCluster.class, k -> SharedCluster.start(), SharedCluster.class);
    return parameter.getParameter().getType() == LocalCluster.class ? shared.cluster : shared.admin;
  }

  /** Closed by JUnit when the root context closes, i.e. at the end of the test run. */
  static final class SharedCluster implements AutoCloseable {
    final Path stateDir;
    final LocalCluster cluster;
    final KubernetesClient admin;

    private SharedCluster(Path stateDir, LocalCluster cluster) {
      this.stateDir = stateDir;
      this.cluster = cluster;
      this.admin = cluster.adminClient();
    }

    static SharedCluster start() {
      try {
        Path stateDir = Files.createTempDirectory("nspool-it-");
        Path repoRoot = Path.of(System.getProperty("nspool.repoRoot", "."));
        LocalClusterOptions options =
            new LocalClusterOptions(
                new StateDir(stateDir),
                LocalBinaries.resolve(repoRoot),
                true,
                true,
                LocalClusterOptions.DEFAULT_START_TIMEOUT,
                line -> System.err.println("[local cluster] " + line));
        return new SharedCluster(stateDir, LocalCluster.start(options));
      } catch (IOException e) {
        throw new LocalClusterException("cannot create a state folder for the test cluster", e);
      }
    }

    @Override
    public void close() throws IOException {
      admin.close();
      cluster.close();
      if (System.getenv("NSPOOL_KEEP_TEST_CLUSTER_STATE") == null) {
        try (Stream<Path> files = Files.walk(stateDir)) {
          for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
            Files.deleteIfExists(file);
          }
        }
      }
    }
  }
}
