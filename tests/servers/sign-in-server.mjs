// A GraphQL server with Red Flag Alert's sign-in flow, for gqlforge's sign-in tests.
//
//   node sign-in-server.mjs SCHEMA.graphql [--port N] [--ttl SECONDS]
//
// Executes operations with graphql-js against the SDL file (Red Flag Alert's schema) on
// 127.0.0.1 (port 0, the default, picks a free port) and prints one JSON line
// `{"url":"http://127.0.0.1:PORT/graphql"}` on stdout once listening.
//
// - `signIn` / `signInRefresh` as sign-in.mjs describes (tokens valid TTL seconds, 3600 by
//   default).
// - Every other operation needs `Authorization: Bearer <accessToken>` of a token not yet
//   expired: otherwise `401` with `{"errors": [...]}`. `account` answers fixed data.
//
// Test-only endpoints (outside GraphQL): `POST /__advance?seconds=N` moves the server's clock
// forward (so tests need no sleep to expire tokens), `POST /__revoke-refresh` forgets every
// refresh token, `GET /__requests` counts `signIn`, `signInRefresh`, `authenticated` requests and
// `401`s.
//
// The server exits on SIGTERM, SIGINT, or when its stdin closes.

import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import process from 'node:process';

import { buildSchema, graphql, Kind, parse } from 'graphql';

import { announce, exitWithParent, listenOnLoopback } from './lifecycle.mjs';
import { SIGN_IN_FIELDS, SignInIssuer } from './sign-in.mjs';

function parseArgs(argv) {
  let schemaPath;
  let port = 0;
  let ttl = 3600;
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i];
    if (arg === '--port' || arg === '--ttl') {
      const value = Number(argv[i + 1]);
      if (!Number.isInteger(value) || value < 0) {
        fail(`${arg} needs a non-negative integer, got ${JSON.stringify(argv[i + 1])}`);
      }
      if (arg === '--port') port = value;
      else ttl = value;
      i += 1;
    } else if (schemaPath === undefined && !arg.startsWith('-')) {
      schemaPath = arg;
    } else {
      fail(`unexpected argument ${JSON.stringify(arg)}`);
    }
  }
  if (schemaPath === undefined) fail('missing the schema file');
  return { schemaPath, port, ttl };
}

function fail(message) {
  process.stderr.write(`${message}\nusage: node sign-in-server.mjs SCHEMA.graphql [--port N] [--ttl SECONDS]\n`);
  process.exit(2);
}

const { schemaPath, port, ttl } = parseArgs(process.argv.slice(2));
const schema = buildSchema(readFileSync(schemaPath, 'utf8'));

let clockOffset = 0;
const now = () => Math.floor(Date.now() / 1000) + clockOffset;
const counts = { signIn: 0, signInRefresh: 0, authenticated: 0, unauthorized: 0 };
const issuer = new SignInIssuer({ ttl, now, counts });

const rootValue = {
  ...issuer.resolvers(),
  account: () => ({
    creditBalance: 120,
    totalBillCount: 3,
    creditsSpent: { today: 1, thisMonth: 4, thisYear: 30, total: 80 },
  }),
};

/** Whether the request's operation selects only sign-in fields (sent without a token). */
function isPublic(query, operationName) {
  let document;
  try {
    document = parse(query);
  } catch {
    return false;
  }
  const operations = document.definitions.filter((d) => d.kind === Kind.OPERATION_DEFINITION);
  const operation = operationName
    ? operations.find((o) => o.name?.value === operationName)
    : operations[0];
  return operation !== undefined
    && operation.selectionSet.selections.every((s) => s.kind === Kind.FIELD && SIGN_IN_FIELDS.has(s.name.value));
}

function send(res, status, body) {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

const server = createServer(async (req, res) => {
  const url = new URL(req.url, 'http://127.0.0.1');
  if (req.method === 'POST' && url.pathname === '/__advance') {
    clockOffset += Number(url.searchParams.get('seconds') ?? 0);
    return send(res, 200, { now: now() });
  }
  if (req.method === 'POST' && url.pathname === '/__revoke-refresh') {
    issuer.revokeRefreshTokens();
    return send(res, 200, {});
  }
  if (req.method === 'GET' && url.pathname === '/__requests') {
    return send(res, 200, counts);
  }
  if (req.method !== 'POST' || url.pathname !== '/graphql') {
    return send(res, 404, { errors: [{ message: 'not found' }] });
  }
  let body = '';
  for await (const chunk of req) body += chunk;
  let request;
  try {
    request = JSON.parse(body);
  } catch {
    return send(res, 400, { errors: [{ message: 'the body is not JSON' }] });
  }
  const { query, operationName, variables } = request;
  if (typeof query !== 'string') {
    return send(res, 400, { errors: [{ message: 'missing query' }] });
  }
  if (!isPublic(query, operationName)) {
    const token = (req.headers.authorization ?? '').replace(/^Bearer /, '');
    const refusal = issuer.check(token);
    if (refusal !== null) {
      counts.unauthorized += 1;
      return send(res, 401, {
        errors: [{ message: refusal, extensions: { code: 'AUTH_NOT_AUTHENTICATED' } }],
      });
    }
    counts.authenticated += 1;
  }
  const result = await graphql({ schema, source: query, rootValue, variableValues: variables, operationName });
  send(res, 200, result);
});

const listening = await listenOnLoopback(server, port);
exitWithParent(server);
announce(`http://127.0.0.1:${listening}/graphql`);
