// Client-side checks that mirror the server's, so a bad name is caught before a round trip. The
// server checks again and its message wins.

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

// A deployment is a Helm release, whose names Helm limits to 53 characters.
export const MAX_DEPLOYMENT_NAME = 53;
export const MAX_LABEL = 63;

export function dnsLabelRule(max) {
  return `a DNS-1123 label: lowercase letters, digits and '-', starting and ending with a letter or digit, at most ${max} characters`;
}

/** The problem with a name, or null when it is fine. */
export function dnsLabelProblem(field, value, max = MAX_LABEL) {
  if (!value) {
    return `${field} is required; it must be ${dnsLabelRule(max)}.`;
  }
  if (value.length > max || !DNS_LABEL.test(value)) {
    return `${field} "${value}" is not valid: it must be ${dnsLabelRule(max)}.`;
  }
  return null;
}
