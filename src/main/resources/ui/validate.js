// Client-side checks that mirror the server's, so a bad name is caught before a round trip. The
// server checks again and its message wins.

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
export const DNS_LABEL_RULE =
  "a DNS-1123 label: lowercase letters, digits and '-', starting and ending with a letter or digit, at most 63 characters";

/** The problem with a deployment or workspace name, or null when it is fine. */
export function dnsLabelProblem(field, value) {
  if (!value) {
    return `${field} is required; it must be ${DNS_LABEL_RULE}.`;
  }
  if (value.length > 63 || !DNS_LABEL.test(value)) {
    return `${field} "${value}" is not valid: it must be ${DNS_LABEL_RULE}.`;
  }
  return null;
}
