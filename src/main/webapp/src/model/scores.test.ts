import { describe, expect, it } from "vitest";
import { examples, THRESHOLDS } from "../test/igExamples";
import { parseProgress } from "./progress";
import { allPoints, isOutcomeScore, scoreLines, scoreSeriesFromObservations, scoreSeriesFromProgress, weeksBetween } from "./scores";

const observations = examples<fhir4.Observation>("Observation", "iv-");

describe("scoreSeriesFromObservations (IG example journey)", () => {
  const series = scoreSeriesFromObservations(observations, { "44261-6": { date: "2026-01-02T10:15:00Z", value: 21 } });

  it("has one series per instrument, in-session scores (CADSS, partOf a session) left out", () => {
    const codes = series.map((s) => s.code).sort();
    expect(codes).toContain("44261-6");
    expect(codes).toContain("70274-6");
    const cadss = observations.find((o) => o.id === "iv-s1-cadss");
    expect(cadss && isOutcomeScore(cadss)).toBe(false);
  });

  it("plots every PHQ-9 Observation at weeks since baseline", () => {
    const phq9 = series.find((s) => s.code === "44261-6");
    const expected = observations
      .filter((o) => o.code.coding?.[0]?.code === "44261-6")
      .map((o) => ({ date: o.effectiveDateTime, value: o.valueInteger }))
      .sort((a, b) => (a.date as string).localeCompare(b.date as string));
    expect(phq9?.points.map((p) => ({ date: p.date, value: p.value }))).toEqual(expected);
    expect(phq9?.points[0].x).toBe(0);
    // The typed examples: weeks 0, 1 and 3 (weeks 2 and 4 are derived from the patient's own responses on the server).
    expect(phq9?.points.map((p) => Math.round(p.x))).toEqual([0, 1, 3]);
  });

  it("counts x from the first score when there is no baseline", () => {
    const gad7 = series.find((s) => s.code === "70274-6");
    expect(gad7?.origin).toBe(gad7?.points[0].date);
    expect(gad7?.points[0].x).toBe(0);
  });
});

describe("scoreLines", () => {
  it.each([
    ["PHQ-9 baseline 21: response at 10.5, remission at 4", "44261-6", 21, [
      { instrument: "44261-6", kind: "response", y: 10.5 },
      { instrument: "44261-6", kind: "remission", y: 4 },
    ]],
    ["MADRS baseline 30: response at 15, remission at 10", "madrs", 30, [
      { instrument: "madrs", kind: "response", y: 15 },
      { instrument: "madrs", kind: "remission", y: 10 },
    ]],
    ["no baseline: remission line only", "70274-6", undefined, [{ instrument: "70274-6", kind: "remission", y: 4 }]],
    ["no remission configured, no baseline: nothing", "cadss", undefined, []],
  ])("%s", (_name, code, baseline, expected) => {
    expect(scoreLines([{ code, name: code, baseline, points: [] }], THRESHOLDS.progress)).toEqual(expected);
  });

  it("follows the configured response drop", () => {
    const lines = scoreLines([{ code: "44261-6", name: "PHQ-9", baseline: 20, points: [] }], { ...THRESHOLDS.progress, responseMinDrop: 0.4 });
    expect(lines[0]).toEqual({ instrument: "44261-6", kind: "response", y: 12 });
  });
});

describe("scoreSeriesFromProgress", () => {
  it("uses the operation's baseline date and scores", () => {
    const parameters: fhir4.Parameters = {
      resourceType: "Parameters",
      parameter: [
        {
          name: "instrument",
          part: [
            { name: "code", valueCoding: { system: "http://loinc.org", code: "44261-6" } },
            { name: "baseline", valueInteger: 21 },
            { name: "baselineDate", valueDateTime: "2026-01-02T10:15:00Z" },
            { name: "score", part: [{ name: "date", valueDateTime: "2026-01-16T10:00:00Z" }, { name: "value", valueInteger: 9 }] },
            { name: "score", part: [{ name: "date", valueDateTime: "2026-01-02T10:15:00Z" }, { name: "value", valueInteger: 21 }] },
          ],
        },
      ],
    };
    const series = scoreSeriesFromProgress(parseProgress(parameters));
    expect(series).toHaveLength(1);
    expect(series[0]).toMatchObject({ code: "44261-6", name: "PHQ-9", baseline: 21 });
    expect(allPoints(series).map((p) => [p.value, Math.round(p.x * 100) / 100])).toEqual([
      [21, 0],
      [9, weeksBetween("2026-01-02T10:15:00Z", "2026-01-16T10:00:00Z")].map((v) => Math.round(v * 100) / 100),
    ]);
  });
});
