// An integrator's client, written with libraries other people wrote: fhir-kit-client for FHIR REST and SMART
// discovery, jose for the SMART Backend Services client assertion. FhirKitClientIT runs it with
//   node client.mjs input.json
// against the test server; it prints one JSON object on stdout: what each step saw, for the IT's assertions.
// A step that throws is reported as {"failed": ..., "status": ...} and the script goes on with the next one; it exits 0 unless the
// input cannot be read.
import { readFileSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { Client } from 'fhir-kit-client';
import { SignJWT, importJWK, generateKeyPair } from 'jose';

const input = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const results = {};

async function step(name, fn) {
  try {
    results[name] = await fn();
  } catch (error) {
    results[name] = { failed: String(error?.message ?? error), status: error?.response?.status ?? null };
  }
}

/** The client assertion of SMART Backend Services: iss = sub = client, aud = token URL, 4 minutes, fresh jti. */
async function assertion(key, kid, tokenUrl) {
  return new SignJWT({})
    .setProtectedHeader({ alg: 'ES384', kid, typ: 'JWT' })
    .setIssuer(input.clientId)
    .setSubject(input.clientId)
    .setAudience(tokenUrl)
    .setExpirationTime('4m')
    .setJti(randomUUID())
    .sign(key);
}

async function tokenRequest(tokenUrl, signed) {
  const response = await fetch(tokenUrl, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json' },
    body: new URLSearchParams({
      grant_type: 'client_credentials',
      scope: input.scope,
      client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
      client_assertion: signed,
    }),
  });
  const text = await response.text();
  let json = null;
  try {
    json = JSON.parse(text);
  } catch {
    // reported as the raw body below
  }
  return { status: response.status, contentType: response.headers.get('content-type'), json, body: json ? undefined : text };
}

const anonymous = new Client({ baseUrl: input.fhirBase });
let tokenUrl;
let accessToken;

// 1. Discovery: the SMART endpoints (fhir-kit-client races .well-known/smart-configuration, the CapabilityStatement's
// oauth-uris extension and .well-known/openid-configuration) and the CapabilityStatement itself.
await step('smartAuthMetadata', async () => {
  const metadata = await anonymous.smartAuthMetadata();
  tokenUrl = metadata.tokenUrl?.toString();
  return { tokenUrl: tokenUrl ?? null, authorizeUrl: metadata.authorizeUrl?.toString() ?? null };
});
await step('capabilityStatement', async () => {
  const capability = await anonymous.capabilityStatement();
  const rest = capability.rest?.find((r) => r.mode === 'server') ?? {};
  const oauth = rest.security?.extension?.find(
    (e) => e.url === 'http://fhir-registry.smarthealthit.org/StructureDefinition/oauth-uris',
  );
  return {
    resourceType: capability.resourceType,
    fhirVersion: capability.fhirVersion,
    formats: capability.format ?? [],
    resourceTypes: (rest.resource ?? []).map((r) => r.type),
    patientInteractions: (rest.resource ?? []).find((r) => r.type === 'Patient')?.interaction?.map((i) => i.code) ?? [],
    patientOperations: (rest.resource ?? []).find((r) => r.type === 'Patient')?.operation?.map((o) => o.name) ?? [],
    systemInteractions: (rest.interaction ?? []).map((i) => i.code),
    securityServices: (rest.security?.service ?? []).flatMap((s) => (s.coding ?? []).map((c) => c.code)),
    oauthToken: oauth?.extension?.find((e) => e.url === 'token')?.valueUri ?? null,
  };
});

// 2. SMART Backend Services: a client assertion signed with jose (ES384, the key the test JVM registered).
await step('token', async () => {
  const key = await importJWK(input.privateJwk, 'ES384');
  const answer = await tokenRequest(tokenUrl, await assertion(key, input.privateJwk.kid, tokenUrl));
  accessToken = answer.json?.access_token;
  return {
    status: answer.status,
    contentType: answer.contentType,
    tokenType: answer.json?.token_type ?? null,
    scope: answer.json?.scope ?? null,
    expiresIn: answer.json?.expires_in ?? null,
    hasAccessToken: typeof accessToken === 'string' && accessToken.length > 0,
    error: answer.json?.error ?? null,
  };
});
// The same client, an assertion signed with a key nobody registered: the server must not authenticate it.
await step('tokenWithAnUnknownKey', async () => {
  const { privateKey } = await generateKeyPair('ES384');
  const answer = await tokenRequest(tokenUrl, await assertion(privateKey, input.privateJwk.kid, tokenUrl));
  return { status: answer.status, error: answer.json?.error ?? null, hasAccessToken: !!answer.json?.access_token };
});

const client = new Client({ baseUrl: input.fhirBase, bearerToken: accessToken });

// 3. Without a token, a read is refused.
await step('readWithoutToken', async () => {
  await anonymous.read({ resourceType: 'Patient', id: 'any' });
  return { status: 200 };
});

// 4. A transaction (the Java side built it: patients and an observation with urn:uuid references).
let created = [];
await step('transaction', async () => {
  const answer = await client.transaction({ body: input.transaction });
  created = (answer.entry ?? []).map((e) => e.response?.location ?? null);
  return {
    resourceType: answer.resourceType,
    type: answer.type,
    statuses: (answer.entry ?? []).map((e) => e.response?.status ?? null),
    locations: created,
  };
});

// 5. Read what the transaction made.
await step('read', async () => {
  const [type, id] = created[0].split('/');
  const patient = await client.read({ resourceType: type, id });
  return { resourceType: patient.resourceType, id: patient.id, family: patient.name?.[0]?.family ?? null };
});

// 6. Search with paging: follow "next" until there is none.
await step('searchPaged', async () => {
  const pages = [];
  let bundle = await client.search({
    resourceType: 'Patient',
    searchParams: { identifier: `${input.searchIdentifierSystem}|`, _count: String(input.pageSize) },
  });
  while (bundle) {
    pages.push({
      type: bundle.type,
      total: bundle.total ?? null,
      ids: (bundle.entry ?? []).filter((e) => e.search?.mode !== 'outcome').map((e) => `${e.resource.resourceType}/${e.resource.id}`),
      relations: (bundle.link ?? []).map((l) => l.relation),
    });
    if (pages.length > 50) throw new Error('more than 50 pages: the next links do not end');
    bundle = await client.nextPage({ bundle });
  }
  return { pages };
});

// 7. Operations: the patient's whole record, and the clinic's progress operation.
await step('everything', async () => {
  const [, id] = created[0].split('/');
  const bundle = await client.operation({ name: '$everything', resourceType: 'Patient', id, method: 'GET' });
  return {
    resourceType: bundle.resourceType,
    type: bundle.type,
    resources: (bundle.entry ?? []).map((e) => `${e.resource.resourceType}/${e.resource.id}`),
  };
});
await step('progress', async () => {
  const answer = await client.operation({
    name: '$ketamine-progress',
    resourceType: 'Patient',
    id: input.progressPatient,
    method: 'GET',
  });
  return {
    resourceType: answer.resourceType,
    parameters: (answer.parameter ?? []).map((p) => p.name),
  };
});

process.stdout.write(JSON.stringify(results));
