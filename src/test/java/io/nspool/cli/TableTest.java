package io.nspool.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.nspool.api.model.DeploymentView;
import io.nspool.api.model.NamespaceView;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Tables and times for people")
class TableTest {
  private static final Instant NOW = Instant.parse("2025-06-01T12:00:00Z");

  @Test
  @DisplayName("columns line up on the widest cell, 3 spaces apart, no trailing blanks")
  void columnsAlign() {
    String text = new Table("NAME", "STATE").row("tenant-1", "free").row("t2", "claimed").render();

    assertThat(text).isEqualTo("NAME       STATE\ntenant-1   free\nt2         claimed\n");
  }

  @Test
  @DisplayName("an empty or missing cell shows as '-', and a multi-line cell stays on one line")
  void emptyCells() {
    String text = new Table("A", "B", "C").row(null, "", "two\nlines").render();

    assertThat(text.lines().toList().get(1)).isEqualTo("-   -   two lines");
  }

  @Test
  @DisplayName("ages read like kubectl's: seconds, minutes, hours, days")
  void ages() {
    assertThat(HumanTime.age("2025-06-01T11:59:18Z", NOW)).isEqualTo("42s");
    assertThat(HumanTime.age("2025-06-01T11:55:00Z", NOW)).isEqualTo("5m");
    assertThat(HumanTime.age("2025-06-01T09:00:00Z", NOW)).isEqualTo("3h");
    assertThat(HumanTime.age("2025-05-20T12:00:00Z", NOW)).isEqualTo("12d");
    assertThat(HumanTime.age("2025-06-01T11:00:00+02:00", NOW)).isEqualTo("3h");
    assertThat(HumanTime.duration(Duration.ofDays(800))).isEqualTo("2y");
  }

  @Test
  @DisplayName("future times read 'in 13d', past ones 'due'; none is empty, garbage is shown as is")
  void until() {
    assertThat(HumanTime.until("2025-06-14T12:00:00Z", NOW)).isEqualTo("in 13d");
    assertThat(HumanTime.until("2025-05-01T00:00:00Z", NOW)).isEqualTo("due");
    assertThat(HumanTime.until(null, NOW)).isEmpty();
    assertThat(HumanTime.age("yesterday", NOW)).isEqualTo("yesterday");
  }

  @Test
  @DisplayName(
      "the namespace table shows state, holder, age and purge time; hidden holders as in use")
  void namespaceTable() {
    String text =
        NamespaceCommand.table(
                List.of(
                    new NamespaceView(
                        "tenant-1",
                        "airflow",
                        "free",
                        true,
                        null,
                        "2025-06-01T11:00:00Z",
                        null,
                        null),
                    new NamespaceView(
                        "tenant-2",
                        "airflow",
                        "retained",
                        false,
                        "analytics",
                        "2025-05-31T12:00:00Z",
                        "2025-06-14T12:00:00Z",
                        null),
                    new NamespaceView(
                        "tenant-3",
                        "airflow",
                        "claimed",
                        false,
                        null,
                        "2025-06-01T11:58:00Z",
                        null,
                        null)),
                NOW)
            .render();

    assertThat(text)
        .isEqualTo(
            """
            NAME       POOL      STATE      AVAILABLE   DEPLOYMENT   SINCE   PURGE-AFTER   REASON
            tenant-1   airflow   free       yes         -            60m     -             -
            tenant-2   airflow   retained   no          analytics    24h     in 13d        -
            tenant-3   airflow   claimed    no          (in use)     2m      -             -
            """);
  }

  @Test
  @DisplayName(
      "a deployment's detail lists its fields, flattened values, components and conditions")
  void deploymentDetail() {
    DeploymentView d =
        new DeploymentView(
            "analytics",
            "data-team",
            "airflow",
            "tenant-2",
            java.util.List.of(),
            "Provisioning",
            null,
            Map.of("size", "medium", "core", Map.of("parallelism", 32)),
            new DeploymentView.Release(1, "airflow"),
            List.of(
                new DeploymentView.Component("scheduler", "Deployment", 1, 0, false),
                new DeploymentView.Component("webserver", "Deployment", 1, 1, true)),
            List.of(
                new DeploymentView.ConditionView(
                    "NamespaceClaimed",
                    "True",
                    "Claimed",
                    "claimed tenant-2",
                    "2025-06-01T11:59:00Z")),
            "2025-06-01T11:59:00Z");

    String text = DeploymentTables.detail(d, NOW);

    assertThat(text)
        .contains("Name:       analytics\n", "Namespace:  tenant-2\n")
        .contains("Created:    60s ago (2025-06-01T11:59:00Z)")
        .contains("Values:     core.parallelism=32\n            size=medium\n")
        .contains("  Deployment   scheduler   0/1\n")
        .contains("  NamespaceClaimed   True     Claimed   60s   claimed tenant-2\n");
    assertThat(DeploymentTables.ready(d)).isEqualTo("1/2");
  }
}
