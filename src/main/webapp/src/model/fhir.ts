// Small helpers over FHIR R4 JSON, shared by the models. No DOM, no network.

export const IG = "https://ketaminefhir.org/ig";
export const LOINC = "http://loinc.org";
export const SNOMED = "http://snomed.info/sct";
export const RXNORM = "http://www.nlm.nih.gov/research/umls/rxnorm";

/** Canonical URL of one of the IG's StructureDefinitions (profiles and extensions). */
export const sd = (name: string): string => `${IG}/StructureDefinition/${name}`;
/** Canonical URL of one of the IG's CodeSystems. */
export const cs = (name: string): string => `${IG}/CodeSystem/${name}`;

export const OBSERVATION_CODES = cs("ketamine-observation-codes");

type WithExtensions = { extension?: fhir4.Extension[] };

/** Whether the resource declares the IG profile (meta.profile, a version suffix "|1.0" ignored). */
export function declares(resource: { meta?: fhir4.Meta } | undefined, profile: string): boolean {
  const url = sd(profile);
  return (resource?.meta?.profile ?? []).some((p) => p.split("|")[0] === url);
}

export function hasCoding(concept: fhir4.CodeableConcept | undefined, system: string, code: string): boolean {
  return (concept?.coding ?? []).some((c) => c.system === system && c.code === code);
}

export function firstCoding(concept: fhir4.CodeableConcept | undefined): fhir4.Coding | undefined {
  return concept?.coding?.[0];
}

/** A concept as a person reads it: its text, else its first display, else its first code. */
export function conceptText(concept: fhir4.CodeableConcept | undefined): string {
  if (!concept) return "";
  if (concept.text) return concept.text;
  const withDisplay = (concept.coding ?? []).find((c) => c.display);
  if (withDisplay?.display) return withDisplay.display;
  return concept.coding?.[0]?.code ?? "";
}

export function extension(element: WithExtensions | undefined, url: string): fhir4.Extension | undefined {
  return element?.extension?.find((e) => e.url === url);
}

export function extensions(element: WithExtensions | undefined, url: string): fhir4.Extension[] {
  return element?.extension?.filter((e) => e.url === url) ?? [];
}

/** The value of a primitive extension or sub-extension, whatever its type. */
export function extensionValue(ext: fhir4.Extension | undefined): unknown {
  if (!ext) return undefined;
  for (const [key, value] of Object.entries(ext)) {
    if (key.startsWith("value")) return value;
  }
  return undefined;
}

/** The bare resource reference "Type/id" of a reference, without a base URL or history. */
export function referenceKey(reference: string | undefined): string | undefined {
  if (!reference) return undefined;
  const withoutHistory = reference.replace(/\/_history\/[^/]+$/, "");
  const parts = withoutHistory.split("/");
  if (parts.length < 2) return undefined;
  return `${parts[parts.length - 2]}/${parts[parts.length - 1]}`;
}

export function referenceId(reference: string | undefined): string | undefined {
  return referenceKey(reference)?.split("/")[1];
}

/** The resources of one or more search result Bundles (entries without a resource skipped), optionally of one type. */
export function bundleResources<T extends fhir4.FhirResource = fhir4.FhirResource>(
  bundles: fhir4.Bundle | fhir4.Bundle[],
  resourceType?: T["resourceType"],
): T[] {
  const list = Array.isArray(bundles) ? bundles : [bundles];
  const out: T[] = [];
  for (const bundle of list) {
    for (const entry of bundle.entry ?? []) {
      const resource = entry.resource;
      if (!resource) continue;
      if (resourceType && resource.resourceType !== resourceType) continue;
      if (entry.search?.mode === "outcome") continue;
      out.push(resource as T);
    }
  }
  return out;
}

/** The URL of a Bundle's "next" link, if any. */
export function nextLink(bundle: fhir4.Bundle): string | undefined {
  return bundle.link?.find((l) => l.relation === "next")?.url;
}

export function patientName(patient: fhir4.Patient | undefined): string {
  const name = patient?.name?.find((n) => n.use === "official") ?? patient?.name?.[0];
  if (!name) return patient?.id ? `Patient ${patient.id}` : "Unknown patient";
  if (name.text) return name.text;
  const given = (name.given ?? []).join(" ");
  return [given, name.family].filter(Boolean).join(" ") || (patient?.id ? `Patient ${patient.id}` : "Unknown patient");
}

/** Family name then given names, for sorting. */
export function patientSortName(patient: fhir4.Patient | undefined): string {
  const name = patient?.name?.find((n) => n.use === "official") ?? patient?.name?.[0];
  return [name?.family ?? "", ...(name?.given ?? [])].join(" ").trim().toLowerCase();
}

export function toTime(dateTime: string | undefined): number | undefined {
  if (!dateTime) return undefined;
  const t = Date.parse(dateTime);
  return Number.isNaN(t) ? undefined : t;
}

/** The effective time of an Observation as written (effectiveDateTime, else the start of effectivePeriod, else effectiveInstant). */
export function effectiveText(observation: fhir4.Observation): string | undefined {
  return observation.effectiveDateTime ?? observation.effectivePeriod?.start ?? observation.effectiveInstant;
}

/** A number with at most `digits` decimals, without trailing zeros. */
export function formatNumber(value: number, digits = 2): string {
  const rounded = Math.round(value * 10 ** digits) / 10 ** digits;
  return String(rounded);
}

/** A signed number with a real minus sign (U+2212) or a plus: "−15", "+3", "0". */
export function signed(value: number, digits = 2): string {
  if (value < 0) return `\u2212${formatNumber(-value, digits)}`;
  if (value > 0) return `+${formatNumber(value, digits)}`;
  return "0";
}
