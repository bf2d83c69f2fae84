package io.nspool.pool;

/**
 * The naming rules nspool's objects share, as constants so the CRD annotations, the controller and
 * the REST API state one rule each: Kubernetes' DNS-1123 label, and Helm's limit on release names.
 */
public final class Names {
  /** A DNS-1123 label: lowercase letters, digits and '-', starting and ending alphanumerically. */
  public static final String DNS_LABEL = "^[a-z0-9]([-a-z0-9]*[a-z0-9])?$";

  /** Kubernetes' limit for a DNS-1123 label: namespaces, pools, workspaces. */
  public static final int MAX_LABEL = 63;

  /** A DNS-1123 subdomain: labels joined by dots (Secret names). */
  public static final String DNS_SUBDOMAIN =
      "^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$";

  /** Kubernetes' limit for a DNS-1123 subdomain. */
  public static final int MAX_SUBDOMAIN = 253;

  /** Helm release names are limited to 53 characters; a deployment is its release. */
  public static final int MAX_DEPLOYMENT_NAME = 53;

  private Names() {}
}
