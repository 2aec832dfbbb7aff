// Extracts Observations from QuestionnaireResponses with @aehrc/sdc-template-extract (SDC template-based extraction),
// independently of the server.
//
//   node extract.mjs cases.json     (or the JSON on stdin)
//
// Input: a JSON array of {"questionnaire": {...}, "response": {...}}. Output (stdout): a JSON array with one element per
// input: the resources of the extracted transaction Bundle's entries, in the engine's order. A case the engine cannot
// extract from prints its OperationOutcome on stderr and makes the exit code 1 (its element is then empty).
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

// The package's ES module build imports a directory (fhirpath/fhir-context/r4), which Node refuses; its CommonJS build
// loads.
const { inAppExtract } = createRequire(import.meta.url)('@aehrc/sdc-template-extract');

const input = JSON.parse(readFileSync(process.argv[2] ?? 0, 'utf8'));
if (!Array.isArray(input)) {
  throw new Error('expected a JSON array of {"questionnaire": ..., "response": ...}');
}

let failed = false;
const results = [];
for (const [index, { questionnaire, response }] of input.entries()) {
  // The engine may change what it is given: hand it copies.
  const output = await inAppExtract(structuredClone(response), structuredClone(questionnaire), null);
  if (!output.extractSuccess) {
    failed = true;
    console.error(`case ${index}: ${JSON.stringify(output.extractResult)}`);
    results.push([]);
    continue;
  }
  const { extractedBundle, issues } = output.extractResult;
  if (issues) {
    console.error(`case ${index}: ${JSON.stringify(issues)}`);
  }
  results.push((extractedBundle.entry ?? []).map((entry) => entry.resource));
}
process.stdout.write(JSON.stringify(results, null, 2) + '\n');
process.exitCode = failed ? 1 : 0;
