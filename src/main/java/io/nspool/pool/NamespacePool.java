package io.nspool.pool;

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

/**
 * A pool of pre-created namespaces that tenant deployments claim, one each. Lives in nspool's
 * control namespace; {@code kubectl get namespacepools} shows how many namespaces are in each
 * state.
 */
@Group("nspool.io")
@Version("v1alpha1")
@Kind("NamespacePool")
@Plural("namespacepools")
@ShortNames("nspool")
@AdditionalPrinterColumn(name = "Total", jsonPath = ".status.total", type = Type.INTEGER)
@AdditionalPrinterColumn(name = "Free", jsonPath = ".status.free", type = Type.INTEGER)
@AdditionalPrinterColumn(name = "Claimed", jsonPath = ".status.claimed", type = Type.INTEGER)
@AdditionalPrinterColumn(name = "Retained", jsonPath = ".status.retained", type = Type.INTEGER)
@AdditionalPrinterColumn(name = "Cleaning", jsonPath = ".status.cleaning", type = Type.INTEGER)
@AdditionalPrinterColumn(
    name = "Quarantined",
    jsonPath = ".status.quarantined",
    type = Type.INTEGER)
@AdditionalPrinterColumn(
    name = "Draining",
    jsonPath = ".status.draining",
    type = Type.INTEGER,
    priority = 1)
@AdditionalPrinterColumn(name = "Age", jsonPath = ".metadata.creationTimestamp", type = Type.DATE)
@ValidationRule(
    value =
        "size(self.metadata.name) <= "
            + Names.MAX_LABEL
            + " && self.metadata.name.matches('"
            + Names.DNS_LABEL
            + "')",
    message =
        "metadata.name: a pool's name is what deployments name in spec.pool: use at most 63"
            + " lowercase letters, digits and '-', starting and ending with a letter or digit")
public class NamespacePool extends CustomResource<PoolSpec, PoolStatus> implements Namespaced {
  @Override
  protected PoolSpec initSpec() {
    return new PoolSpec();
  }

  @Override
  protected PoolStatus initStatus() {
    return new PoolStatus();
  }
}
