// The SPRAVATO REMS Patient Monitoring Form, filled from the $rems-summary Parameters.
import { formatNumber } from "./fhir";
import { param, paramValue, params, stringValue } from "./parameters";

export interface RemsField {
  /** The Parameters name, also the element's data-field. */
  name: string;
  label: string;
  /** The value as shown, or null when the server gave none. */
  value: string | null;
  /** Listed under "missing" by the server. */
  missing: boolean;
}

export interface RemsSection {
  title: string;
  fields: RemsField[];
}

export interface RemsForm {
  sections: RemsSection[];
  missing: string[];
}

export const CONCOMITANT_CLASSES: [string, string][] = [
  ["concomitant-benzodiazepines", "Benzodiazepines"],
  ["concomitant-non-benzodiazepine-hypnotics", "Non-benzodiazepine sleep medicines"],
  ["concomitant-psychostimulants", "Psychostimulants"],
  ["concomitant-maois", "Monoamine oxidase inhibitors (MAOIs)"],
  ["concomitant-opioids", "Opioids"],
];

/** The form's sections and fields, in the order of the REMS Patient Monitoring Form. */
export const REMS_LAYOUT: { title: string; fields: [string, string][] }[] = [
  {
    title: "Patient Information",
    fields: [
      ["patientFirstName", "First name"],
      ["patientLastName", "Last name"],
      ["patientBirthDate", "Date of birth"],
      ["patientSex", "Sex"],
    ],
  },
  {
    title: "Treatment",
    fields: [
      ["treatmentDate", "Treatment date"],
      ["doseAdministered", "Dose administered"],
      ["lotNumber", "Lot number"],
    ],
  },
  { title: "Concomitant Medication", fields: CONCOMITANT_CLASSES },
  {
    title: "Monitoring of Blood Pressure",
    fields: [
      ["bloodPressurePreDose", "Pre-dose"],
      ["bloodPressure40Minutes", "40 minutes post-dose"],
      ["bloodPressureBeforeCompletion", "Before completion of the monitoring period"],
    ],
  },
  {
    title: "Vital Signs",
    fields: [["vitalSignsAcceptableBeforeCompletion", "Vital signs acceptable before completion of monitoring"]],
  },
  {
    title: "Adverse Events",
    fields: [
      ["sedation", "Sedation observed during the monitoring period"],
      ["lossOfConsciousness", "Loss of consciousness (MOAA/S 0)"],
      ["dissociation", "Dissociation observed during the monitoring period"],
      ["respiratoryDepression", "Respiratory depression observed during the monitoring period"],
    ],
  },
  { title: "Treatment Duration", fields: [["totalMonitoringMinutes", "Total monitoring time"]] },
];

const SEX: Record<string, string> = { male: "Male", female: "Female", other: "Other", unknown: "Unknown" };

function show(name: string, value: unknown): string | null {
  if (value === undefined || value === null) return null;
  if (typeof value === "boolean") return value ? "Yes" : "No";
  if (name === "totalMonitoringMinutes" && typeof value === "number") return `${value} minutes`;
  if (name === "patientSex" && typeof value === "string") return SEX[value] ?? value;
  if (typeof value === "number") return formatNumber(value);
  if (typeof value === "string") return value;
  if (typeof value === "object" && "value" in (value as fhir4.Quantity)) {
    const q = value as fhir4.Quantity;
    return q.value === undefined ? null : `${formatNumber(q.value)} ${q.unit ?? q.code ?? ""}`.trim();
  }
  return JSON.stringify(value);
}

/** The form: every field of the layout with the server's value, and the fields listed under "missing" flagged. */
export function remsForm(parameters: fhir4.Parameters): RemsForm {
  const missing = params(parameters, "missing")
    .map((p) => stringValue(p))
    .filter((m): m is string => !!m);
  const sections = REMS_LAYOUT.map((section) => ({
    title: section.title,
    fields: section.fields.map(([name, label]) => {
      const value = show(name, paramValue(param(parameters, name)));
      return { name, label, value, missing: missing.includes(name) || value === null };
    }),
  }));
  return { sections, missing };
}
