package io.nspool.localcluster;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/**
 * The loopback ports of one local cluster. Chosen free on first start and kept in the state folder,
 * because etcd's data remembers its peer URL, users' kubeconfigs remember the server and the
 * simulated nodes remember kwok's port as their kubelet's. A port added in a later version is
 * chosen on the first start that lacks it and kept from then on.
 */
record Ports(
    int etcdClient,
    int etcdPeer,
    int apiserver,
    int controllerManager,
    int scheduler,
    int kwok,
    int nspool) {

  private static final String[] KEYS = {
    "etcd.client", "etcd.peer", "apiserver", "controller-manager", "scheduler", "kwok", "nspool"
  };

  /** The ports of a state folder that has been started before, without choosing any. */
  static java.util.Optional<Ports> load(Path file) {
    return Files.exists(file)
        ? java.util.Optional.of(loadOrAllocate(file))
        : java.util.Optional.empty();
  }

  /** The port a component listens on (etcd: its client port); -1 for none. */
  int of(Component component) {
    return switch (component) {
      case ETCD -> etcdClient;
      case KUBE_APISERVER -> apiserver;
      case KUBE_CONTROLLER_MANAGER -> controllerManager;
      case KUBE_SCHEDULER -> scheduler;
      case KWOK -> kwok;
      case NSPOOL_SERVER -> nspool;
    };
  }

  /** The URL that tells whether a component is healthy. */
  String healthUrl(Component component) {
    return switch (component) {
      case ETCD -> "http://127.0.0.1:" + etcdClient + "/health";
      case KUBE_APISERVER -> "https://127.0.0.1:" + apiserver + "/readyz";
      case KUBE_CONTROLLER_MANAGER -> "https://127.0.0.1:" + controllerManager + "/healthz";
      case KUBE_SCHEDULER -> "https://127.0.0.1:" + scheduler + "/healthz";
      case KWOK -> "http://127.0.0.1:" + kwok + "/healthz";
      case NSPOOL_SERVER -> "http://127.0.0.1:" + nspool + "/readyz";
    };
  }

  static Ports loadOrAllocate(Path file) {
    Properties p = new Properties();
    if (Files.exists(file)) {
      try (Reader in = Files.newBufferedReader(file)) {
        p.load(in);
      } catch (IOException e) {
        throw new LocalClusterException(
            "cannot read " + file + " (" + e.getMessage() + "); run `nspool down --purge`", e);
      }
    }
    boolean added = false;
    for (String key : KEYS) {
      if (p.getProperty(key) == null) {
        p.setProperty(key, String.valueOf(freePort()));
        added = true;
      }
    }
    if (added) {
      try {
        Files.createDirectories(file.getParent());
        try (Writer out = Files.newBufferedWriter(file)) {
          p.store(out, "loopback ports of this local cluster");
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    try {
      return new Ports(
          port(p, "etcd.client"),
          port(p, "etcd.peer"),
          port(p, "apiserver"),
          port(p, "controller-manager"),
          port(p, "scheduler"),
          port(p, "kwok"),
          port(p, "nspool"));
    } catch (NumberFormatException e) {
      throw new LocalClusterException(
          "cannot read " + file + " (" + e.getMessage() + "); run `nspool down --purge`", e);
    }
  }

  private static int port(Properties p, String key) {
    return Integer.parseInt(p.getProperty(key).trim());
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new LocalClusterException("no free loopback port: " + e.getMessage(), e);
    }
  }
}
