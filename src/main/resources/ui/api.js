// The REST client (docs/api.md). Every request carries the session's token; every error becomes an
// ApiError holding the server's code and message, shown to the user as the server wrote it.

const TOKEN_KEY = "nspool.token";

export const session = {
  token: () => sessionStorage.getItem(TOKEN_KEY),
  save: (token) => sessionStorage.setItem(TOKEN_KEY, token),
  clear: () => sessionStorage.removeItem(TOKEN_KEY),
};

export class ApiError extends Error {
  constructor(status, code, message) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

let unauthenticated = () => {};

/** Called with the ApiError of any 401, except for requests made with {quiet: true}. */
export function onUnauthenticated(handler) {
  unauthenticated = handler;
}

async function request(method, path, options = {}) {
  const { body, signal, text = false, quiet = false } = options;
  const token = options.token ?? session.token();
  const headers = { Accept: text ? "text/plain" : "application/json" };
  if (token) {
    headers.Authorization = `Bearer ${token}`;
  }
  if (body !== undefined) {
    headers["Content-Type"] = "application/json";
  }
  let response;
  try {
    response = await fetch(`/api/v1${path}`, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      signal,
      cache: "no-store",
    });
  } catch (e) {
    if (e.name === "AbortError") {
      throw e;
    }
    throw new ApiError(0, "unreachable", `The nspool server cannot be reached (${e.message}).`);
  }
  if (!response.ok) {
    const error = await errorOf(response);
    if (signal && signal.aborted) {
      // The view that asked is gone (often because an earlier 401 already went to login).
      throw new DOMException("The view was closed", "AbortError");
    }
    if (response.status === 401 && !quiet) {
      unauthenticated(error);
    }
    throw error;
  }
  if (text) {
    return response.text();
  }
  const raw = await response.text();
  return raw ? JSON.parse(raw) : null;
}

async function errorOf(response) {
  let raw = "";
  try {
    raw = await response.text();
    const detail = JSON.parse(raw).error;
    if (detail && detail.message) {
      return new ApiError(response.status, detail.code || "unknown", detail.message);
    }
  } catch (e) {
    // Not nspool's error body (a proxy's page, say): fall through to the status line.
  }
  const reason = response.statusText || "request failed";
  return new ApiError(response.status, "http_" + response.status, `HTTP ${response.status}: ${reason}`);
}

const seg = encodeURIComponent;

function query(params) {
  const pairs = Object.entries(params).filter(([, v]) => v !== undefined && v !== null && v !== "");
  return pairs.length ? "?" + new URLSearchParams(pairs).toString() : "";
}

export const api = {
  whoami: (opts) => request("GET", "/whoami", opts),
  pools: (opts) => request("GET", "/pools", opts).then((r) => r.items),
  pool: (name, opts) => request("GET", `/pools/${seg(name)}`, opts),
  namespaces: ({ pool, available } = {}, opts) =>
    request("GET", "/namespaces" + query({ pool, available: available ? "true" : undefined }), opts).then(
      (r) => r.items,
    ),
  deployments: (opts) => request("GET", "/deployments", opts).then((r) => r.items),
  deployment: (name, opts) => request("GET", `/deployments/${seg(name)}`, opts),
  createDeployment: (body, opts) => request("POST", "/deployments", { ...opts, body }),
  deleteDeployment: (name, hard, opts) =>
    request("DELETE", `/deployments/${seg(name)}` + query({ hard: hard ? "true" : undefined }), opts),
  restoreDeployment: (name, opts) => request("POST", `/deployments/${seg(name)}/restore`, opts),
  events: (name, opts) => request("GET", `/deployments/${seg(name)}/events`, opts).then((r) => r.items),
  revisions: (name, opts) => request("GET", `/deployments/${seg(name)}/revisions`, opts).then((r) => r.items),
  logs: (name, { component, tail } = {}, opts) =>
    request("GET", `/deployments/${seg(name)}/logs` + query({ component, tail }), { ...opts, text: true }),
};
