// LHC-Forms (npm "lforms", pinned): the SDC renderer of the patient's questionnaires, loaded on first use from the
// files the build copies under ./lforms/ (see vite.config.ts). Its global LForms.Util renders a Questionnaire into an
// element and reads the answers back as a QuestionnaireResponse.

export interface LFormsUtil {
  addFormToPage(questionnaire: fhir4.Questionnaire, element: HTMLElement, options?: Record<string, unknown>): Promise<void>;
  getFormFHIRData(type: "QuestionnaireResponse", version: "R4", element: HTMLElement): fhir4.QuestionnaireResponse;
  /** null when every required question is answered and every answer valid, else the error messages. */
  checkValidity(element: HTMLElement): string[] | null;
  removeFormsFromPage(element: HTMLElement): void;
}

declare global {
  interface Window {
    LForms?: { Util: LFormsUtil; lformsVersion?: string };
  }
}

const BASE = "./lforms/";
let loading: Promise<LFormsUtil> | undefined;

function add<T extends HTMLElement>(element: T, wait: boolean): Promise<void> {
  return new Promise((resolve, reject) => {
    if (!wait) {
      document.head.append(element);
      resolve();
      return;
    }
    element.addEventListener("load", () => resolve());
    element.addEventListener("error", () => reject(new Error(`Could not load the form renderer (${element.getAttribute("src") ?? element.getAttribute("href")})`)));
    document.head.append(element);
  });
}

function script(path: string, module: boolean): Promise<void> {
  const el = document.createElement("script");
  if (module) el.type = "module";
  el.src = BASE + path;
  return add(el, true);
}

/** Loads LHC-Forms once (styles, zone.js, its runtime and the FHIR R4 support), in the order its README gives. */
export function loadLForms(): Promise<LFormsUtil> {
  loading ??= (async () => {
    const css = document.createElement("link");
    css.rel = "stylesheet";
    css.href = `${BASE}webcomponent/styles.css`;
    await add(css, true);
    await script("webcomponent/assets/lib/zone.min.js", false);
    await script("webcomponent/runtime.js", true);
    await script("webcomponent/polyfills.js", true);
    await script("webcomponent/main.js", true);
    await script("fhir/R4/lformsFHIR.min.js", false);
    const util = window.LForms?.Util;
    if (!util) throw new Error("The form renderer did not start (LForms.Util missing)");
    return util;
  })().catch((e: unknown) => {
    loading = undefined;
    throw e;
  });
  return loading;
}
