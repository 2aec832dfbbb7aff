import { describe, expect, it } from "vitest";
import { hasUserScopes, initialRoute, launchMode, parseRoute, redirectUri, routeHash, type Route } from "./routes";

describe("routes", () => {
  it.each<[string, Route]>([
    ["", { view: "none" }],
    ["#/", { view: "none" }],
    ["#/patients", { view: "patients" }],
    ["#/patient/patient-iv", { view: "patient", patientId: "patient-iv" }],
    ["#/patient/patient-iv/session/iv-session-3", { view: "patient", patientId: "patient-iv", sessionId: "iv-session-3" }],
    ["#/rems/esk-session-1", { view: "rems", sessionId: "esk-session-1" }],
    ["#/rems", { view: "rems-tasks" }],
    ["#/questionnaire/task-1", { view: "questionnaire", taskId: "task-1" }],
    ["#/patient/../../etc", { view: "none" }],
    ["#/unknown", { view: "none" }],
  ])("parses %j", (hash, route) => {
    expect(parseRoute(hash)).toEqual(route);
    if (route.view !== "none") expect(routeHash(route)).toBe(hash);
  });

  it.each<[string, Route, string | undefined, Route]>([
    ["staff, nothing asked: the list", { view: "none" }, undefined, { view: "patients" }],
    ["staff keeps the route asked for", { view: "patient", patientId: "a" }, undefined, { view: "patient", patientId: "a" }],
    ["patient context overrides another patient", { view: "patient", patientId: "a" }, "b", { view: "patient", patientId: "b" }],
    ["patient context overrides the list", { view: "patients" }, "b", { view: "patient", patientId: "b" }],
    ["patient context keeps its own session", { view: "patient", patientId: "b", sessionId: "s" }, "b", { view: "patient", patientId: "b", sessionId: "s" }],
    ["patient context keeps a REMS form (the server decides)", { view: "rems", sessionId: "s" }, "b", { view: "rems", sessionId: "s" }],
    ["patient context keeps a questionnaire to answer", { view: "questionnaire", taskId: "t" }, "b", { view: "questionnaire", taskId: "t" }],
  ])("initial route: %s", (_name, wanted, patient, expected) => {
    expect(initialRoute(wanted, patient)).toEqual(expected);
  });

  it.each([
    ["?code=abc&state=xyz", false, { mode: "ready" }],
    ["?error=access_denied&state=xyz", false, { mode: "ready" }],
    ["?launch=L1&iss=https%3A%2F%2Fehr.example%2Ffhir", false, { mode: "ehr", iss: "https://ehr.example/fhir", launch: "L1" }],
    ["?launch=L1", false, { mode: "standalone" }],
    ["", true, { mode: "ready" }],
    ["", false, { mode: "standalone" }],
  ])("launch mode of %j (session %s)", (search, hasSession, expected) => {
    expect(launchMode(search, hasSession)).toEqual(expected);
  });

  it("redirect URI is origin and path only", () => {
    expect(redirectUri({ origin: "http://127.0.0.1:8080", pathname: "/dashboard/" })).toBe("http://127.0.0.1:8080/dashboard/");
  });

  it.each([
    ["openid user/Patient.rs", true],
    ["openid patient/*.rs launch/patient", false],
    [undefined, false],
  ])("user scopes in %j: %s", (scope, expected) => {
    expect(hasUserScopes(scope)).toBe(expected);
  });
});
