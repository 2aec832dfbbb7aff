// The dashboard's configuration: ./config.json, written by the server beside index.html.

export interface VitalThresholds {
  sessionSystolicAtLeast: number;
  sessionDiastolicAtLeast: number;
  heartRateAbove: number;
  heartRateBelow: number;
  oxygenSaturationBelow: number;
  respiratoryRateBelow: number;
  respiratoryRateAbove: number;
}

export interface Thresholds {
  predoseBloodPressure: { systolicAbove: number; diastolicAbove: number };
  vitals: VitalThresholds;
  progress: { responseMinDrop: number; remissionMaxScore: Record<string, number> };
}

/** What a patient is shown at once when they answer PHQ-9 item 9 above "Not at all" (ketamine.dashboard.crisis). */
export interface CrisisInfo {
  text: string;
  contacts: { label: string; phone: string }[];
}

export interface AppConfig {
  fhirBase: string;
  clientId: string;
  clients: Record<string, string>;
  scopes: { staff: string; patient: string };
  thresholds: Thresholds;
  crisis: CrisisInfo;
}

/** Shown if config.json has no crisis block (a server older than the patient questionnaires). */
export const FALLBACK_CRISIS_TEXT =
  "If you are thinking about harming yourself, please contact your clinic or your local emergency number now.";

function fail(what: string): never {
  throw new Error(`config.json: ${what}`);
}

function str(value: unknown, path: string): string {
  if (typeof value !== "string" || value.trim() === "") fail(`${path} must be a non-empty string`);
  return value;
}

function num(value: unknown, path: string): number {
  if (typeof value !== "number" || !Number.isFinite(value)) fail(`${path} must be a number`);
  return value;
}

function obj(value: unknown, path: string): Record<string, unknown> {
  if (typeof value !== "object" || value === null || Array.isArray(value)) fail(`${path} must be an object`);
  return value as Record<string, unknown>;
}

/** Checks the shape of config.json and returns it typed; throws an Error naming the first wrong field. */
export function parseConfig(json: unknown): AppConfig {
  const root = obj(json, "the file");
  const scopes = obj(root.scopes, "scopes");
  const thresholds = obj(root.thresholds, "thresholds");
  const predose = obj(thresholds.predoseBloodPressure, "thresholds.predoseBloodPressure");
  const vitals = obj(thresholds.vitals, "thresholds.vitals");
  const progress = obj(thresholds.progress, "thresholds.progress");
  const clients = root.clients === undefined ? {} : obj(root.clients, "clients");
  const remission = obj(progress.remissionMaxScore ?? {}, "thresholds.progress.remissionMaxScore");
  const crisis = root.crisis === undefined ? {} : obj(root.crisis, "crisis");
  const contacts = crisis.contacts === undefined ? [] : crisis.contacts;
  if (!Array.isArray(contacts)) fail("crisis.contacts must be a list");
  const v = (name: keyof VitalThresholds) => num(vitals[name], `thresholds.vitals.${name}`);
  return {
    fhirBase: str(root.fhirBase, "fhirBase").replace(/\/+$/, ""),
    clientId: str(root.clientId, "clientId"),
    clients: Object.fromEntries(Object.entries(clients).map(([iss, id]) => [iss, str(id, `clients["${iss}"]`)])),
    scopes: { staff: str(scopes.staff, "scopes.staff"), patient: str(scopes.patient, "scopes.patient") },
    thresholds: {
      predoseBloodPressure: {
        systolicAbove: num(predose.systolicAbove, "thresholds.predoseBloodPressure.systolicAbove"),
        diastolicAbove: num(predose.diastolicAbove, "thresholds.predoseBloodPressure.diastolicAbove"),
      },
      vitals: {
        sessionSystolicAtLeast: v("sessionSystolicAtLeast"),
        sessionDiastolicAtLeast: v("sessionDiastolicAtLeast"),
        heartRateAbove: v("heartRateAbove"),
        heartRateBelow: v("heartRateBelow"),
        oxygenSaturationBelow: v("oxygenSaturationBelow"),
        respiratoryRateBelow: v("respiratoryRateBelow"),
        respiratoryRateAbove: v("respiratoryRateAbove"),
      },
      progress: {
        responseMinDrop: num(progress.responseMinDrop, "thresholds.progress.responseMinDrop"),
        remissionMaxScore: Object.fromEntries(
          Object.entries(remission).map(([code, max]) => [code, num(max, `thresholds.progress.remissionMaxScore["${code}"]`)]),
        ),
      },
    },
    crisis: {
      text: crisis.text === undefined ? FALLBACK_CRISIS_TEXT : str(crisis.text, "crisis.text"),
      contacts: contacts.map((c: unknown, i: number) => {
        const contact = obj(c, `crisis.contacts[${i}]`);
        return { label: str(contact.label, `crisis.contacts[${i}].label`), phone: str(contact.phone, `crisis.contacts[${i}].phone`) };
      }),
    },
  };
}

/** The client id to use with an EHR: the one registered for its FHIR base (trailing slash ignored), else the default. */
export function clientIdFor(config: AppConfig, iss: string): string {
  const trimmed = iss.replace(/\/+$/, "");
  for (const [base, id] of Object.entries(config.clients)) {
    if (base === iss || base.replace(/\/+$/, "") === trimmed) return id;
  }
  return config.clientId;
}
