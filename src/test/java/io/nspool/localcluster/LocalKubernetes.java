package io.nspool.localcluster;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Runs the annotated test class against the real local control plane (etcd, kube-apiserver with
 * RBAC, kube-controller-manager). One cluster serves every test class of the JVM; it is started on
 * first use and stopped when the test run ends. Test methods may take a {@link LocalCluster} or an
 * admin {@code KubernetesClient} parameter.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(LocalKubernetesExtension.class)
public @interface LocalKubernetes {}
