// Start-up: read ./config.json, complete or start the SMART launch, then route by the URL hash.
import "./styles.css";
import FHIR from "fhirclient";
import type Client from "fhirclient/lib/Client";
import type { ViewContext, View } from "./context";
import { clear, h } from "./dom";
import { FhirApi } from "./fhirApi";
import { fhirUserReference } from "./model/alerts";
import { clientIdFor, parseConfig, type AppConfig } from "./model/config";
import { errorText } from "./model/errors";
import { hasUserScopes, initialRoute, launchMode, parseRoute, redirectUri, routeHash } from "./model/routes";
import { renderPatientList } from "./views/patientList";
import { renderPatientView } from "./views/patientView";
import { renderQuestionnaireForm } from "./views/questionnaireForm";
import { renderRems } from "./views/rems";
import { renderRemsTasks } from "./views/remsTasks";
import { renderSignIn } from "./views/signIn";

const ROUTE_KEY = "ketamine-dashboard.route";
const SMART_KEY = "SMART_KEY";

const main = document.getElementById("main") as HTMLElement;
const errorBox = document.querySelector<HTMLElement>("[data-testid=error]") as HTMLElement;
const noticeBox = document.querySelector<HTMLElement>("[data-testid=notice]") as HTMLElement;
const userBox = document.getElementById("user") as HTMLElement;
const nav = document.getElementById("nav") as HTMLElement;

function showError(error: unknown, prefix?: string): void {
  const text = errorText(error);
  errorBox.textContent = prefix ? `${prefix}: ${text}` : text;
  errorBox.hidden = false;
}

function clearError(): void {
  errorBox.textContent = "";
  errorBox.hidden = true;
}

let noticeTimer: number | undefined;
function showNotice(text: string): void {
  noticeBox.textContent = text;
  noticeBox.hidden = false;
  window.clearTimeout(noticeTimer);
  noticeTimer = window.setTimeout(() => {
    noticeBox.hidden = true;
    noticeBox.textContent = "";
  }, 8000);
}

async function loadConfig(): Promise<AppConfig> {
  const response = await fetch("./config.json", { cache: "no-store", headers: { Accept: "application/json" } });
  if (!response.ok) throw new Error(`Could not read config.json: HTTP ${response.status}`);
  return parseConfig(await response.json());
}

function rememberRoute(): void {
  if (location.hash) sessionStorage.setItem(ROUTE_KEY, location.hash);
  else sessionStorage.removeItem(ROUTE_KEY);
}

function takeRememberedRoute(): string | null {
  const hash = sessionStorage.getItem(ROUTE_KEY);
  sessionStorage.removeItem(ROUTE_KEY);
  return hash;
}

function signOut(): void {
  const stateKey = sessionStorage.getItem(SMART_KEY);
  if (stateKey) {
    try {
      sessionStorage.removeItem(JSON.parse(stateKey) as string);
    } catch {
      sessionStorage.removeItem(stateKey);
    }
  }
  sessionStorage.removeItem(SMART_KEY);
  sessionStorage.removeItem(ROUTE_KEY);
  location.replace(redirectUri(location));
}

async function authorize(config: AppConfig, scope: string, extra: { iss?: string; launch?: string } = {}): Promise<void> {
  const iss = extra.iss ?? config.fhirBase;
  await FHIR.oauth2.authorize({
    iss,
    ...(extra.launch ? { launch: extra.launch } : {}),
    clientId: extra.launch ? clientIdFor(config, iss) : config.clientId,
    scope,
    redirectUri: redirectUri(location),
  });
}

function showSignIn(config: AppConfig): void {
  userBox.textContent = "";
  clear(nav);
  clear(main);
  main.append(
    renderSignIn({
      onStaff: () => {
        rememberRoute();
        authorize(config, config.scopes.staff).catch((e) => showError(e, "Sign-in failed"));
      },
      onPatient: () => {
        rememberRoute();
        authorize(config, config.scopes.patient).catch((e) => showError(e, "Sign-in failed"));
      },
    }),
  );
}

function startApp(config: AppConfig, client: Client): void {
  const api = new FhirApi(client);
  const scope: string | undefined = client.state.tokenResponse?.scope;
  const patientInContext = client.patient.id ?? undefined;
  const staff = scope ? hasUserScopes(scope) : !patientInContext;
  const fhirUser = fhirUserReference(client.getFhirUser());

  userBox.textContent = fhirUser ? `Signed in as ${fhirUser}` : "Signed in";
  clear(nav);
  if (staff) nav.append(h("a", { href: "#/patients", id: "nav-patients" }, "Patients"), h("a", { href: "#/rems", id: "nav-rems" }, "REMS forms"));
  if (patientInContext) nav.append(h("a", { href: `#/patient/${patientInContext}` }, staff ? "Patient in context" : "My record"));
  nav.append(h("button", { type: "button", id: "sign-out", class: "link-button", onclick: signOut }, "Sign out"));

  let generation = 0;
  let view: View | undefined;

  const render = () => {
    const route = parseRoute(location.hash);
    if (route.view === "none") {
      location.replace(routeHash(initialRoute(route, patientInContext)));
      return;
    }
    // The same view may take the new route in place (e.g. opening another session's vitals of the same patient).
    if (view?.update?.(route)) return;
    generation++;
    const mine = generation;
    view?.destroy?.();
    view = undefined;
    clearError();
    noticeBox.hidden = true;
    clear(main);
    const context: ViewContext = {
      api,
      config,
      fhirUser,
      staff,
      patientInContext,
      showError,
      showNotice,
      isCurrent: () => mine === generation,
    };
    switch (route.view) {
      case "patients":
        view = renderPatientList(context, main);
        break;
      case "patient":
        view = renderPatientView(context, main, route);
        break;
      case "rems":
        view = renderRems(context, main, route.sessionId);
        break;
      case "rems-tasks":
        view = renderRemsTasks(context, main);
        break;
      case "questionnaire":
        view = renderQuestionnaireForm(context, main, route.taskId);
        break;
    }
  };

  window.addEventListener("hashchange", render);
  const remembered = takeRememberedRoute();
  const wanted = parseRoute(remembered ?? location.hash);
  const target = routeHash(initialRoute(wanted, patientInContext));
  if (location.hash !== target) {
    history.replaceState(null, "", `${redirectUri(location)}${location.search}${target}`);
  }
  render();
}

async function boot(): Promise<void> {
  let config: AppConfig;
  try {
    config = await loadConfig();
  } catch (e) {
    showError(e);
    return;
  }
  const mode = launchMode(location.search, sessionStorage.getItem(SMART_KEY) !== null);
  try {
    if (mode.mode === "ehr") {
      main.append(h("p", { class: "loading" }, "Connecting to the EHR\u2026"));
      rememberRoute();
      await authorize(config, `${config.scopes.staff} launch`, { iss: mode.iss, launch: mode.launch });
      return;
    }
    if (mode.mode === "ready") {
      main.append(h("p", { class: "loading" }, "Signing in\u2026"));
      const client = await FHIR.oauth2.ready();
      startApp(config, client);
      return;
    }
  } catch (e) {
    // A stale or broken session: forget it and offer to sign in again.
    sessionStorage.removeItem(SMART_KEY);
    if (location.search) history.replaceState(null, "", `${redirectUri(location)}${location.hash}`);
    showSignIn(config);
    showError(e, "Sign-in failed");
    return;
  }
  showSignIn(config);
}

void boot();
