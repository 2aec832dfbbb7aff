import { describe, expect, it } from "vitest";
import { errorStatus, errorText } from "./errors";

const outcome = { resourceType: "OperationOutcome", issue: [{ severity: "error", code: "forbidden", diagnostics: "Access denied by scope" }] };

describe("errorText", () => {
  it.each([
    ["fhirclient HttpError with the body in its message", { status: 403, message: `Forbidden\n\nURL: x\n\n${JSON.stringify(outcome)}` }, "HTTP 403 Not allowed: Access denied by scope"],
    ["an OAuth error body", { status: 400, message: 'Bad Request {"error":"invalid_grant","error_description":"expired"}' }, "HTTP 400 Bad request: invalid_grant: expired"],
    ["status only", { status: 412 }, "HTTP 412 Changed by someone else"],
    ["a plain error", new Error("network down"), "network down"],
    ["a string", "odd", "odd"],
  ])("%s", (_name, error, text) => expect(errorText(error)).toBe(text));

  it("reads the status", () => {
    expect(errorStatus({ status: 412 })).toBe(412);
    expect(errorStatus(new Error("x"))).toBeUndefined();
  });
});
