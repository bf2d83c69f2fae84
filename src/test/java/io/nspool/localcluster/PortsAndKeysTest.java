package io.nspool.localcluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("A local cluster's state folder")
class PortsAndKeysTest {
  @TempDir Path dir;

  @Test
  @DisplayName("keeps the ports chosen on first start, so kubeconfigs stay valid across restarts")
  void portsAreKept() {
    Ports first = Ports.loadOrAllocate(dir.resolve("cluster.properties"));
    Ports second = Ports.loadOrAllocate(dir.resolve("cluster.properties"));

    assertThat(second).isEqualTo(first);
    assertThat(
            java.util.Set.of(
                first.etcdClient(),
                first.etcdPeer(),
                first.apiserver(),
                first.controllerManager(),
                first.scheduler(),
                first.kwok(),
                first.nspool()))
        .hasSize(7);
  }

  @Test
  @DisplayName("keeps the ports of an older state folder and adds the ones it lacks")
  void portsOfAnOlderStateFolder() throws Exception {
    Path file = dir.resolve("cluster.properties");
    Files.writeString(
        file, "etcd.client=1001\netcd.peer=1002\napiserver=1003\ncontroller-manager=1004\n");

    Ports ports = Ports.loadOrAllocate(file);

    assertThat(ports.apiserver()).isEqualTo(1003);
    assertThat(ports.kwok()).isPositive();
    assertThat(Ports.loadOrAllocate(file)).isEqualTo(ports);
  }

  @Test
  @DisplayName("names the file and the way out when the ports file is garbled")
  void garbledPortsFile() throws Exception {
    Path file = dir.resolve("cluster.properties");
    Files.writeString(file, "etcd.client=not-a-number\n");

    assertThatThrownBy(() -> Ports.loadOrAllocate(file))
        .isInstanceOf(LocalClusterException.class)
        .hasMessageContaining(file.toString())
        .hasMessageContaining("nspool down --purge");
  }

  @Test
  @DisplayName("creates the signing keys and admin token once, readable by the owner only")
  void keysAreCreatedOnceAndPrivate() throws Exception {
    Pki pki = new Pki(dir.resolve("pki"));
    pki.ensure();
    String token = pki.adminToken();
    String key = Files.readString(pki.serviceAccountKey());

    pki.ensure();

    assertThat(pki.adminToken()).isEqualTo(token).hasSize(64);
    assertThat(Files.readString(pki.serviceAccountKey()))
        .isEqualTo(key)
        .startsWith("-----BEGIN PRIVATE KEY-----");
    assertThat(Files.readString(pki.serviceAccountPub())).startsWith("-----BEGIN PUBLIC KEY-----");
    assertThat(Files.readString(pki.tokenFile()))
        .startsWith(token + ",nspool-admin,nspool-admin,\"system:masters\"\n")
        .contains(pki.token(Pki.User.SCHEDULER) + ",system:kube-scheduler,system:kube-scheduler\n")
        .contains(
            pki.token(Pki.User.CONTROLLER_MANAGER)
                + ",system:kube-controller-manager,system:kube-controller-manager\n");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("pki"))))
        .isEqualTo("rwx------");
  }

  @Test
  @DisplayName("writes kubeconfigs readable by the owner only, since they hold a token")
  void kubeconfigIsPrivate() throws Exception {
    Path file = dir.resolve("kubeconfig");
    Kubeconfig.write(file, "https://127.0.0.1:1", dir.resolve("ca.crt"), "me", "secret");

    assertThat(Files.readString(file))
        .contains("token: secret")
        .contains("server: https://127.0.0.1:1");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
        .isEqualTo("rw-------");
  }
}
