// Safety alerts (DetectedIssue raised by the server's vital-sign rules).
import { cs } from "./fhir";

export const SAFETY_ALERT = cs("safety-alert");

export interface OpenAlert {
  id: string;
  severity?: string;
  code?: string;
  codeText: string;
  detail: string;
  identified?: string;
  implicated: string[];
}

/** The open alerts (status preliminary), newest first. */
export function openAlerts(issues: fhir4.DetectedIssue[]): OpenAlert[] {
  return issues
    .filter((i) => i.status === "preliminary")
    .map((i) => {
      const coding = i.code?.coding?.find((c) => c.system === SAFETY_ALERT) ?? i.code?.coding?.[0];
      return {
        id: i.id ?? "",
        severity: i.severity,
        code: coding?.code,
        codeText: i.code?.text ?? coding?.display ?? humanize(coding?.code),
        detail: i.detail ?? "",
        identified: i.identifiedDateTime ?? i.identifiedPeriod?.start,
        implicated: (i.implicated ?? []).map((r) => r.reference ?? "").filter(Boolean),
      };
    })
    .sort((a, b) => (b.identified ?? "").localeCompare(a.identified ?? ""));
}

/** "heart-rate-out-of-range" as "Heart rate out of range". */
export function humanize(code: string | undefined): string {
  if (!code) return "";
  const words = code.replace(/[-_]+/g, " ").trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** The rule id a detail starts with ("VITALS-SESSION-BP: blood pressure ..." gives "VITALS-SESSION-BP"). */
export function ruleId(detail: string): string | undefined {
  const match = /^([A-Z0-9][A-Z0-9-]*):/.exec(detail);
  return match?.[1];
}

/**
 * The DetectedIssue as acknowledged: status final and author the signed-in user, everything else (meta included) as
 * read. The input is not changed.
 */
export function acknowledged(issue: fhir4.DetectedIssue, fhirUser: string | undefined): fhir4.DetectedIssue {
  const copy: fhir4.DetectedIssue = JSON.parse(JSON.stringify(issue));
  copy.status = "final";
  if (fhirUser) copy.author = { reference: fhirUser };
  return copy;
}

/** The fhirUser claim as a relative reference ("Practitioner/x"), whether the token gave it relative or absolute. */
export function fhirUserReference(fhirUser: string | null | undefined): string | undefined {
  if (!fhirUser) return undefined;
  const match = /([A-Za-z]+)\/([A-Za-z0-9\-.]{1,64})$/.exec(fhirUser.replace(/\/_history\/[^/]+$/, ""));
  return match ? `${match[1]}/${match[2]}` : fhirUser;
}
