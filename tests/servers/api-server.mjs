// A stand-in for a real GraphQL API (Cleverbridge's or Red Flag Alert's) for gqlforge's SDK
// tests and `cargo xtask demo`: mock data over the API's schema (mock.mjs, with the ids asked
// for echoed back) plus the behaviours of the API that a client must handle.
//
//   node api-server.mjs SCHEMA.graphql --auth introspection --introspection-url URL
//        --client-id ID --client-secret SECRET [--public FIELD]...     (Cleverbridge)
//   node api-server.mjs SCHEMA.graphql --auth sign-in [--ttl SECONDS]  (Red Flag Alert)
//   common options: [--rate N] [--retry-after SECONDS] [--port N]
//
// Listens on 127.0.0.1 (port 0, the default, picks a free port) and prints one JSON line
// `{"url":"http://127.0.0.1:PORT/graphql"}` on stdout once listening. `POST /graphql`:
//
// 1. Over the budget → `429` with `Retry-After`: at most `--rate` requests (default 150) are
//    answered per second (counted per calendar second, as they arrive); the request over it
//    blocks every request for `--retry-after` seconds (default 60, as Cleverbridge), each
//    answered `429` with the seconds left.
// 2. Bad JSON, a query that does not parse or validate, bad variables → `400` with `errors`.
// 3. Unless every root field is public → `401` without `Authorization: Bearer <token>`, or
//    with a token that is unknown, inactive, lacks scope `GQL` (introspection) or expired.
//    `--auth introspection`: the token is sent to the OpenID provider's introspection endpoint
//    (RFC 7662, as the client `--client-id`), answers cached. `--auth sign-in`: the API's own
//    `signIn` / `signInRefresh` (sign-in.mjs) issue the tokens and are public.
// 4. Arguments, walked through input objects and lists: an `id` or `...Id` ≤ 0, a `take`
//    outside 0..100 or a negative `skip` → `402` (invalid parameter, `INVALID_PARAMETER`); an id
//    of 100000000 or more → `404` (`NOT_FOUND`: no such object).
// 5. Otherwise `200` with mock data (the same request gets the same data; numbers positive,
//    `DateTime` / `Date` ISO-8601, `Decimal` money amounts, names, emails, ISO country codes).
//
// Test-only endpoints: `GET /__requests` answers `{"status": {"200": n, ...}, "introspections":
// n, "signIn": n, "signInRefresh": n}`; `POST /__expire-tokens` makes every token seen so far
// expired (the next request with one is a `401`).
//
// The server exits on SIGTERM, SIGINT, or when its stdin closes.

import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import process from 'node:process';

import {
  buildSchema,
  getArgumentValues,
  getNamedType,
  getOperationAST,
  getVariableValues,
  GraphQLError,
  isObjectType,
  Kind,
  parse,
  validate,
} from 'graphql';

import { announce, exitWithParent, listenOnLoopback } from './lifecycle.mjs';
import { mockExecutor } from './mock.mjs';
import { SIGN_IN_FIELDS, SignInIssuer } from './sign-in.mjs';

/** Ids from here on do not exist. */
const UNKNOWN_ID_FROM = 100000000;
/** The most items a page may hold. */
const MAX_TAKE = 100;

const USAGE = `usage: node api-server.mjs SCHEMA.graphql --auth introspection|sign-in [--introspection-url URL --client-id ID --client-secret SECRET] [--public FIELD]... [--ttl SECONDS] [--rate N] [--retry-after SECONDS] [--port N]`;

function fail(message) {
  process.stderr.write(`api-server: ${message}\n${USAGE}\n`);
  process.exit(2);
}

function parseArgs(argv) {
  const options = { port: 0, rate: 150, retryAfter: 60, ttl: 3600, public: [] };
  const integer = (name, value) => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < 0) fail(`${name} needs a non-negative integer, got ${JSON.stringify(value)}`);
    return n;
  };
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i];
    const value = argv[i + 1];
    switch (arg) {
      case '--port': options.port = integer(arg, value); i += 1; break;
      case '--rate': options.rate = integer(arg, value); i += 1; break;
      case '--retry-after': options.retryAfter = integer(arg, value); i += 1; break;
      case '--ttl': options.ttl = integer(arg, value); i += 1; break;
      case '--auth': options.auth = value; i += 1; break;
      case '--introspection-url': options.introspectionUrl = value; i += 1; break;
      case '--client-id': options.clientId = value; i += 1; break;
      case '--client-secret': options.clientSecret = value; i += 1; break;
      case '--public': options.public.push(value); i += 1; break;
      default:
        if (options.schemaPath === undefined && !arg.startsWith('-')) options.schemaPath = arg;
        else fail(`unexpected argument ${JSON.stringify(arg)}`);
    }
  }
  if (options.schemaPath === undefined) fail('missing the schema file');
  if (options.auth === 'introspection') {
    if (!options.introspectionUrl || options.clientId === undefined || options.clientSecret === undefined) {
      fail('--auth introspection needs --introspection-url, --client-id and --client-secret');
    }
  } else if (options.auth !== 'sign-in') {
    fail(`--auth must be introspection or sign-in, got ${JSON.stringify(options.auth)}`);
  }
  return options;
}

const options = parseArgs(process.argv.slice(2));
let schema;
try {
  schema = buildSchema(readFileSync(options.schemaPath, 'utf8'));
} catch (e) {
  fail(`cannot load the schema ${options.schemaPath}: ${e.message}`);
}

const counts = { status: {}, introspections: 0, signIn: 0, signInRefresh: 0 };
const now = () => Math.floor(Date.now() / 1000);
const issuer = options.auth === 'sign-in' ? new SignInIssuer({ ttl: options.ttl, now, counts }) : null;
const publicFields = new Set(issuer ? SIGN_IN_FIELDS : options.public);

const signInResolvers = issuer
  ? Object.fromEntries(Object.entries(issuer.resolvers()).map(([name, resolve]) => [name, (_, args) => resolve(args)]))
  : {};
/** Values that read like the API's: positive numbers, ISO-8601 dates, money amounts. */
const day = 86400000;
const instant = () => new Date(Date.UTC(2022, 0, 1) + Math.floor(Math.random() * 1000) * day + Math.floor(Math.random() * day / 1000) * 1000);
const plausible = {
  Int: () => 1 + Math.floor(Math.random() * 1000),
  DateTime: () => instant().toISOString().replace('.000Z', 'Z'),
  Date: () => instant().toISOString().slice(0, 10),
  Decimal: () => (Math.random() * 200).toFixed(2),
};
const pick = (values) => () => values[Math.floor(Math.random() * values.length)];
/** String fields by name, on every object type that has them. */
const plausibleFields = {
  isoCode: pick(['DE', 'US', 'GB', 'FR', 'BR', 'JP']),
  email: () => `customer${1 + Math.floor(Math.random() * 1000)}@example.com`,
  firstName: pick(['Ada', 'Grace', 'Alan', 'Edsger', 'Barbara']),
  lastName: pick(['Lovelace', 'Hopper', 'Turing', 'Dijkstra', 'Liskov']),
  company: pick(['Analytical Engines Ltd', 'Cobol GmbH', 'Enigma SA']),
  key: pick(['plan', 'seats', 'region', 'campaign', 'channel', 'referrer', 'tier', 'crmId']),
  value: pick(['pro', '25', 'emea', 'spring-2026', 'partner', 'newsletter', 'gold', '4711']),
  productName: pick(['Backup Pro', 'Photo Studio', 'VPN Plus']),
  clientReferenceId: () => `crm-${1 + Math.floor(Math.random() * 10000)}`,
};
const mocks = Object.fromEntries(Object.entries(plausible).filter(([name]) => schema.getType(name)));
for (const type of Object.values(schema.getTypeMap())) {
  if (type.name.startsWith('__') || !isObjectType(type)) continue;
  for (const field of Object.values(type.getFields())) {
    if (plausibleFields[field.name] && getNamedType(field.type).name === 'String') {
      mocks[type.name] ??= {};
      mocks[type.name][field.name] = plausibleFields[field.name];
    }
  }
}
const mocked = mockExecutor(schema, {
  echoIds: true,
  resolvers: issuer ? { Mutation: signInResolvers } : {},
  mocks,
});

// Tokens accepted so far, and those `/__expire-tokens` expired.
const seenTokens = new Set();
const expiredTokens = new Set();
/** token -> the provider's introspection answer (active ones only). */
const introspected = new Map();

/** Why `token` is refused, or null when it is good. */
async function refusal(token) {
  if (!token) return 'missing bearer token';
  if (expiredTokens.has(token)) return 'token expired';
  if (issuer) return issuer.check(token);
  let answer = introspected.get(token);
  if (answer === undefined) {
    counts.introspections += 1;
    const body = new URLSearchParams({
      token,
      client_id: options.clientId,
      client_secret: options.clientSecret,
    });
    const response = await fetch(options.introspectionUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body,
    });
    if (!response.ok) throw new Error(`introspection answered ${response.status}: ${await response.text()}`);
    answer = await response.json();
    if (answer.active) introspected.set(token, answer);
  }
  if (!answer.active) return 'invalid token';
  if (!(answer.scope ?? '').split(' ').includes('GQL')) return 'the token lacks scope GQL';
  if (answer.exp !== undefined && answer.exp <= now()) return 'token expired';
  return null;
}

/** `{status, error}` for the first invalid parameter or unknown id in `value`, else null. */
function checkParameters(value, path) {
  if (value === null || typeof value !== 'object') return null;
  for (const [key, v] of Object.entries(value)) {
    const at = Array.isArray(value) ? `${path}[${key}]` : `${path}.${key}`;
    const isId = key === 'id' || key.endsWith('Id');
    if (typeof v === 'number' && Number.isInteger(v) && isId && v <= 0) {
      return invalid(`${at} is ${v}: an id is a positive number`);
    }
    if (typeof v === 'number' && isId && v >= UNKNOWN_ID_FROM) {
      return { status: 404, error: { message: `${at}: ${v} does not exist`, extensions: { code: 'NOT_FOUND' } } };
    }
    if (key === 'take' && typeof v === 'number' && (v < 0 || v > MAX_TAKE)) {
      return invalid(`${at} is ${v}: take must be between 0 and ${MAX_TAKE}`);
    }
    if (key === 'skip' && typeof v === 'number' && v < 0) {
      return invalid(`${at} is ${v}: skip must not be negative`);
    }
    const inner = checkParameters(v, at);
    if (inner) return inner;
  }
  return null;
}

function invalid(message) {
  return { status: 402, error: { message: `Invalid parameter: ${message}`, extensions: { code: 'INVALID_PARAMETER' } } };
}

// The budget: requests counted per calendar second; over it, everything is blocked.
let windowSecond = -1;
let windowCount = 0;
let blockedUntil = 0;

/** Seconds to wait when the request is over the budget, else null. */
function overBudget() {
  const nowMs = Date.now();
  if (nowMs < blockedUntil) return Math.ceil((blockedUntil - nowMs) / 1000);
  const second = Math.floor(nowMs / 1000);
  if (second !== windowSecond) {
    windowSecond = second;
    windowCount = 0;
  }
  windowCount += 1;
  if (windowCount > options.rate) {
    blockedUntil = nowMs + options.retryAfter * 1000;
    return options.retryAfter;
  }
  return null;
}

function send(res, status, body, headers = {}) {
  counts.status[status] = (counts.status[status] ?? 0) + 1;
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
}

const errors = (...list) => ({ errors: list.map((e) => (e instanceof GraphQLError ? e.toJSON() : e)) });

async function handle(req, res) {
  const url = new URL(req.url, 'http://127.0.0.1');
  if (req.method === 'GET' && url.pathname === '/__requests') {
    res.writeHead(200, { 'content-type': 'application/json' });
    return res.end(JSON.stringify(counts));
  }
  if (req.method === 'POST' && url.pathname === '/__expire-tokens') {
    for (const token of seenTokens) expiredTokens.add(token);
    res.writeHead(200, { 'content-type': 'application/json' });
    return res.end(JSON.stringify({ expired: expiredTokens.size }));
  }
  if (req.method !== 'POST' || url.pathname !== '/graphql') {
    return send(res, 404, errors({ message: `no ${req.method} ${url.pathname} here` }));
  }
  const wait = overBudget();
  if (wait !== null) {
    return send(res, 429, errors({ message: 'Too many requests', extensions: { code: 'RATE_LIMITED' } }), {
      'retry-after': String(wait),
    });
  }
  let body = '';
  for await (const chunk of req) body += chunk;
  let request;
  try {
    request = JSON.parse(body);
  } catch {
    return send(res, 400, errors({ message: 'the body is not JSON' }));
  }
  const { query, operationName = null, variables = {} } = request ?? {};
  if (typeof query !== 'string') return send(res, 400, errors({ message: 'missing query' }));
  let document;
  try {
    document = parse(query);
  } catch (e) {
    return send(res, 400, errors(e));
  }
  const invalidDocument = validate(schema, document);
  if (invalidDocument.length > 0) return send(res, 400, errors(...invalidDocument));
  const operation = getOperationAST(document, operationName);
  if (!operation) return send(res, 400, errors({ message: 'no operation to run' }));

  const rootFields = operation.selectionSet.selections.filter((s) => s.kind === Kind.FIELD);
  const isPublic = rootFields.length === operation.selectionSet.selections.length
    && rootFields.every((field) => publicFields.has(field.name.value));
  if (!isPublic) {
    const token = (req.headers.authorization ?? '').match(/^Bearer (.+)$/)?.[1];
    const why = await refusal(token);
    if (why !== null) {
      return send(res, 401, errors({ message: `Unauthorized: ${why}`, extensions: { code: 'UNAUTHORIZED' } }));
    }
    seenTokens.add(token);
  }

  const coerced = getVariableValues(schema, operation.variableDefinitions ?? [], variables ?? {});
  if (coerced.errors) return send(res, 400, errors(...coerced.errors));
  const root = operation.operation === 'mutation' ? schema.getMutationType() : schema.getQueryType();
  for (const field of rootFields) {
    const definition = root.getFields()[field.name.value];
    if (!definition) continue; // __typename
    const args = getArgumentValues(definition, field, coerced.coerced);
    const problem = checkParameters(args, field.name.value);
    if (problem) return send(res, problem.status, errors(problem.error));
  }

  const result = await mocked.execute({ schema: mocked.schema, document, variableValues: variables, operationName });
  return send(res, 200, result);
}

const server = createServer((req, res) => {
  handle(req, res).catch((e) => {
    process.stderr.write(`api-server: ${e?.stack ?? e}\n`);
    if (!res.headersSent) send(res, 500, errors({ message: 'internal error' }));
    else res.end();
  });
});

const listening = await listenOnLoopback(server, options.port).catch((e) =>
  fail(`cannot listen on 127.0.0.1:${options.port}: ${e.message}`),
);
exitWithParent(server);
announce(`http://127.0.0.1:${listening}/graphql`);
