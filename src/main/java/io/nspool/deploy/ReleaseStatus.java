package io.nspool.deploy;

import java.util.Objects;

/** The deployment's Helm release as last installed, and the attempts since. */
public class ReleaseStatus {
  private String name;
  private String chart;
  private Integer revision;

  /** Hash of chart and values of the installed revision: a different desired hash upgrades. */
  private String valuesHash;

  /** Failed attempts at the desired hash since the last success; drives the backoff. */
  private int attempts;

  private String lastAttemptTime;
  private String failedHash;

  /**
   * How the installed revision got past one an interrupted Helm operation had left pending (in
   * words), or null when nothing needed healing.
   */
  private String recovery;

  public String getName() {
    return name;
  }

  public void setName(String name) {
    this.name = name;
  }

  public String getChart() {
    return chart;
  }

  public void setChart(String chart) {
    this.chart = chart;
  }

  public Integer getRevision() {
    return revision;
  }

  public void setRevision(Integer revision) {
    this.revision = revision;
  }

  public String getValuesHash() {
    return valuesHash;
  }

  public void setValuesHash(String valuesHash) {
    this.valuesHash = valuesHash;
  }

  public int getAttempts() {
    return attempts;
  }

  public void setAttempts(int attempts) {
    this.attempts = attempts;
  }

  public String getLastAttemptTime() {
    return lastAttemptTime;
  }

  public void setLastAttemptTime(String lastAttemptTime) {
    this.lastAttemptTime = lastAttemptTime;
  }

  public String getFailedHash() {
    return failedHash;
  }

  public void setFailedHash(String failedHash) {
    this.failedHash = failedHash;
  }

  public String getRecovery() {
    return recovery;
  }

  public void setRecovery(String recovery) {
    this.recovery = recovery;
  }

  ReleaseStatus copy() {
    ReleaseStatus c = new ReleaseStatus();
    c.name = name;
    c.chart = chart;
    c.revision = revision;
    c.valuesHash = valuesHash;
    c.attempts = attempts;
    c.lastAttemptTime = lastAttemptTime;
    c.failedHash = failedHash;
    c.recovery = recovery;
    return c;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ReleaseStatus r
        && Objects.equals(name, r.name)
        && Objects.equals(chart, r.chart)
        && Objects.equals(revision, r.revision)
        && Objects.equals(valuesHash, r.valuesHash)
        && attempts == r.attempts
        && Objects.equals(lastAttemptTime, r.lastAttemptTime)
        && Objects.equals(failedHash, r.failedHash)
        && Objects.equals(recovery, r.recovery);
  }

  @Override
  public int hashCode() {
    return Objects.hash(
        name, chart, revision, valuesHash, attempts, lastAttemptTime, failedHash, recovery);
  }
}
