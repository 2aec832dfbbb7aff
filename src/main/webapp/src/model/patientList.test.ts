import { describe, expect, it } from "vitest";
import { example } from "../test/igExamples";
import { patientRow, phaseFromProgress, phq9Text, sessionsText, sortRows, type PatientRow } from "./patientList";
import type { Progress } from "./progress";

const progress = (completed: { phase: string; count: number }[], extra: Partial<Progress> = {}): Progress => ({
  instruments: [],
  sessionsCompleted: completed,
  sideEffects: [],
  openSafetyIssueRefs: [],
  ...extra,
});

describe("phaseFromProgress", () => {
  it.each([
    ["no session: screening", [], "screening"],
    ["induction only", [{ phase: "induction", count: 3 }], "induction"],
    ["maintenance after induction", [{ phase: "induction", count: 6 }, { phase: "maintenance", count: 1 }], "maintenance"],
    ["zero counts are no sessions", [{ phase: "induction", count: 0 }], "screening"],
  ])("%s", (_name, completed, phase) => expect(phaseFromProgress(progress(completed))).toBe(phase));
});

describe("patientRow (IG example patient and plan)", () => {
  const patient = example<fhir4.Patient>("Patient", "patient-iv");
  const plan = example<fhir4.CarePlan>("CarePlan", "iv-plan");
  const row = patientRow(
    patient,
    progress([{ phase: "induction", count: 6 }], {
      instruments: [{ code: "44261-6", latest: 6, change: -15, baselineMissing: false, scores: [] }],
      openSafetyIssues: 2,
      nextSessionDue: "2026-02-01T09:00:00Z",
    }),
    [plan],
  );
  it("reads the figures", () => {
    expect(row).toMatchObject({ id: "patient-iv", phase: "induction", done: 6, phq9: 6, phq9Change: -15, alerts: 2 });
    expect(row.planned).toBeGreaterThanOrEqual(6);
    expect(phq9Text(row)).toBe("6 (\u221215)");
    expect(sessionsText(row)).toBe(`6 / ${row.planned}`);
  });
});

describe("sortRows", () => {
  const rows: PatientRow[] = [
    { id: "a", name: "Ann Avery", sortName: "avery ann", phq9: 10, alerts: 0 },
    { id: "b", name: "Bob Brown", sortName: "brown bob", alerts: 2 },
    { id: "c", name: "Cy Cole", sortName: "cole cy", phq9: 3, alerts: 2 },
  ];
  it.each([
    ["name ascending", "name", "ascending", ["a", "b", "c"]],
    ["name descending", "name", "descending", ["c", "b", "a"]],
    ["PHQ-9 ascending, missing last", "phq9", "ascending", ["c", "a", "b"]],
    ["PHQ-9 descending, missing still last", "phq9", "descending", ["a", "c", "b"]],
    ["alerts descending, ties by name", "alerts", "descending", ["b", "c", "a"]],
  ] as const)("%s", (_name, col, dir, ids) => {
    expect(sortRows(rows, col, dir).map((r) => r.id)).toEqual(ids);
  });
});
