package io.nspool.deploy;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn.Type;
import io.fabric8.generator.annotation.ValidationRule;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;
import io.nspool.pool.Names;

/**
 * One tenant deployment, installed into a namespace claimed from its pool. Lives in nspool's
 * control namespace. {@code kubectl delete} is a hard delete; setting {@code spec.retained}
 * soft-deletes it (the namespace keeps the tenant's data until the pool's retention runs out).
 */
@Group("nspool.io")
@Version("v1alpha1")
@Kind("TenantDeployment")
@Plural("tenantdeployments")
@ShortNames("td")
@AdditionalPrinterColumn(name = "Phase", jsonPath = ".status.phase", type = Type.STRING)
@AdditionalPrinterColumn(name = "Namespace", jsonPath = ".status.namespace", type = Type.STRING)
@AdditionalPrinterColumn(name = "Pool", jsonPath = ".spec.pool", type = Type.STRING)
@AdditionalPrinterColumn(
    name = "Workspace",
    jsonPath = ".spec.workspace",
    type = Type.STRING,
    priority = 1)
@AdditionalPrinterColumn(
    name = "Purge-After",
    jsonPath = ".status.purgeAfter",
    type = Type.STRING,
    priority = 1)
@AdditionalPrinterColumn(name = "Age", jsonPath = ".metadata.creationTimestamp", type = Type.DATE)
@ValidationRule(
    value =
        "size(self.metadata.name) <= "
            + Names.MAX_DEPLOYMENT_NAME
            + " && self.metadata.name.matches('"
            + Names.DNS_LABEL
            + "')",
    message =
        "metadata.name: a deployment is a Helm release of the same name: use at most 53"
            + " lowercase letters, digits and '-', starting and ending with a letter or digit")
public class TenantDeployment extends CustomResource<DeploymentSpec, DeploymentStatus>
    implements Namespaced {
  @Override
  protected DeploymentSpec initSpec() {
    return new DeploymentSpec();
  }

  @Override
  protected DeploymentStatus initStatus() {
    return new DeploymentStatus();
  }
}
