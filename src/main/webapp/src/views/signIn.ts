// The standalone sign-in page: clinic staff or a patient.
import { h } from "../dom";

export function renderSignIn(actions: { onStaff(): void; onPatient(): void }): HTMLElement {
  return h(
    "section",
    { id: "sign-in", class: "panel sign-in", "aria-labelledby": "sign-in-title" },
    h("h2", { id: "sign-in-title" }, "Sign in"),
    h(
      "p",
      {},
      "Sign in with your clinic account. Clinic staff see the patient list; a patient sees their own record.",
    ),
    h(
      "div",
      { class: "sign-in-actions" },
      h("button", { type: "button", id: "sign-in-staff", class: "primary", onclick: () => actions.onStaff() }, "Sign in as clinic staff"),
      h("button", { type: "button", id: "sign-in-patient", onclick: () => actions.onPatient() }, "Sign in as a patient"),
    ),
  );
}
