// The crisis information (ketamine.dashboard.crisis): shown to a patient as soon as an answer says they think of
// harming themselves, before they submit.
import type { CrisisInfo } from "../model/config";
import { h } from "../dom";

export function renderCrisis(crisis: CrisisInfo): HTMLElement {
  return h(
    "section",
    { id: "crisis-info", class: "crisis", role: "alert", "aria-labelledby": "crisis-title", hidden: true },
    h("h3", { id: "crisis-title" }, "Help is available right now"),
    h("p", {}, crisis.text),
    crisis.contacts.length
      ? h(
          "ul",
          { class: "crisis-contacts" },
          crisis.contacts.map((c) =>
            h("li", { "data-phone": c.phone }, h("a", { href: `tel:${c.phone.replace(/[^0-9+*#]/g, "")}` }, h("strong", {}, c.phone)), ` \u2013 ${c.label}`),
          ),
        )
      : null,
    h("p", { class: "small" }, "Your care team will also see your answers."),
  );
}
