package io.nspool.api;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.nspool.controller.Controller;
import io.nspool.deploy.TenantDeployment;
import io.nspool.pool.NamespacePool;
import io.nspool.pool.PoolNamespace;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * Prometheus metrics: pool namespaces by state, deployments by phase (both computed from the caches
 * at scrape time), claims by outcome with their latency, and reconcile errors.
 */
final class Metrics {
  private static final List<String> STATES =
      List.of("free", "claimed", "retained", "cleaning", "quarantined", "draining", "pending");
  private static final List<String> PHASES =
      List.of("Pending", "Provisioning", "Ready", "Degraded", "Failed", "Deleting", "Retained");

  private final PrometheusMeterRegistry registry =
      new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final Controller controller;
  private final MultiGauge namespaces;
  private final MultiGauge deployments;

  Metrics(Controller controller) {
    this.controller = controller;
    this.namespaces =
        MultiGauge.builder("nspool.pool.namespaces")
            .description("Pool namespaces by state")
            .register(registry);
    this.deployments =
        MultiGauge.builder("nspool.deployments")
            .description("Tenant deployments by phase")
            .register(registry);
    controller
        .claimer()
        .observe(
            (outcome, nanos) ->
                Timer.builder("nspool.claims")
                    .description("Claims by outcome and their latency")
                    .tag("outcome", outcome)
                    .publishPercentileHistogram()
                    .register(registry)
                    .record(nanos, TimeUnit.NANOSECONDS));
    io.micrometer.core.instrument.FunctionCounter.builder(
            "nspool.reconciles", controller, c -> c.reconcileCount())
        .description("Reconciles run by this replica (it runs them only while it leads)")
        .register(registry);
    io.micrometer.core.instrument.Gauge.builder(
            "nspool.workqueue.depth", controller, c -> c.queueDepth())
        .description("Keys in the work queue, ready or held for a timed requeue")
        .register(registry);
    controller.onReconcileError(
        kind ->
            Counter.builder("nspool.reconcile.errors")
                .description("Reconciles that failed and will be retried")
                .tag("kind", kind)
                .register(registry)
                .increment());
  }

  String scrape() {
    List<MultiGauge.Row<?>> rows = new ArrayList<>();
    for (NamespacePool pool : controller.pools()) {
      Map<String, Integer> counts = new TreeMap<>();
      STATES.forEach(s -> counts.put(s, 0));
      if (pool.getStatus() != null) {
        for (PoolNamespace n : pool.getStatus().getNamespaces()) {
          counts.merge(n.getState(), 1, Integer::sum);
        }
      }
      counts.forEach(
          (state, count) ->
              rows.add(
                  MultiGauge.Row.of(
                      Tags.of("pool", pool.getMetadata().getName(), "state", state), count)));
    }
    namespaces.register(rows, true);
    Map<String, Integer> phases = new TreeMap<>();
    PHASES.forEach(p -> phases.put(p, 0));
    for (TenantDeployment d : controller.deployments()) {
      String phase =
          d.getStatus() == null || d.getStatus().getPhase() == null
              ? "Pending"
              : d.getStatus().getPhase();
      phases.merge(phase, 1, Integer::sum);
    }
    List<MultiGauge.Row<?>> phaseRows = new ArrayList<>();
    phases.forEach(
        (phase, count) -> phaseRows.add(MultiGauge.Row.of(Tags.of("phase", phase), count)));
    deployments.register(phaseRows, true);
    return registry.scrape();
  }
}
