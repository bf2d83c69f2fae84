package io.nspool.api;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.javalin.http.Context;
import io.nspool.api.model.AddNamespacesRequest;
import io.nspool.api.model.Items;
import io.nspool.controller.Controller;
import io.nspool.error.InvalidArgumentException;
import io.nspool.error.NotFoundException;
import io.nspool.pool.NamespacePool;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** Pools: read by anyone, namespaces added and removed by admins. */
final class PoolsApi {
  private final Controller controller;
  private final KubernetesClient client;

  PoolsApi(Controller controller) {
    this.controller = controller;
    this.client = controller.client();
  }

  void list(Context ctx) {
    ctx.json(
        new Items<>(
            controller.pools().stream()
                .map(Views::pool)
                .sorted((a, b) -> a.name().compareTo(b.name()))
                .toList()));
  }

  void get(Context ctx) {
    ctx.json(Views.pool(find(ctx.pathParam("pool"))));
  }

  void addNamespaces(Context ctx) {
    Requests.admin(ctx);
    AddNamespacesRequest body = Json.body(ctx, AddNamespacesRequest.class);
    if (body.namespaces() == null || body.namespaces().isEmpty()) {
      throw new InvalidArgumentException("namespaces: list at least one namespace to add");
    }
    Set<String> names = new LinkedHashSet<>();
    for (int i = 0; i < body.namespaces().size(); i++) {
      names.add(
          Validation.label(
              "namespaces[" + i + "]", body.namespaces().get(i), Validation.MAX_LABEL));
    }
    NamespacePool pool = find(ctx.pathParam("pool"));
    refuseDynamic(pool, "add");
    for (NamespacePool other : controller.pools()) {
      for (String name : names) {
        if (!other.getMetadata().getName().equals(pool.getMetadata().getName())
            && other.getSpec().getNamespaces().contains(name)) {
          throw new InvalidArgumentException(
              "namespaces: \""
                  + name
                  + "\" already belongs to pool \""
                  + other.getMetadata().getName()
                  + "\"");
        }
      }
    }
    NamespacePool updated =
        edit(
            pool,
            spec -> {
              List<String> merged = new ArrayList<>(spec);
              names.stream().filter(n -> !merged.contains(n)).forEach(merged::add);
              return merged;
            });
    ctx.json(Views.pool(updated));
  }

  void removeNamespace(Context ctx) {
    Requests.admin(ctx);
    NamespacePool pool = find(ctx.pathParam("pool"));
    String name = ctx.pathParam("namespace");
    refuseDynamic(pool, "remove");
    if (!pool.getSpec().getNamespaces().contains(name)) {
      throw new NotFoundException(
          "namespace \"" + name + "\" is not in pool \"" + pool.getMetadata().getName() + "\"");
    }
    NamespacePool updated = edit(pool, spec -> spec.stream().filter(n -> !n.equals(name)).toList());
    ctx.json(Views.pool(updated));
  }

  /** A pool that selects by label has no list to edit: its members follow the labels. */
  private static void refuseDynamic(NamespacePool pool, String verb) {
    if (pool.getSpec().isDynamic()) {
      throw new InvalidArgumentException(
          "namespaces: pool \""
              + pool.getMetadata().getName()
              + "\" chooses its namespaces by spec.namespaceSelector ("
              + pool.getSpec().getNamespaceSelector()
              + "), not by a list: to "
              + verb
              + " a namespace, "
              + ("add".equals(verb) ? "label it" : "remove its label")
              + " (kubectl label namespace NAME ...)");
    }
  }

  private NamespacePool edit(
      NamespacePool pool, java.util.function.UnaryOperator<List<String>> change) {
    return Conflicts.retry(
        () ->
            client
                .resources(NamespacePool.class)
                .inNamespace(controller.controlNamespace())
                .withName(pool.getMetadata().getName())
                .edit(
                    p -> {
                      p.getSpec()
                          .setNamespaces(
                              new ArrayList<>(change.apply(p.getSpec().getNamespaces())));
                      return p;
                    }));
  }

  /** Read from the API server, not the cache: an admin's edit right after another must see it. */
  private NamespacePool find(String name) {
    NamespacePool fresh =
        client
            .resources(NamespacePool.class)
            .inNamespace(controller.controlNamespace())
            .withName(name)
            .get();
    if (fresh != null) {
      return fresh;
    }
    return controller
        .pool(name)
        .orElseThrow(
            () ->
                new NotFoundException(
                    "pool \""
                        + name
                        + "\" does not exist; pools: "
                        + String.join(
                            ", ",
                            controller.pools().stream()
                                .map(p -> p.getMetadata().getName())
                                .sorted()
                                .toList())));
  }
}
