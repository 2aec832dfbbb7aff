// Hash routes (they survive the OAuth redirect's query string) and the launch decision.

export type Route =
  | { view: "patients" }
  | { view: "patient"; patientId: string; sessionId?: string }
  | { view: "rems"; sessionId: string }
  | { view: "rems-tasks" }
  | { view: "questionnaire"; taskId: string }
  | { view: "none" };

const ID = "([A-Za-z0-9\\-.]{1,64})";

export function parseRoute(hash: string): Route {
  const path = hash.replace(/^#/, "");
  if (path === "" || path === "/") return { view: "none" };
  if (/^\/patients\/?$/.test(path)) return { view: "patients" };
  let m = new RegExp(`^/patient/${ID}/session/${ID}/?$`).exec(path);
  if (m) return { view: "patient", patientId: decodeURIComponent(m[1]), sessionId: decodeURIComponent(m[2]) };
  m = new RegExp(`^/patient/${ID}/?$`).exec(path);
  if (m) return { view: "patient", patientId: decodeURIComponent(m[1]) };
  if (/^\/rems\/?$/.test(path)) return { view: "rems-tasks" };
  m = new RegExp(`^/rems/${ID}/?$`).exec(path);
  if (m) return { view: "rems", sessionId: decodeURIComponent(m[1]) };
  m = new RegExp(`^/questionnaire/${ID}/?$`).exec(path);
  if (m) return { view: "questionnaire", taskId: decodeURIComponent(m[1]) };
  return { view: "none" };
}

export function routeHash(route: Route): string {
  switch (route.view) {
    case "patients":
      return "#/patients";
    case "patient":
      return route.sessionId ? `#/patient/${route.patientId}/session/${route.sessionId}` : `#/patient/${route.patientId}`;
    case "rems":
      return `#/rems/${route.sessionId}`;
    case "rems-tasks":
      return "#/rems";
    case "questionnaire":
      return `#/questionnaire/${route.taskId}`;
    case "none":
      return "";
  }
}

/**
 * Where to go once signed in: with a patient in context, that patient's view (a route within that patient, a REMS
 * form or a questionnaire to answer, is kept); otherwise the route asked for, or the patient list.
 */
export function initialRoute(wanted: Route, patientInContext: string | undefined): Route {
  if (patientInContext) {
    if (wanted.view === "patient" && wanted.patientId === patientInContext) return wanted;
    if (wanted.view === "rems" || wanted.view === "rems-tasks" || wanted.view === "questionnaire") return wanted;
    return { view: "patient", patientId: patientInContext };
  }
  return wanted.view === "none" ? { view: "patients" } : wanted;
}

export type LaunchMode =
  | { mode: "ready" }
  | { mode: "ehr"; iss: string; launch: string }
  | { mode: "standalone" };

/**
 * How the page was opened: back from the authorization server (code or state, or an error from it) or with a
 * fhirclient session already in this tab: complete it; with launch and iss: an EHR launch; else a standalone sign-in.
 */
export function launchMode(search: string, hasSession: boolean): LaunchMode {
  const q = new URLSearchParams(search);
  if (q.has("code") || q.has("state") || q.has("error")) return { mode: "ready" };
  const iss = q.get("iss");
  const launch = q.get("launch");
  if (iss && launch) return { mode: "ehr", iss, launch };
  if (hasSession) return { mode: "ready" };
  return { mode: "standalone" };
}

/** The app's own page, the redirect URI: origin and path, without query or hash. */
export function redirectUri(location: { origin: string; pathname: string }): string {
  return location.origin + location.pathname;
}

/** Whether the granted scopes include a user-level scope (user/...), i.e. a staff token. */
export function hasUserScopes(scope: string | undefined): boolean {
  return (scope ?? "").split(/\s+/).some((s) => s.startsWith("user/"));
}
