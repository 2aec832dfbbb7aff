// Turning a failed request into the message a person sees: the status and the server's OperationOutcome diagnostics.

/** The text of an OperationOutcome's issues: diagnostics, else details text, joined. */
export function operationOutcomeText(outcome: unknown): string | undefined {
  if (!outcome || typeof outcome !== "object") return undefined;
  const oo = outcome as fhir4.OperationOutcome;
  if (oo.resourceType !== "OperationOutcome") return undefined;
  const texts = (oo.issue ?? [])
    .map((i) => i.diagnostics ?? i.details?.text ?? i.details?.coding?.[0]?.display)
    .filter((t): t is string => !!t);
  return texts.length ? texts.join("; ") : undefined;
}

/** The first JSON object in a text (fhirclient appends the response body to its HttpError message). */
export function embeddedJson(text: string): unknown {
  const start = text.indexOf("{");
  if (start < 0) return undefined;
  try {
    return JSON.parse(text.slice(start));
  } catch {
    return undefined;
  }
}

const STATUS_TEXT: Record<number, string> = {
  400: "Bad request",
  401: "Not signed in or the session expired",
  403: "Not allowed",
  404: "Not found",
  409: "Conflict",
  410: "Gone",
  412: "Changed by someone else",
  422: "Unprocessable",
  500: "Server error",
};

/**
 * A failed request as text: "HTTP 403 Not allowed: <diagnostics>". Understands fhirclient's HttpError (status and the
 * body in its message), an error carrying an OperationOutcome, and plain errors.
 */
export function errorText(error: unknown): string {
  if (error && typeof error === "object") {
    const e = error as { status?: number; statusCode?: number; message?: string; outcome?: unknown; body?: unknown };
    const status = e.status ?? e.statusCode;
    const diagnostics =
      operationOutcomeText(e.outcome) ?? operationOutcomeText(e.body) ?? (e.message ? operationOutcomeText(embeddedJson(e.message)) : undefined);
    if (typeof status === "number") {
      const head = `HTTP ${status} ${STATUS_TEXT[status] ?? ""}`.trim();
      if (diagnostics) return `${head}: ${diagnostics}`;
      const json = e.message ? embeddedJson(e.message) : undefined;
      const oauth = json && typeof json === "object" ? (json as { error?: string; error_description?: string }) : undefined;
      if (oauth?.error) return `${head}: ${oauth.error}${oauth.error_description ? `: ${oauth.error_description}` : ""}`;
      return head;
    }
    if (diagnostics) return diagnostics;
    if (e.message) return e.message;
  }
  return String(error);
}

/** The HTTP status of a failed request, if known. */
export function errorStatus(error: unknown): number | undefined {
  if (error && typeof error === "object") {
    const e = error as { status?: number; statusCode?: number };
    return e.status ?? e.statusCode;
  }
  return undefined;
}
