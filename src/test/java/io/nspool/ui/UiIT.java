package io.nspool.ui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.nspool.auth.Role;
import io.nspool.localcluster.LocalKubernetes;
import io.nspool.testing.RunningServer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

/**
 * The web UI in headless Chromium against the real nspool: server, controller and a pool of
 * pre-created namespaces on the local Kubernetes control plane.
 */
@LocalKubernetes
@DisplayName("The web UI on the real server")
class UiIT {
  private RunningServer nspool;
  private Browser browser;

  @AfterEach
  void stop() {
    if (browser != null) {
      browser.close();
    }
    if (nspool != null) {
      nspool.close();
    }
  }

  @Test
  @DisplayName(
      "The chart dropdown offers the pool's catalogue with its default preselected, and the"
          + " deployment created gets the chart picked, Ready")
  void createThroughTheChartDropdown(KubernetesClient kube) {
    nspool = RunningServer.start(kube, "uic", 1);
    String chartDir = io.nspool.deploy.BundledChart.path("airflow").toString();
    io.nspool.chart.ChartEntry local = io.nspool.chart.ChartEntry.path("airflow-local", chartDir);
    local.setDefault(true);
    io.nspool.chart.ChartEntry other = io.nspool.chart.ChartEntry.path("airflow-other", chartDir);
    kube.resources(io.nspool.pool.NamespacePool.class)
        .inNamespace(nspool.plan().controlNamespace())
        .withName(nspool.plan().pool())
        .edit(
            p -> {
              p.getSpec().setCharts(new java.util.ArrayList<>(List.of(local, other)));
              return p;
            });
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                nspool
                    .controller()
                    .pool(nspool.plan().pool())
                    .map(p -> p.getSpec().getCharts().size() == 2)
                    .orElse(false));
    browser = new Browser(nspool.url());
    browser.logIn(nspool.adminToken());
    browser.waitFor(By.id("whoami-name"));

    browser.driver().findElement(By.id("nav-new")).click();
    browser.select(By.id("namespace"), nspool.plan().poolNamespaces().get(0));
    assertThat(browser.optionValues("chart")).containsExactly("airflow-local", "airflow-other");
    Select chart = new Select(browser.driver().findElement(By.id("chart")));
    assertThat(chart.getFirstSelectedOption().getAttribute("value")).isEqualTo("airflow-local");
    chart.selectByValue("airflow-other");
    browser.driver().findElement(By.id("name")).sendKeys("charted");
    browser.driver().findElement(By.id("workspace")).sendKeys("data-team");
    browser.screenshot("create-form-chart");
    browser.driver().findElement(By.id("create-submit")).click();

    browser.waitForText(By.id("phase"), "Ready");
    assertThat(nspool.controller().deployment("charted").orElseThrow().getSpec().getChart())
        .isEqualTo("airflow-other");
  }

  @Test
  @DisplayName(
      "Log in, create a deployment in the namespace picked from the dropdown, see it listed")
  void createThroughTheNamespaceDropdown(KubernetesClient kube) {
    nspool = RunningServer.start(kube, "ui", 2);
    String picked = nspool.plan().poolNamespaces().get(1);
    browser = new Browser(nspool.url());
    browser.logIn(nspool.adminToken());
    assertThat(browser.waitFor(By.id("whoami-name")).getText()).isEqualTo("admin");
    assertThat(browser.driver().findElement(By.id("whoami-role")).getText())
        .isEqualToIgnoringCase("admin");

    browser.driver().findElement(By.id("nav-new")).click();
    browser.select(By.id("namespace"), picked);
    assertThat(browser.optionValues("namespace"))
        .containsExactly("", nspool.plan().poolNamespaces().get(0), picked);
    assertThat(browser.optionValues("chart"))
        .as("a pool without a catalogue offers the bundled chart")
        .containsExactly("airflow");
    browser.driver().findElement(By.id("name")).sendKeys("analytics");
    browser.driver().findElement(By.id("workspace")).sendKeys("data-team");
    new Select(browser.driver().findElement(By.id("size"))).selectByValue("medium");
    browser.screenshot("create-form");
    browser.driver().findElement(By.id("create-submit")).click();

    browser.waitForText(By.id("fact-namespace"), picked);
    browser.waitForText(By.id("phase"), "Ready");
    browser.waitFor(By.cssSelector("[data-component='analytics-scheduler']"));
    browser.screenshot("detail-ready");
    browser.driver().findElement(By.id("nav-deployments")).click();
    WebElement row = browser.waitFor(By.cssSelector("[data-deployment='analytics']"));
    assertThat(row.getText()).contains("data-team", picked, "Ready");
    browser.screenshot("deployments-real");
    browser.driver().findElement(By.id("nav-pools")).click();
    browser.waitForText(By.cssSelector("[data-namespace='" + picked + "']"), "analytics");
    browser.screenshot("pools-real");
  }

  @Test
  @DisplayName(
      "With no namespace left the form shows the server's pool_exhausted text and cannot submit")
  void exhaustedPool(KubernetesClient kube) throws Exception {
    nspool = RunningServer.start(kube, "ui", 1);
    assertThat(createByApi("first", "data-team").statusCode()).isEqualTo(201);
    HttpResponse<String> refused = createByApi("second", "data-team");
    assertThat(refused.statusCode()).isEqualTo(409);
    String serverText =
        new ObjectMapper().readTree(refused.body()).path("error").path("message").asText();
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> get("/api/v1/namespaces?available=true").contains("\"items\":[]"));
    browser = new Browser(nspool.url());
    browser.logIn(nspool.adminToken());

    browser.open("#/deployments/new");
    WebElement message = browser.waitFor(By.id("pool-exhausted"));
    assertThat(message.getText()).contains(serverText);
    assertThat(browser.driver().findElement(By.id("create-submit")).isEnabled()).isFalse();
    assertThat(browser.optionValues("namespace")).containsExactly("");
    browser.screenshot("create-form-exhausted");
  }

  @Test
  @DisplayName("Soft delete retains the namespace and restore brings the deployment back")
  void softDeleteAndRestore(KubernetesClient kube) {
    nspool = RunningServer.start(kube, "ui", 1);
    assertThat(createByApi("reports", "finance").statusCode()).isEqualTo(201);
    String ns = nspool.plan().poolNamespaces().get(0);
    browser = new Browser(nspool.url());
    browser.logIn(nspool.adminToken());

    browser.open("#/deployments/reports");
    browser.waitFor(By.id("delete")).click();
    assertThat(browser.waitFor(By.id("delete-dialog")).getText())
        .contains("keeps " + ns + " with everything in it until the pool's retention (14d)");
    browser.driver().findElement(By.id("delete-confirm")).click();
    browser.waitFor(By.id("retained-notice"));
    browser.waitForText(By.id("phase"), "Retained");
    browser.open("#/pools");
    browser.waitForText(By.cssSelector("[data-namespace='" + ns + "']"), "retained");

    browser.open("#/deployments/reports");
    browser.waitFor(By.id("restore")).click();
    browser.waitUntil(d -> !d.findElement(By.id("phase")).getText().equals("Retained"));
    browser.open("#/pools");
    browser.waitForText(By.cssSelector("[data-namespace='" + ns + "']"), "claimed");
  }

  @Test
  @DisplayName("Hard delete scrubs the namespace and the create form offers it again")
  void hardDeleteReturnsTheNamespace(KubernetesClient kube) {
    nspool = RunningServer.start(kube, "ui", 1);
    assertThat(createByApi("scratch", "data-team").statusCode()).isEqualTo(201);
    String ns = nspool.plan().poolNamespaces().get(0);
    browser = new Browser(nspool.url());
    browser.logIn(nspool.adminToken());

    browser.open("#/deployments/scratch");
    browser.waitFor(By.id("delete")).click();
    browser.waitFor(By.cssSelector("[data-choice='hard']")).click();
    browser.driver().findElement(By.id("delete-confirm")).click();
    browser.waitForText(By.id("gone"), "scratch was deleted");

    browser.open("#/deployments/new");
    browser.waitUntil(
        d -> {
          if (browser.optionValues("namespace").contains(ns)) {
            return true;
          }
          d.findElement(By.id("namespace-reload")).click();
          return false;
        });
    assertThat(browser.all(By.id("pool-exhausted"))).isEmpty();
  }

  @Test
  @DisplayName("A viewer sees its workspace's deployments but no create, delete or restore")
  void viewerCannotChange(KubernetesClient kube) {
    nspool = RunningServer.start(kube, "ui", 1);
    assertThat(createByApi("dashboards", "data-team").statusCode()).isEqualTo(201);
    browser = new Browser(nspool.url());
    browser.logIn(nspool.token("vera", Role.VIEWER, List.of("data-team")));

    assertThat(browser.driver().findElement(By.id("whoami-role")).getText())
        .isEqualToIgnoringCase("viewer");
    browser.waitFor(By.cssSelector("[data-deployment='dashboards']")).click();
    browser.waitFor(By.id("facts"));
    assertThat(browser.all(By.id("nav-new"))).isEmpty();
    assertThat(browser.all(By.id("delete"))).isEmpty();
    assertThat(browser.all(By.id("restore"))).isEmpty();
  }

  private HttpResponse<String> createByApi(String name, String workspace) {
    try {
      String body =
          new ObjectMapper().writeValueAsString(Map.of("name", name, "workspace", workspace));
      return send(
          request("/api/v1/deployments")
              .header("Content-Type", "application/json")
              .POST(HttpRequest.BodyPublishers.ofString(body)));
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  private String get(String path) {
    return send(request(path).GET()).body();
  }

  private HttpRequest.Builder request(String path) {
    return HttpRequest.newBuilder(URI.create(nspool.url() + path))
        .timeout(Duration.ofSeconds(60))
        .header("Authorization", "Bearer " + nspool.adminToken());
  }

  private static HttpResponse<String> send(HttpRequest.Builder request) {
    try {
      return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new AssertionError(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }
}
