// What every view gets from the shell.
import type { FhirApi } from "./fhirApi";
import type { AppConfig } from "./model/config";
import type { Route } from "./model/routes";

export interface ViewContext {
  api: FhirApi;
  config: AppConfig;
  /** The signed-in user as a relative reference ("Practitioner/demo-clinician"), if the token names one. */
  fhirUser?: string;
  /** The token has user-level (staff) scopes: may list patients and acknowledge alerts. */
  staff: boolean;
  /** The patient in the token's context, if any. */
  patientInContext?: string;
  /** Shows an error (with the server's OperationOutcome diagnostics) in [data-testid=error]. */
  showError(error: unknown, prefix?: string): void;
  /** Shows a short confirmation in [data-testid=notice]. */
  showNotice(text: string): void;
  /** Whether the view that asked is still the one on screen (a later navigation makes it stale). */
  isCurrent(): boolean;
}

/** A view on screen: it may take a new route in place (e.g. another session of the same patient) and is torn down after. */
export interface View {
  update?(route: Route): boolean;
  destroy?(): void;
}
