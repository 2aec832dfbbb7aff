// Test support: the IG's example resources as SUSHI generated them (ig/fsh-generated/resources), the single source
// of truth the server also loads. Read with Node's fs; never bundled into the app.
import { readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { parseConfig } from "../model/config";

const DIR = fileURLToPath(new URL("../../../../../ig/fsh-generated/resources/", import.meta.url));

export function example<T extends fhir4.FhirResource>(type: T["resourceType"], id: string): T {
  return JSON.parse(readFileSync(`${DIR}${type}-${id}.json`, "utf8")) as T;
}

/** Every example of the type whose id starts with the prefix. */
export function examples<T extends fhir4.FhirResource>(type: T["resourceType"], idPrefix = ""): T[] {
  return readdirSync(DIR)
    .filter((f) => f.startsWith(`${type}-${idPrefix}`) && f.endsWith(".json"))
    .map((f) => JSON.parse(readFileSync(`${DIR}${f}`, "utf8")) as T);
}

/** The thresholds of sample-config.json (the same values as the server's application.yaml). */
export const THRESHOLDS = parseConfig(JSON.parse(readFileSync(fileURLToPath(new URL("../../sample-config.json", import.meta.url)), "utf8"))).thresholds;

/** The IG's PHQ-9 Questionnaire (ig/fsh-generated/resources/Questionnaire-phq-9.json). */
export function phq9Questionnaire(): fhir4.Questionnaire {
  return example<fhir4.Questionnaire>("Questionnaire", "phq-9");
}
