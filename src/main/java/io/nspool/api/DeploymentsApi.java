package io.nspool.api;

import com.marcnuri.helm.ReleaseHistory;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import io.javalin.http.HttpStatus;
import io.nspool.api.model.CreateDeploymentRequest;
import io.nspool.api.model.DeploymentView;
import io.nspool.api.model.EventView;
import io.nspool.api.model.Items;
import io.nspool.api.model.RevisionView;
import io.nspool.api.model.UpdateDeploymentRequest;
import io.nspool.auth.Principal;
import io.nspool.chart.Catalogue;
import io.nspool.controller.Controller;
import io.nspool.deploy.Commander;
import io.nspool.deploy.DeploymentNamespaces;
import io.nspool.deploy.DeploymentReconciler;
import io.nspool.deploy.DeploymentSpec;
import io.nspool.deploy.TenantDeployment;
import io.nspool.error.AlreadyExistsException;
import io.nspool.error.FailedPreconditionException;
import io.nspool.error.ForbiddenException;
import io.nspool.error.InvalidArgumentException;
import io.nspool.error.NamespaceUnavailableException;
import io.nspool.error.NotFoundException;
import io.nspool.error.PoolExhaustedException;
import io.nspool.logs.ComponentFilter;
import io.nspool.logs.DeploymentPods;
import io.nspool.logs.FollowedLogs;
import io.nspool.logs.LogSource;
import io.nspool.logs.LogTail;
import io.nspool.logs.PodLogs;
import io.nspool.pool.NamespacePool;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Optional;

/**
 * Deployments. Creating one writes a TenantDeployment and waits for the controller's verdict on its
 * claim, so the caller learns at once whether it got a namespace ({@code 201}) or why not ({@code
 * 409 pool_exhausted} / {@code namespace_unavailable}, and nothing is left behind). On the leading
 * replica the request claims through the controller's claimer itself, which runs one claim per
 * deployment at a time, so the request and the first reconcile cannot take two namespaces; on a
 * follower (whose claim could race the leader's) it waits for the leader's verdict.
 */
final class DeploymentsApi {
  static final Duration CLAIM_WAIT = Duration.ofSeconds(15);
  static final String DEFAULT_WORKSPACE = "default";
  static final int MAX_EVENTS = 100;
  static final Duration FOLLOW_POLL = Duration.ofMillis(500);
  private static final org.slf4j.Logger log =
      org.slf4j.LoggerFactory.getLogger(DeploymentsApi.class);

  private final Controller controller;
  private final KubernetesClient client;

  DeploymentsApi(Controller controller) {
    this.controller = controller;
    this.client = controller.client();
  }

  void list(Context ctx) {
    Principal principal = Requests.principal(ctx);
    String workspace = Routes.query(ctx, "workspace", null);
    ctx.json(
        new Items<>(
            controller.deployments().stream()
                .filter(d -> principal.canRead(d.getSpec().getWorkspace()))
                .filter(d -> workspace == null || workspace.equals(d.getSpec().getWorkspace()))
                .sorted(Comparator.comparing(d -> d.getMetadata().getName()))
                .map(this::view)
                .toList()));
  }

  void get(Context ctx) {
    ctx.json(view(visible(ctx)));
  }

  void create(Context ctx) throws InterruptedException {
    Principal principal = Requests.principal(ctx);
    CreateDeploymentRequest body = Json.body(ctx, CreateDeploymentRequest.class);
    String name = Validation.label("name", body.name(), Validation.MAX_DEPLOYMENT_NAME);
    String workspace = Validation.optionalLabel("workspace", body.workspace());
    if (workspace == null) {
      // Omitted: the caller's only workspace; an admin without workspaces uses "default".
      if (principal.workspaces().size() == 1) {
        workspace = principal.workspaces().get(0);
      } else if (principal.workspaces().isEmpty()) {
        workspace = DEFAULT_WORKSPACE;
      } else {
        throw new InvalidArgumentException(
            "workspace: required, since "
                + principal.name()
                + " has several: "
                + String.join(", ", principal.workspaces()));
      }
    }
    if (!principal.canWrite(workspace)) {
      throw new ForbiddenException(
          principal.name()
              + " ("
              + principal.role().wireName()
              + ") may not create deployments in workspace \""
              + workspace
              + "\"");
    }
    String namespace = Validation.optionalLabel("namespace", body.namespace());
    var executors = Validation.executorNamespaces(body.executorNamespaces(), namespace);
    Validation.values(body.values());
    NamespacePool pool = pool(Validation.optionalLabel("pool", body.pool()));
    String chart = Validation.optionalLabel("chart", body.chart());
    String version = Validation.optionalVersion("version", body.version());
    offered(pool, chart, version);
    if (controller.deployment(name).isPresent()) {
      throw new AlreadyExistsException(
          "deployment \"" + name + "\" already exists; choose another name");
    }
    TenantDeployment d = new TenantDeployment();
    d.getMetadata().setName(name);
    // Created with the finalizer the controller would add first: one write and one reconcile fewer
    // before the claim (the controller still adds it to deployments created with kubectl).
    d.getMetadata()
        .setFinalizers(new java.util.ArrayList<>(List.of(DeploymentReconciler.FINALIZER)));
    d.getMetadata().setNamespace(controller.controlNamespace());
    DeploymentSpec spec = new DeploymentSpec();
    spec.setPool(pool.getMetadata().getName());
    spec.setNamespace(namespace);
    spec.setWorkspace(workspace);
    spec.setExecutorNamespaces(executors);
    spec.setChart(chart);
    spec.setVersion(version);
    spec.setValues(
        body.values() == null ? new LinkedHashMap<>() : new LinkedHashMap<>(body.values()));
    d.setSpec(spec);
    TenantDeployment created;
    try {
      created = client.resource(d).create();
    } catch (KubernetesClientException e) {
      if (e.getCode() == 409) {
        throw new AlreadyExistsException(
            "deployment \"" + name + "\" already exists; choose another name");
      }
      throw e;
    }
    Optional<Controller.ClaimVerdict> verdict = controller.claimAtCreate(created);
    if (verdict.isEmpty()) {
      verdict = awaitClaim(name, created.getMetadata().getUid());
    }
    if (verdict.isPresent() && !verdict.get().claimed()) {
      client.resource(created).delete(); // nothing is left behind of a refused create
      awaitGone(name);
      Condition refusal = verdict.get().condition();
      String message = refusal.getMessage();
      switch (refusal.getReason()) {
        case "PoolExhausted" -> throw new PoolExhaustedException(message);
        case "NamespaceUnavailable" -> throw new NamespaceUnavailableException(message);
        default -> throw new FailedPreconditionException(message);
      }
    }
    TenantDeployment latest = controller.deployment(name).orElse(created);
    ctx.status(verdict.isPresent() ? HttpStatus.CREATED : HttpStatus.ACCEPTED)
        .json(
            verdict.isPresent()
                ? Views.deployment(latest, verdict.get().condition(), verdict.get().namespace())
                : view(latest));
  }

  /**
   * Changes values, chart or version: each given field replaces the current one, the others stay,
   * except that a new chart without a version drops the old version (it was that chart's).
   */
  void update(Context ctx) {
    TenantDeployment d = writable(ctx);
    UpdateDeploymentRequest body = Json.body(ctx, UpdateDeploymentRequest.class);
    if (body.values() == null && body.chart() == null && body.version() == null) {
      throw new InvalidArgumentException(
          "values, chart or version: give at least one (values are the complete new values)");
    }
    Validation.values(body.values());
    String chart = Validation.optionalLabel("chart", body.chart());
    String version = Validation.optionalVersion("version", body.version());
    String newChart = chart != null ? chart : d.getSpec().getChart();
    String newVersion = version != null ? version : chart != null ? null : d.getSpec().getVersion();
    NamespacePool pool =
        controller
            .pool(d.getSpec().getPool())
            .orElseThrow(
                () ->
                    new FailedPreconditionException(
                        "pool \""
                            + d.getSpec().getPool()
                            + "\" of this deployment does not exist"));
    offered(pool, newChart, newVersion);
    List<String> ops = new java.util.ArrayList<>();
    if (body.values() != null) {
      ops.add("{\"op\":\"add\",\"path\":\"/spec/values\",\"value\":" + json(body.values()) + "}");
    }
    if (chart != null) {
      ops.add("{\"op\":\"add\",\"path\":\"/spec/chart\",\"value\":" + json(chart) + "}");
    }
    if (newVersion != null) {
      ops.add("{\"op\":\"add\",\"path\":\"/spec/version\",\"value\":" + json(newVersion) + "}");
    } else if (d.getSpec().getVersion() != null) {
      ops.add("{\"op\":\"remove\",\"path\":\"/spec/version\"}");
    }
    TenantDeployment updated = patch(d, "[" + String.join(",", ops) + "]");
    ctx.json(view(updated));
  }

  /** Refuses a chart or version the pool's catalogue does not offer, naming what it offers. */
  private static void offered(NamespacePool pool, String chart, String version) {
    try {
      Catalogue.of(pool.getSpec().getCharts()).choose(chart, version);
    } catch (Catalogue.ChoiceException e) {
      throw new InvalidArgumentException(e.getMessage());
    }
  }

  void delete(Context ctx) {
    TenantDeployment d = writable(ctx);
    boolean hard = Routes.query(ctx, "hard", false);
    boolean poolHard =
        controller.pool(d.getSpec().getPool()).map(p -> p.getSpec().isHardDelete()).orElse(false);
    if (hard || poolHard) {
      client.resource(d).delete();
    } else {
      setRetained(d, true);
    }
    ctx.status(HttpStatus.ACCEPTED)
        .json(view(controller.deployment(d.getMetadata().getName()).orElse(d)));
  }

  void restore(Context ctx) {
    TenantDeployment d = writable(ctx);
    if (!d.getSpec().isRetained()) {
      throw new FailedPreconditionException(
          "deployment \""
              + d.getMetadata().getName()
              + "\" is not deleted; only a soft-deleted (retained) deployment can be restored");
    }
    String purgeAfter = d.getStatus() == null ? null : d.getStatus().getPurgeAfter();
    if (purgeAfter != null && !Instant.now().isBefore(Instant.parse(purgeAfter))) {
      throw new FailedPreconditionException(
          "deployment \""
              + d.getMetadata().getName()
              + "\" can no longer be restored: its retention ended at "
              + purgeAfter);
    }
    ctx.status(HttpStatus.ACCEPTED).json(view(setRetained(d, false)));
  }

  /**
   * Field-level JSON patches, without a resourceVersion: the controller writes status and
   * finalizers of the same object all the time, and these fields are the user's alone.
   */
  private TenantDeployment setRetained(TenantDeployment d, boolean retained) {
    return patch(d, "[{\"op\":\"add\",\"path\":\"/spec/retained\",\"value\":" + retained + "}]");
  }

  private TenantDeployment patch(TenantDeployment d, String jsonPatch) {
    return client
        .resources(TenantDeployment.class)
        .inNamespace(controller.controlNamespace())
        .withName(d.getMetadata().getName())
        .patch(PatchContext.of(PatchType.JSON), jsonPatch);
  }

  private static String json(Object value) {
    try {
      return Json.MAPPER.writeValueAsString(value);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * The newest {@value #MAX_EVENTS} events of all the deployment's namespaces, newest first, each
   * naming its namespace.
   */
  void events(Context ctx) {
    TenantDeployment d = visible(ctx);
    List<EventView> events =
        DeploymentNamespaces.of(d).stream()
            .flatMap(
                m -> client.v1().events().inNamespace(m.namespace()).list().getItems().stream())
            .sorted(Comparator.comparing((Event e) -> String.valueOf(lastSeen(e))).reversed())
            .limit(MAX_EVENTS)
            .map(
                e ->
                    new EventView(
                        e.getMetadata().getNamespace(),
                        e.getType(),
                        e.getReason(),
                        e.getMessage(),
                        e.getInvolvedObject().getKind() + "/" + e.getInvolvedObject().getName(),
                        e.getCount(),
                        lastSeen(e)))
            .toList();
    ctx.json(new Items<>(events));
  }

  private static String lastSeen(Event e) {
    return e.getLastTimestamp() != null
        ? e.getLastTimestamp()
        : e.getEventTime() != null ? e.getEventTime().getTime() : null;
  }

  /**
   * The revisions of the deployment's Helm release, oldest first, as {@code helm history} shows
   * them: every values change is an upgrade and a new revision. A deployment not yet installed has
   * none.
   */
  void revisions(Context ctx) {
    TenantDeployment d = visible(ctx);
    String namespace = d.getStatus() == null ? null : d.getStatus().getNamespace();
    if (namespace == null) {
      ctx.json(new Items<>(List.of()));
      return;
    }
    List<ReleaseHistory> history =
        new Commander(client, controller.controlNamespace())
            .history(namespace, d.getMetadata().getName());
    ctx.json(
        new Items<>(
            history.stream()
                .map(
                    h ->
                        new RevisionView(
                            h.getRevision(),
                            h.getUpdated() == null ? null : h.getUpdated().toInstant().toString(),
                            h.getStatus(),
                            h.getChart(),
                            h.getAppVersion(),
                            h.getDescription()))
                .toList()));
  }

  /**
   * Logs of the deployment's pods in all its namespaces ({@link DeploymentPods}), each line
   * labelled {@code [namespace/pod/container]}. With {@code follow=true} the answer is a chunked
   * stream that goes on until the client disconnects or every log ends; the client going away
   * closes every stream to the API server within {@link #FOLLOW_POLL}.
   */
  void logs(Context ctx) throws IOException {
    TenantDeployment d = visible(ctx);
    String component = Routes.query(ctx, "component", null);
    int tail = Routes.query(ctx, "tail", LogTail.DEFAULT);
    boolean follow = Routes.query(ctx, "follow", false);
    List<LogSource> sources =
        DeploymentPods.of(client, d, new ComponentFilter(d.getMetadata().getName(), component));
    ctx.contentType("text/plain; charset=utf-8");
    if (ctx.method() == HandlerType.HEAD) {
      return; // HEAD checks the request; nothing is read, nothing followed
    }
    PodLogs logs = new PodLogs(client);
    if (!follow) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      logs.print(sources, tail, out);
      ctx.result(out.toByteArray());
      return;
    }
    ctx.status(HttpStatus.OK);
    ctx.header("Connection", "close");
    ctx.header("Cache-Control", "no-store");
    OutputStream out = ctx.res().getOutputStream();
    try (FollowedLogs followed = logs.follow(sources, tail, out)) {
      FollowedLogs.Ended ended = followed.await(ClientConnection.closed(ctx), FOLLOW_POLL);
      log.debug(
          "stopped following {} logs of deployment {}: {}",
          sources.size(),
          d.getMetadata().getName(),
          ended);
    }
  }

  /** The deployment as the API shows it: its status, with the namespace its claim object names. */
  private DeploymentView view(TenantDeployment d) {
    return controller
        .claimVerdict(d)
        .map(v -> Views.deployment(d, v.condition(), v.namespace()))
        .orElseGet(() -> Views.deployment(d));
  }

  /** The controller's verdict on the claim, as this replica's informer sees it (no polling). */
  private Optional<Controller.ClaimVerdict> awaitClaim(String name, String uid)
      throws InterruptedException {
    return controller.awaitClaimVerdict(name, uid, CLAIM_WAIT);
  }

  /** The refused deployment's finalizer goes within a reconcile; the same name is free after. */
  private void awaitGone(String name) throws InterruptedException {
    controller.awaitDeploymentGone(name, Duration.ofSeconds(10));
  }

  private NamespacePool pool(String name) {
    List<NamespacePool> pools = controller.pools();
    if (name == null) {
      if (pools.size() == 1) {
        return pools.get(0);
      }
      throw new InvalidArgumentException(
          "pool: required when there is not exactly one pool; pools: " + names(pools));
    }
    return controller
        .pool(name)
        .orElseThrow(
            () ->
                new InvalidArgumentException(
                    "pool: \"" + name + "\" does not exist; pools: " + names(pools)));
  }

  private static String names(List<NamespacePool> pools) {
    return String.join(", ", pools.stream().map(p -> p.getMetadata().getName()).sorted().toList());
  }

  private TenantDeployment visible(Context ctx) {
    String name = ctx.pathParam("name");
    Principal principal = Requests.principal(ctx);
    return controller
        .deployment(name)
        .filter(d -> principal.canRead(d.getSpec().getWorkspace()))
        .orElseThrow(() -> new NotFoundException("deployment \"" + name + "\" does not exist"));
  }

  private TenantDeployment writable(Context ctx) {
    TenantDeployment d = visible(ctx);
    Principal principal = Requests.principal(ctx);
    if (!principal.canWrite(d.getSpec().getWorkspace())) {
      throw new ForbiddenException(
          principal.name()
              + " ("
              + principal.role().wireName()
              + ") may not change deployments of workspace \""
              + d.getSpec().getWorkspace()
              + "\"");
    }
    return d;
  }
}
