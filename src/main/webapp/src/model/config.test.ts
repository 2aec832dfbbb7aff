import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { clientIdFor, parseConfig } from "./config";

const sample = JSON.parse(readFileSync(new URL("../../sample-config.json", import.meta.url), "utf8"));

describe("parseConfig", () => {
  it("reads the sample, trailing slash of the base removed", () => {
    const config = parseConfig({ ...sample, fhirBase: "http://h/fhir/" });
    expect(config.fhirBase).toBe("http://h/fhir");
    expect(config.thresholds.vitals.oxygenSaturationBelow).toBe(92);
    expect(config.thresholds.progress.remissionMaxScore["44261-6"]).toBe(4);
  });

  it.each([
    ["no clientId", { ...sample, clientId: undefined }, "clientId must be a non-empty string"],
    ["threshold not a number", { ...sample, thresholds: { ...sample.thresholds, vitals: { ...sample.thresholds.vitals, heartRateAbove: "110" } } }, "thresholds.vitals.heartRateAbove must be a number"],
    ["not an object", [], "the file must be an object"],
  ])("names the wrong field: %s", (_name, json, message) => {
    expect(() => parseConfig(json)).toThrow(message);
  });

  it("reads the crisis information", () => {
    const config = parseConfig(sample);
    expect(config.crisis.contacts[0]).toEqual({ label: "988 Suicide & Crisis Lifeline (United States only: call or text)", phone: "988" });
    expect(config.crisis.text).toContain("harming yourself");
  });

  it("without a crisis block, a fallback text and no numbers", () => {
    const config = parseConfig({ ...sample, crisis: undefined });
    expect(config.crisis.contacts).toEqual([]);
    expect(config.crisis.text).not.toBe("");
  });

  it("names a wrong crisis contact", () => {
    expect(() => parseConfig({ ...sample, crisis: { text: "x", contacts: [{ label: "A" }] } })).toThrow("crisis.contacts[0].phone must be a non-empty string");
  });

  it("clients are optional", () => {
    expect(parseConfig({ ...sample, clients: undefined }).clients).toEqual({});
  });
});

describe("clientIdFor", () => {
  const config = parseConfig(sample);
  it.each([
    ["https://some-ehr.example/fhir", "their-client-id"],
    ["https://some-ehr.example/fhir/", "their-client-id"],
    ["https://other.example/fhir", "ketamine-dashboard"],
  ])("%s gives %s", (iss, id) => {
    expect(clientIdFor(config, iss)).toBe(id);
  });
});
