// Calls to the Brisk API. Paths are absolute (/metrics/realtime): the dashboard is served by the
// same process on its own port and under /dashboard on the API port, and both serve the API.
// Every failure becomes an ApiError carrying the API's own message, never a silent null.

export class ApiError extends Error {
  constructor(message, { status = 0, code = "network", details = {}, path = "" } = {}) {
    super(message);
    this.name = "ApiError";
    this.status = status;
    this.code = code;
    this.details = details;
    this.path = path;
  }
}

// The operator's API key, when the service requires keys: kept for this browser session only
// (sessionStorage, per tab), sent as a header with every call, never put in a URL.
const KEY = "brisk.apiKey";

export const session = {
  key: () => sessionStorage.getItem(KEY) || "",
  logIn: (key) => sessionStorage.setItem(KEY, key),
  logOut: () => sessionStorage.removeItem(KEY),
};

function headers(body) {
  const h = body === undefined ? {} : { "Content-Type": "application/json" };
  const key = session.key();
  if (key) h.Authorization = `Bearer ${key}`;
  return h;
}

export async function api(path, { method = "GET", body, timeoutMs = 8000 } = {}) {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  let response;
  try {
    response = await fetch(path, {
      method,
      cache: "no-store",
      headers: headers(body),
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: controller.signal,
    });
  } catch (e) {
    const why = e.name === "AbortError" ? `no answer within ${timeoutMs / 1000} s` : "Brisk is not reachable";
    throw new ApiError(`${method} ${path}: ${why}`, { path });
  } finally {
    clearTimeout(timer);
  }
  const text = await response.text();
  let json = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {
    json = null;
  }
  if (!response.ok) {
    const error = json && json.error;
    // A key revoked (or a service that started requiring keys) while the page was open: ask again.
    if (response.status === 401) window.dispatchEvent(new CustomEvent("brisk:unauthorized"));
    throw new ApiError(
      error ? `${method} ${path}: ${error.message}` : `${method} ${path} answered HTTP ${response.status}`,
      { status: response.status, code: error ? error.code : `http_${response.status}`, details: error ? error.details : {}, path });
  }
  return json;
}

/** The API's OpenAPI document, read once: which endpoints this Brisk serves. */
let documented;
export function documentedPaths() {
  if (!documented) {
    documented = api("/openapi.json").then((doc) => new Set(Object.keys((doc && doc.paths) || {})));
    documented.catch(() => { documented = undefined; });
  }
  return documented;
}
