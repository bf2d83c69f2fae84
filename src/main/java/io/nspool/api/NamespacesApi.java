package io.nspool.api;

import io.javalin.http.Context;
import io.nspool.api.model.Items;
import io.nspool.api.model.NamespaceView;
import io.nspool.auth.Principal;
import io.nspool.claim.StoredClaim;
import io.nspool.controller.Controller;
import io.nspool.deploy.TenantDeployment;
import io.nspool.pool.NamespacePool;
import io.nspool.pool.PoolNamespace;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** {@code GET /api/v1/namespaces}: every pool namespace and whether it can be claimed. */
final class NamespacesApi {
  private final Controller controller;

  NamespacesApi(Controller controller) {
    this.controller = controller;
  }

  void list(Context ctx) {
    Principal principal = Requests.principal(ctx);
    String poolFilter = Routes.query(ctx, "pool", null);
    boolean onlyAvailable = Routes.query(ctx, "available", false);
    List<NamespaceView> items = new ArrayList<>();
    for (NamespacePool pool : controller.pools()) {
      if (poolFilter != null && !poolFilter.equals(pool.getMetadata().getName())) {
        continue;
      }
      if (pool.getStatus() == null) {
        continue;
      }
      for (PoolNamespace listed : pool.getStatus().getNamespaces()) {
        PoolNamespace n = live(listed);
        NamespaceView view =
            Views.namespace(
                pool.getMetadata().getName(), n, visibleHolder(principal, n.getDeployment()));
        if (!onlyAvailable || view.available()) {
          items.add(view);
        }
      }
    }
    items.sort(Comparator.comparing(NamespaceView::pool).thenComparing(NamespaceView::name));
    ctx.json(new Items<>(items));
  }

  /**
   * The pool status as last written, with the namespace's claim object as the watch shows it now: a
   * deployment just created (201) holds its namespace here at once, not a reconcile later. A reason
   * only the status knows (why a claimed namespace is unhealthy) is kept.
   */
  private PoolNamespace live(PoolNamespace listed) {
    return controller
        .claimCache()
        .get(listed.getName())
        .map(StoredClaim::claim)
        .filter(
            c ->
                !"quarantined".equals(listed.getState())
                    || c.state().wireName().equals("quarantined"))
        .map(
            c ->
                new PoolNamespace(
                    listed.getName(),
                    c.state().wireName(),
                    c.deploymentName(),
                    c.since().toString(),
                    c.purgeAfter() == null ? null : c.purgeAfter().toString(),
                    c.reason() != null ? c.reason() : listed.getReason()))
        .orElse(listed);
  }

  /** The holder's name if the caller may see its workspace; other tenants' names stay hidden. */
  private String visibleHolder(Principal principal, String holder) {
    if (holder == null) {
      return null;
    }
    String name = holder.substring(holder.indexOf('/') + 1);
    return controller
        .deployment(name)
        .map(TenantDeployment::getSpec)
        .filter(spec -> principal.canRead(spec.getWorkspace()))
        .map(spec -> name)
        .orElse(principal.isAdmin() ? name : null);
  }
}
