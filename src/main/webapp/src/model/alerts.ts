// Safety alerts (DetectedIssue raised by the server's vital-sign rules).
import { cs } from "./fhir";

export const SAFETY_ALERT = cs("safety-alert");
export const SUICIDE_RISK_REVIEW = cs("suicide-risk-review");

/** The suicide-risk alerts (the server's SafetyAlert.SUICIDE_RISK): shown first, and reviewed rather than acknowledged. */
export const SUICIDE_RISK = ["suicide-risk-phq9-item9", "suicide-risk-high", "suicide-risk-moderate"];

/** The review actions of the IG's suicide-risk-review CodeSystem (what rule ALERT-REVIEW accepts). */
export const REVIEW_ACTIONS: { code: string; display: string }[] = [
  { code: "safety-plan", display: "Safety plan made or updated" },
  { code: "level-of-care-decided", display: "Level of care decided" },
  { code: "crisis-referral", display: "Referred to crisis services" },
  { code: "no-change", display: "Reviewed: no change to care" },
];

export interface OpenAlert {
  id: string;
  severity?: string;
  code?: string;
  codeText: string;
  detail: string;
  identified?: string;
  implicated: string[];
  /** A suicide-risk alert (code in SUICIDE_RISK of the safety-alert CodeSystem). */
  suicideRisk: boolean;
}

const SEVERITY_RANK: Record<string, number> = { high: 0, moderate: 1, low: 2 };

/** The open alerts (status preliminary): suicide-risk alerts first (high severity first), then newest first. */
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
        suicideRisk: (i.code?.coding ?? []).some((c) => c.system === SAFETY_ALERT && SUICIDE_RISK.includes(c.code ?? "")),
      };
    })
    .sort(
      (a, b) =>
        Number(b.suicideRisk) - Number(a.suicideRisk) ||
        (a.suicideRisk ? (SEVERITY_RANK[a.severity ?? ""] ?? 3) - (SEVERITY_RANK[b.severity ?? ""] ?? 3) : 0) ||
        (b.identified ?? "").localeCompare(a.identified ?? ""),
    );
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

/**
 * The suicide-risk alert as reviewed: a mitigation recording what was done (action from the suicide-risk-review
 * CodeSystem), when (now) and by whom (the signed-in practitioner), and status final, as rule ALERT-REVIEW asks;
 * everything else (meta and earlier mitigations included) as read. The input is not changed.
 */
export function reviewed(
  issue: fhir4.DetectedIssue,
  review: { action: string; note?: string; practitioner: string; now: Date },
): fhir4.DetectedIssue {
  const action = REVIEW_ACTIONS.find((a) => a.code === review.action);
  if (!action) throw new Error(`Unknown review action: ${review.action}`);
  const copy: fhir4.DetectedIssue = JSON.parse(JSON.stringify(issue));
  const note = review.note?.trim();
  copy.status = "final";
  copy.author = { reference: review.practitioner };
  copy.mitigation = [
    ...(copy.mitigation ?? []),
    {
      action: { coding: [{ system: SUICIDE_RISK_REVIEW, code: action.code, display: action.display }], ...(note ? { text: `${action.display}: ${note}` } : {}) },
      date: review.now.toISOString(),
      author: { reference: review.practitioner },
    },
  ];
  return copy;
}

/** Whether the signed-in user may record a review: ALERT-REVIEW wants a Practitioner as the mitigation's author. */
export function isPractitioner(fhirUser: string | undefined): fhirUser is string {
  return /^Practitioner\/[A-Za-z0-9\-.]{1,64}$/.test(fhirUser ?? "");
}
