// Applies the CDS Hooks JSON schemas of the npm package cds-validator (pinned) to CDS Hooks responses:
//   node validate.mjs responses.json
// where responses.json is an array of {"name", "kind": "discovery" | "service", "body": "<the response body>"}.
// Prints a JSON array, one entry per response: {"name", "kind", "violations": [...], "forgiven": [...]}.
//
// cds-validator 0.3.0 (its only release) ships the schemas of a CDS Hooks draft that predates 1.0. Its checks are run
// unchanged, by the package's own Card and DiscoveryResponse functions. Where CDS Hooks 2.0 (the version the server
// implements, https://cds-hooks.hl7.org/2.0/) changed the format since that draft, the package's complaint is
// "forgiven" only when it is exactly one of the DELTAS below (each names the 2.0 change), and the changed or added
// fields are then checked by the 2.0 supplement below, with the package's own JSON schema library. Any other complaint
// of either is a violation.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const cdsValidator = require('cds-validator');
const { Validator } = require('jsonschema');

const CARD = /^instance\.cards\[\d+\]$/;
const SOURCE = /^instance\.cards\[\d+\]\.source$/;
const LINK = /^instance\.cards\[\d+\]\.links\[\d+\]$/;
const SUGGESTION = /^instance\.cards\[\d+\]\.suggestions\[\d+\]$/;
const SERVICE = /^instance\.services\[\d+\]$/;

/** The format changes from cds-validator's draft to CDS Hooks 2.0, as the package reports them. */
const DELTAS = [
  { at: /^instance$/, name: 'additionalProperties', argument: 'systemActions', why: '2.0 adds the response\'s systemActions' },
  { at: /^instance$/, name: 'additionalProperties', argument: 'extension', why: '2.0 allows an extension object' },
  { at: CARD, name: 'additionalProperties', argument: 'uuid', why: '2.0 adds Card.uuid' },
  { at: CARD, name: 'additionalProperties', argument: 'selectionBehavior', why: '2.0 adds Card.selectionBehavior' },
  { at: CARD, name: 'additionalProperties', argument: 'overrideReasons', why: '2.0 adds Card.overrideReasons' },
  { at: CARD, name: 'additionalProperties', argument: 'extension', why: '2.0 allows an extension object' },
  { at: /^instance\.cards\[\d+\]\.detail$/, name: 'required', why: '2.0 makes Card.detail optional' },
  { at: /^instance\.cards\[\d+\]\.indicator$/, name: 'enum', value: 'critical', why: '1.0 renamed hard-stop to critical' },
  { at: SOURCE, name: 'additionalProperties', argument: 'icon', why: '2.0 has Source.icon' },
  { at: SOURCE, name: 'additionalProperties', argument: 'topic', why: '2.0 adds Source.topic' },
  { at: LINK, name: 'additionalProperties', argument: 'type', why: '2.0 adds Link.type' },
  { at: LINK, name: 'additionalProperties', argument: 'appContext', why: '2.0 adds Link.appContext' },
  { at: SUGGESTION, name: 'additionalProperties', argument: 'actions', why: '2.0 puts a suggestion\'s changes in actions' },
  { at: SUGGESTION, name: 'additionalProperties', argument: 'isRecommended', why: '2.0 adds Suggestion.isRecommended' },
  { at: /^instance\.cards\[\d+\]\.suggestions\[\d+\]\.uuid$/, name: 'required', why: '2.0 makes Suggestion.uuid optional' },
  { at: SERVICE, name: 'additionalProperties', argument: 'title', why: '2.0 names a service by title' },
  { at: /^instance\.services\[\d+\]\.name$/, name: 'required', why: '2.0 has title (optional) instead of name' },
  { at: SERVICE, name: 'additionalProperties', argument: 'usageRequirements', why: '2.0 adds usageRequirements' },
  { at: SERVICE, name: 'additionalProperties', argument: 'extension', why: '2.0 allows an extension object' },
];

const action = {
  type: 'object',
  required: ['type', 'description'],
  properties: {
    type: { enum: ['create', 'update', 'delete'] },
    description: { type: 'string' },
    resource: { type: 'object' },
    resourceId: { type: 'string' },
  },
};

/** What CDS Hooks 2.0 changed or added, checked where the DELTAS let the package's complaint go. */
const SERVICE_RESPONSE_2_0 = {
  type: 'object',
  required: ['cards'],
  properties: {
    cards: {
      type: 'array',
      items: {
        type: 'object',
        required: ['summary', 'indicator', 'source'],
        dependencies: { suggestions: ['selectionBehavior'] },
        properties: {
          uuid: { type: 'string' },
          summary: { type: 'string', maxLength: 140 },
          detail: { type: 'string' },
          indicator: { enum: ['info', 'warning', 'critical'] },
          selectionBehavior: { enum: ['at-most-one', 'any'] },
          overrideReasons: { type: 'array', items: { type: 'object' } },
          extension: { type: 'object' },
          source: {
            type: 'object',
            required: ['label'],
            properties: { label: { type: 'string' }, url: { type: 'string' }, icon: { type: 'string' }, topic: { type: 'object' } },
          },
          suggestions: {
            type: 'array',
            items: {
              type: 'object',
              required: ['label'],
              properties: {
                label: { type: 'string' },
                uuid: { type: 'string' },
                isRecommended: { type: 'boolean' },
                actions: { type: 'array', items: action },
              },
            },
          },
          links: {
            type: 'array',
            items: {
              type: 'object',
              required: ['label', 'url', 'type'],
              properties: {
                label: { type: 'string' },
                url: { type: 'string' },
                type: { enum: ['absolute', 'smart'] },
                appContext: { type: 'string' },
              },
            },
          },
        },
      },
    },
    systemActions: { type: 'array', items: action },
    extension: { type: 'object' },
  },
};

const DISCOVERY_2_0 = {
  type: 'object',
  required: ['services'],
  properties: {
    services: {
      type: 'array',
      items: {
        type: 'object',
        required: ['hook', 'description', 'id'],
        properties: {
          hook: { type: 'string' },
          title: { type: 'string' },
          description: { type: 'string' },
          id: { type: 'string' },
          prefetch: { type: 'object', additionalProperties: { type: 'string' } },
          usageRequirements: { type: 'string' },
          extension: { type: 'object' },
        },
      },
    },
  },
};

function forgivenBy(error) {
  return DELTAS.find(
    (d) =>
      d.at.test(error.property) &&
      d.name === error.name &&
      (d.argument === undefined || d.argument === error.argument) &&
      (d.value === undefined || d.value === error.instance),
  );
}

function describe(error) {
  return `${error.property}: ${error.message}`;
}

async function check({ name, kind, body }) {
  const violations = [];
  const forgiven = [];
  let packageErrors = [];
  try {
    await (kind === 'discovery' ? cdsValidator.DiscoveryResponse : cdsValidator.Card)(body);
  } catch (errors) {
    packageErrors = errors;
  }
  for (const error of packageErrors) {
    const delta = error.name ? forgivenBy(error) : undefined;
    if (delta) {
      forgiven.push(`${describe(error)} (${delta.why})`);
    } else {
      violations.push(`cds-validator: ${describe(error)}`);
    }
  }
  let parsed;
  try {
    parsed = JSON.parse(body);
  } catch {
    return { name, kind, violations, forgiven }; // the package has reported it
  }
  const supplement = new Validator().validate(parsed, kind === 'discovery' ? DISCOVERY_2_0 : SERVICE_RESPONSE_2_0);
  for (const error of supplement.errors) {
    violations.push(`CDS Hooks 2.0: ${describe(error)}`);
  }
  return { name, kind, violations, forgiven };
}

const responses = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const results = [];
for (const response of responses) {
  results.push(await check(response));
}
process.stdout.write(JSON.stringify(results));
