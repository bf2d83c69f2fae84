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
 * because etcd's data remembers its peer URL and users' kubeconfigs remember the server.
 */
record Ports(int etcdClient, int etcdPeer, int apiserver, int controllerManager, int nspool) {

  static Ports loadOrAllocate(Path file) {
    if (Files.exists(file)) {
      Properties p = new Properties();
      try (Reader in = Files.newBufferedReader(file)) {
        p.load(in);
        return new Ports(
            Integer.parseInt(p.getProperty("etcd.client")),
            Integer.parseInt(p.getProperty("etcd.peer")),
            Integer.parseInt(p.getProperty("apiserver")),
            Integer.parseInt(p.getProperty("controller-manager")),
            Integer.parseInt(p.getProperty("nspool", String.valueOf(freePort()))));
      } catch (IOException | RuntimeException e) {
        throw new LocalClusterException(
            "cannot read " + file + " (" + e.getMessage() + "); run `nspool down --purge`", e);
      }
    }
    Ports ports = new Ports(freePort(), freePort(), freePort(), freePort(), freePort());
    Properties p = new Properties();
    p.setProperty("etcd.client", String.valueOf(ports.etcdClient));
    p.setProperty("etcd.peer", String.valueOf(ports.etcdPeer));
    p.setProperty("apiserver", String.valueOf(ports.apiserver));
    p.setProperty("controller-manager", String.valueOf(ports.controllerManager));
    p.setProperty("nspool", String.valueOf(ports.nspool));
    try {
      Files.createDirectories(file.getParent());
      try (Writer out = Files.newBufferedWriter(file)) {
        p.store(out, "loopback ports of this local cluster");
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return ports;
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new LocalClusterException("no free loopback port: " + e.getMessage(), e);
    }
  }
}
