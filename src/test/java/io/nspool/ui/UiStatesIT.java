package io.nspool.ui;

import static io.nspool.ui.FakeNspoolServer.ADMIN_TOKEN;
import static io.nspool.ui.FakeNspoolServer.MEMBER_TOKEN;
import static io.nspool.ui.FakeNspoolServer.VIEWER_TOKEN;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

/**
 * The UI in a real headless Chromium against {@link FakeNspoolServer}: the states the real server
 * cannot be put into on demand (a permission error, a namespace lost between listing and creating,
 * a viewer, a revoked token) and a screenshot of every view. {@link UiIT} covers the same flows
 * against the real server.
 */
class UiStatesIT {
  private FakeNspoolServer fake;
  private Browser browser;

  private Browser start(FakeNspoolServer server, String token) {
    fake = server;
    browser = new Browser(fake.url());
    if (token != null) {
      browser.logIn(token);
    }
    return browser;
  }

  @AfterEach
  void stop() {
    if (browser != null) {
      browser.close();
    }
    if (fake != null) {
      fake.close();
    }
  }

  @Test
  @DisplayName("An unknown token stays on the login form with the server's message")
  void unknownTokenShowsServersMessage() {
    Browser b = start(FakeNspoolServer.demo(new FakeNspoolServer()), null);
    b.open("");
    b.waitFor(By.id("token")).sendKeys("not-a-token");
    b.driver().findElement(By.id("sign-in")).click();

    b.waitForText(By.id("login-message"), "unknown token: ask an admin for a token");
    assertThat(b.all(By.id("whoami"))).isEmpty();
    b.screenshot("login-error");
  }

  @Test
  @DisplayName("whoami shows the user and role; logging out forgets the token")
  void whoamiAndLogout() {
    Browser b = start(FakeNspoolServer.demo(new FakeNspoolServer()), MEMBER_TOKEN);

    assertThat(b.waitFor(By.id("whoami-name")).getText()).isEqualTo("maria");
    assertThat(b.driver().findElement(By.id("whoami-role")).getText())
        .isEqualToIgnoringCase("member");
    b.driver().findElement(By.id("logout")).click();
    b.waitFor(By.id("token"));
    b.open("#/deployments");
    b.waitFor(By.id("token"));
    assertThat(b.driver().executeScript("return sessionStorage.length")).isEqualTo(0L);
  }

  @Test
  @DisplayName("The create form prefills the only workspace and creates into the chosen namespace")
  void createsThroughNamespaceDropdown() {
    Browser b =
        start(new FakeNspoolServer().pool("airflow", "14d", "tenant-1", "tenant-2"), MEMBER_TOKEN);
    b.open("#/deployments/new");
    b.select(By.id("namespace"), "tenant-2");
    assertThat(b.driver().findElement(By.id("workspace")).getDomProperty("value"))
        .isEqualTo("data-team");
    b.driver().findElement(By.id("name")).sendKeys("analytics");
    new Select(b.driver().findElement(By.id("size"))).selectByValue("medium");
    b.screenshot("fake-create-form");
    b.driver().findElement(By.id("create-submit")).click();

    b.waitForText(By.id("fact-namespace"), "tenant-2");
    b.driver().findElement(By.id("nav-deployments")).click();
    WebElement row = b.waitFor(By.cssSelector("[data-deployment='analytics']"));
    assertThat(row.getText()).contains("data-team", "tenant-2", "Provisioning");
  }

  @Test
  @DisplayName(
      "The chart dropdown lists the pool's catalogue with its default preselected, and creates"
          + " with the chart chosen; the bundled chart's size field shows only for it")
  void createsThroughChartDropdown() {
    FakeNspoolServer fake =
        new FakeNspoolServer()
            .pool("airflow", "14d", "tenant-1", "tenant-2")
            .charts(
                "airflow",
                new io.nspool.api.model.PoolView.Chart(
                    "official", "repository", "https://charts.example airflow", "1.15.0", true),
                new io.nspool.api.model.PoolView.Chart(
                    "mirror", "oci", "oci://registry.example/charts/airflow", "1.15.0", false),
                new io.nspool.api.model.PoolView.Chart("airflow", "bundled", null, null, false));
    Browser b = start(fake, MEMBER_TOKEN);
    b.open("#/deployments/new");
    b.select(By.id("namespace"), "tenant-1");

    assertThat(b.optionValues("chart")).containsExactly("official", "mirror", "airflow");
    Select chart = new Select(b.driver().findElement(By.id("chart")));
    assertThat(chart.getFirstSelectedOption().getText()).isEqualTo("official 1.15.0 (default)");
    assertThat(b.driver().findElement(By.id("chart-hint")).getText())
        .contains("Helm repository https://charts.example airflow, version 1.15.0");
    assertThat(b.driver().findElement(By.id("size-field")).isDisplayed()).isFalse();
    chart.selectByValue("airflow");
    assertThat(b.driver().findElement(By.id("size-field")).isDisplayed()).isTrue();
    chart.selectByValue("mirror");
    assertThat(b.driver().findElement(By.id("chart-hint")).getText())
        .contains("OCI registry oci://registry.example/charts/airflow");
    b.driver().findElement(By.id("name")).sendKeys("reports");
    b.screenshot("fake-create-form-charts");
    b.driver().findElement(By.id("create-submit")).click();

    b.waitForText(By.id("fact-namespace"), "tenant-1");
    assertThat(fake.deploymentView("reports").chart()).isEqualTo("mirror");
    assertThat(fake.deploymentView("reports").values()).isEmpty();
  }

  @Test
  @DisplayName("A name that is not a DNS-1123 label is refused with the rule, before any request")
  void invalidNameShowsTheRule() {
    Browser b = start(new FakeNspoolServer().pool("airflow", "14d", "tenant-1"), ADMIN_TOKEN);
    b.open("#/deployments/new");
    b.select(By.id("namespace"), "tenant-1");
    b.driver().findElement(By.id("name")).sendKeys("Bad_Name");
    b.driver().findElement(By.id("workspace")).sendKeys("data-team");
    b.driver().findElement(By.id("create-submit")).click();

    b.waitForText(By.id("name-problem"), "DNS-1123 label");
    assertThat(b.driver().findElement(By.id("name-problem")).getText())
        .contains("name \"Bad_Name\" is not valid", "lowercase letters, digits and '-'");
    b.open("#/deployments");
    assertThat(b.waitFor(By.id("deployments")).getText()).contains("No deployments yet");
  }

  @Test
  @DisplayName("With every namespace in use the form says so and cannot be submitted")
  void exhaustedPoolDisablesSubmit() {
    Browser b =
        start(
            new FakeNspoolServer()
                .pool("airflow", "14d", "tenant-1", "tenant-2")
                .deployment(
                    "a", "data-team", "tenant-1", "Ready", FakeNspoolServer.readyConditions())
                .deployment(
                    "b", "data-team", "tenant-2", "Retained", FakeNspoolServer.readyConditions()),
            ADMIN_TOKEN);
    b.open("#/deployments/new");

    WebElement message = b.waitFor(By.id("pool-exhausted"));
    assertThat(message.getText())
        .contains(
            "no kubernetes namespaces are available in pool \"airflow\": all 2 namespaces are in"
                + " use (1 claimed, 1 retained)");
    assertThat(b.driver().findElement(By.id("create-submit")).isEnabled()).isFalse();
    b.screenshot("fake-create-form-exhausted");
  }

  @Test
  @DisplayName(
      "A pool exhausted between listing and creating shows the server's text and disables submit")
  void exhaustedOnSubmitShowsServersText() {
    Browser b = start(new FakeNspoolServer().pool("airflow", "14d", "tenant-1"), ADMIN_TOKEN);
    b.open("#/deployments/new");
    b.select(By.id("namespace"), "");
    fake.takeMeanwhile("tenant-1");
    b.driver().findElement(By.id("name")).sendKeys("late");
    b.driver().findElement(By.id("workspace")).sendKeys("data-team");
    b.driver().findElement(By.id("create-submit")).click();

    b.waitForText(
        By.id("pool-exhausted"),
        "no kubernetes namespaces are available in pool \"airflow\": all 1 namespaces are in use"
            + " (1 claimed). Delete a deployment");
    assertThat(b.driver().findElement(By.id("create-submit")).isEnabled()).isFalse();
  }

  @Test
  @DisplayName("A namespace taken between listing and creating: the server's message, a fresh list")
  void takenNamespaceShowsServersMessageAndRefreshesTheList() {
    Browser b =
        start(new FakeNspoolServer().pool("airflow", "14d", "tenant-1", "tenant-2"), ADMIN_TOKEN);
    b.open("#/deployments/new");
    b.select(By.id("namespace"), "tenant-1");
    fake.takeMeanwhile("tenant-1");
    b.driver().findElement(By.id("name")).sendKeys("late");
    b.driver().findElement(By.id("workspace")).sendKeys("data-team");
    b.driver().findElement(By.id("create-submit")).click();

    b.waitForText(By.id("form-error"), "namespace \"tenant-1\" is not available: claimed");
    b.waitUntil(
        d ->
            new Select(d.findElement(By.id("namespace")))
                .getOptions().stream().noneMatch(o -> o.getText().equals("tenant-1")));
    assertThat(b.driver().findElement(By.id("create-submit")).isEnabled()).isTrue();
  }

  @Test
  @DisplayName("Viewers see deployments and pools but no create, delete or restore buttons")
  void viewerCannotChangeAnything() {
    Browser b = start(FakeNspoolServer.demo(new FakeNspoolServer()), VIEWER_TOKEN);
    b.open("#/deployments/etl-nightly");
    b.waitFor(By.id("facts"));

    assertThat(b.all(By.id("nav-new"))).isEmpty();
    assertThat(b.all(By.id("delete"))).isEmpty();
    assertThat(b.all(By.id("restore"))).isEmpty();
    b.open("#/deployments/new");
    b.waitFor(By.id("deployments"));
    assertThat(b.driver().getCurrentUrl()).endsWith("#/deployments");
  }

  @Test
  @DisplayName("The detail lists the release's revisions, newest first, with Helm's status")
  void revisionsNewestFirst() {
    Browser b = start(FakeNspoolServer.demo(new FakeNspoolServer()), ADMIN_TOKEN);
    b.open("#/deployments/etl-nightly");

    b.waitFor(By.cssSelector("#revisions [data-revision='1']"));
    List<WebElement> rows = b.all(By.cssSelector("#revisions tbody tr"));
    assertThat(rows).hasSize(2);
    assertThat(rows.get(0).getText()).startsWith("2").contains("deployed", "Upgrade complete");
    assertThat(rows.get(1).getText()).startsWith("1").contains("superseded", "Install complete");
  }

  @Test
  @DisplayName("Condition messages appear verbatim, as text: markup in them is never interpreted")
  void conditionMessagesAreShownVerbatim() {
    Browser b = start(FakeNspoolServer.demo(new FakeNspoolServer()), ADMIN_TOKEN);
    b.open("#/deployments/etl-nightly");

    WebElement installed = b.waitFor(By.cssSelector("[data-condition='Installed']"));
    assertThat(installed.getText())
        .contains("PermissionDenied")
        .contains(
            "serviceaccounts is forbidden: User \"system:serviceaccount:nspool-system:nspool\""
                + " cannot create resource \"serviceaccounts\"")
        .contains("<script>alert(1)</script>");
    assertThat(b.all(By.cssSelector("#main script"))).isEmpty();
    b.waitForText(By.id("logs"), "<b>not bold</b>");
    assertThat(b.all(By.cssSelector("#logs b"))).isEmpty();
    // Every line shows its namespace/pod/container label apart from the text.
    List<WebElement> lines = b.all(By.cssSelector("#logs .log-line"));
    assertThat(lines).hasSize(2);
    assertThat(lines)
        .allSatisfy(
            l -> {
              assertThat(l.getAttribute("data-pod")).isEqualTo("etl-nightly-scheduler-7d9-x2");
              assertThat(l.getAttribute("data-namespace")).isNotBlank();
              assertThat(l.findElement(By.cssSelector(".log-source")).getText())
                  .endsWith("/etl-nightly-scheduler-7d9-x2/scheduler");
            });
    b.waitFor(By.cssSelector("#events [data-namespace]"));
    b.screenshot("detail-degraded");
  }

  @Test
  @DisplayName("Soft delete keeps the namespace retained and restorable; restore brings it back")
  void softDeleteThenRestore() {
    Browser b = start(FakeNspoolServer.demo(new FakeNspoolServer()), ADMIN_TOKEN);
    b.open("#/deployments/analytics");
    b.waitFor(By.id("delete")).click();

    WebElement dialog = b.waitFor(By.id("delete-dialog"));
    assertThat(dialog.getText())
        .contains("keeps tenant-1 with everything in it until the pool's retention (14d)")
        .contains("returns the namespace to the pool");
    b.screenshot("delete-dialog");
    b.driver().findElement(By.id("delete-confirm")).click();

    b.waitFor(By.id("retained-notice"));
    assertThat(b.driver().findElement(By.id("phase")).getText()).isEqualTo("Retained");
    b.screenshot("detail-retained");
    b.driver().findElement(By.id("restore")).click();
    b.waitForText(By.id("phase"), "Provisioning");
  }

  @Test
  @DisplayName("Hard delete scrubs the namespace and frees it in the pool")
  void hardDeleteFreesTheNamespace() {
    Browser b = start(FakeNspoolServer.demo(new FakeNspoolServer()), ADMIN_TOKEN);
    b.open("#/deployments/analytics");
    b.waitFor(By.id("delete")).click();
    b.waitFor(By.cssSelector("[data-choice='hard']")).click();
    assertThat(b.driver().findElement(By.id("delete-confirm")).getText()).isEqualTo("Hard delete");
    b.driver().findElement(By.id("delete-confirm")).click();

    b.waitForText(By.id("gone"), "analytics was deleted");
    b.open("#/pools");
    b.waitForText(By.cssSelector("[data-namespace='tenant-1']"), "free");
  }

  @Test
  @DisplayName("A token revoked mid-session sends the user back to login with the server's message")
  void revokedTokenReturnsToLogin() {
    Browser b = start(FakeNspoolServer.demo(new FakeNspoolServer()), ADMIN_TOKEN);
    b.driver().executeScript("sessionStorage.setItem('nspool.token', 'revoked')");
    b.open("#/pools");

    b.waitForText(By.id("login-message"), "unknown token");
  }

  @Test
  @DisplayName("A dynamic pool's card names the label selector that chooses its namespaces")
  void dynamicPoolShowsItsSelector() {
    FakeNspoolServer server = new FakeNspoolServer().pool("labelled", "14d");
    server.selector("labelled", "nspool.io/pool=labelled");
    Browser b = start(server, ADMIN_TOKEN);
    b.open("#/pools");

    WebElement card = b.waitFor(By.cssSelector("[data-pool='labelled']"));
    assertThat(card.getText())
        .contains(
            "namespaces labelled nspool.io/pool=labelled",
            "No namespace is labelled nspool.io/pool=labelled yet.");
  }

  @Test
  @DisplayName("The pool overview shows counts per state and every namespace with its reason")
  void poolOverview() {
    Browser b = start(FakeNspoolServer.demo(new FakeNspoolServer()), ADMIN_TOKEN);
    b.open("#/pools");

    WebElement quarantined = b.waitFor(By.cssSelector("[data-namespace='tenant-6']"));
    assertThat(quarantined.getText()).contains("quarantined", "scrub could not verify");
    assertThat(b.driver().findElement(By.cssSelector("[data-count='claimed']")).getText())
        .startsWith("2");
    assertThat(b.driver().findElement(By.cssSelector("[data-namespace='tenant-3']")).getText())
        .contains("retained", "reports");
    b.screenshot("pools");
    b.open("#/deployments");
    b.waitFor(By.cssSelector("[data-deployment='analytics']"));
    b.screenshot("deployments");
  }
}
