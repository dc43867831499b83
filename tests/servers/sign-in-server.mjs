// A GraphQL server with Red Flag Alert's sign-in flow, for gqlforge's sign-in tests.
//
//   node sign-in-server.mjs SCHEMA.graphql [--port N] [--ttl SECONDS]
//
// Executes operations with graphql-js against the SDL file (Red Flag Alert's schema) on
// 127.0.0.1 (port 0, the default, picks a free port) and prints one JSON line
// `{"url":"http://127.0.0.1:PORT/graphql"}` on stdout once listening.
//
// - `signIn(credentials: {userName, password}, useManagementflow: true)` with user
//   `analyst@example.com`, password `correct horse` returns `accessToken` (an unsigned JWT whose
//   `exp` is TTL seconds away, 3600 by default) and `refreshToken`; other credentials, or
//   `useManagementflow` not true, answer a GraphQL error.
// - `signInRefresh(refreshToken:)` exchanges a refresh token (once) for new tokens.
// - Every other operation needs `Authorization: Bearer <accessToken>` of a token not yet
//   expired: otherwise `401` with `{"errors": [...]}`. `account` answers fixed data.
//
// Test-only endpoints (outside GraphQL): `POST /__advance?seconds=N` moves the server's clock
// forward (so tests need no sleep to expire tokens), `POST /__revoke-refresh` forgets every
// refresh token, `GET /__requests` counts `signIn`, `signInRefresh`, `authenticated` requests and
// `401`s.
//
// The server exits on SIGTERM, SIGINT, or when its stdin closes.

import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import process from 'node:process';

import { buildSchema, graphql, GraphQLError, Kind, parse } from 'graphql';

const USERS = new Map([['analyst@example.com', 'correct horse']]);
const PUBLIC_FIELDS = new Set(['signIn', 'signInRefresh']);

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
const accessTokens = new Map(); // token -> exp
const refreshTokens = new Set();
const counts = { signIn: 0, signInRefresh: 0, authenticated: 0, unauthorized: 0 };

const base64url = (value) => Buffer.from(JSON.stringify(value)).toString('base64url');

function issue(userName) {
  const exp = now() + ttl;
  const accessToken = `${base64url({ alg: 'none', typ: 'JWT' })}.${base64url({ sub: userName, exp, jti: randomUUID() })}.unsigned`;
  const refreshToken = randomUUID();
  accessTokens.set(accessToken, exp);
  refreshTokens.add(refreshToken);
  return { accessToken, refreshToken };
}

const rootValue = {
  signIn({ credentials, useManagementflow }) {
    counts.signIn += 1;
    if (useManagementflow !== true) {
      throw new GraphQLError('useManagementflow must be true', { extensions: { code: 'BAD_USER_INPUT' } });
    }
    if (USERS.get(credentials.userName) !== credentials.password) {
      throw new GraphQLError('Invalid user name or password', { extensions: { code: 'AUTH_NOT_AUTHENTICATED' } });
    }
    return issue(credentials.userName);
  },
  signInRefresh({ refreshToken }) {
    counts.signInRefresh += 1;
    if (!refreshTokens.delete(refreshToken)) {
      throw new GraphQLError('Invalid refresh token', { extensions: { code: 'AUTH_NOT_AUTHENTICATED' } });
    }
    return issue('refreshed');
  },
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
    && operation.selectionSet.selections.every((s) => s.kind === Kind.FIELD && PUBLIC_FIELDS.has(s.name.value));
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
    refreshTokens.clear();
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
    const exp = accessTokens.get(token);
    if (exp === undefined || exp <= now()) {
      counts.unauthorized += 1;
      return send(res, 401, {
        errors: [{ message: exp === undefined ? 'unknown token' : 'token expired', extensions: { code: 'AUTH_NOT_AUTHENTICATED' } }],
      });
    }
    counts.authenticated += 1;
  }
  const result = await graphql({ schema, source: query, rootValue, variableValues: variables, operationName });
  send(res, 200, result);
});

await new Promise((resolve, reject) => {
  server.once('error', reject);
  server.listen(port, '127.0.0.1', resolve);
});

const stop = () => {
  server.close();
  process.exit(0);
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
process.stdin.on('end', stop);
process.stdin.on('close', stop);
process.stdin.resume();

process.stdout.write(`${JSON.stringify({ url: `http://127.0.0.1:${server.address().port}/graphql` })}\n`);
