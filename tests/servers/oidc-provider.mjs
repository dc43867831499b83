// A real OpenID Connect provider (oidc-provider 9) for gqlforge's client-credentials tests.
//
//   node oidc-provider.mjs [--port N]
//
// Listens on 127.0.0.1 (port 0, the default, picks a free port) and prints one JSON line
// `{"url":"http://127.0.0.1:PORT"}` (the issuer) on stdout once listening. The token endpoint is
// `/token`, introspection `/token/introspection`. Two clients may use the client_credentials
// grant with scope `GQL`, one per credential placement. Their ids and secrets hold characters
// that must be form-urlencoded (oidc-provider accepts only printable ASCII in both, RFC 6749's
// VSCHAR):
//
//   client_secret_post   id "gqlforge post"      secret "post secret+/=&%:~"
//   client_secret_basic  id "gqlforge basic:+&"  secret "basic secret+/=&%:~"
//
// `GET /__requests` answers how many requests each `METHOD /path` got so far (test-only, outside
// the provider), so a test can count attempts at the token endpoint.
//
// oidc-provider takes a client's secret in the form body or in a Basic header whichever the
// client was registered for; this server holds each client to its registered placement (a
// token request placing it the other way gets `401 invalid_client`), as providers that
// support only one do, so tests can tell the placements apart.
//
// oidc-provider 9 prints "Unsupported runtime" on Node 20 (it wants Node 22 LTS): a warning
// only; everything the tests use works on Node 20.
//
// The provider exits on SIGTERM, SIGINT, or when its stdin closes, so a test process that dies
// without cleaning up never leaves it behind.

import { createServer } from 'node:http';
import process from 'node:process';

import Provider from 'oidc-provider';

import { announce, exitWithParent, listenOnLoopback } from './lifecycle.mjs';

export const CLIENTS = [
  {
    client_id: 'gqlforge post',
    client_secret: 'post secret+/=&%:~',
    token_endpoint_auth_method: 'client_secret_post',
  },
  {
    client_id: 'gqlforge basic:+&',
    client_secret: 'basic secret+/=&%:~',
    token_endpoint_auth_method: 'client_secret_basic',
  },
];

function parsePort(argv) {
  let port = 0;
  for (let i = 0; i < argv.length; i += 1) {
    if (argv[i] === '--port') {
      port = Number(argv[i + 1]);
      i += 1;
      if (!Number.isInteger(port) || port < 0 || port > 65535) {
        process.stderr.write(`--port needs a port number, got ${JSON.stringify(argv[i])}\n`);
        process.exit(2);
      }
    } else {
      process.stderr.write(`usage: node oidc-provider.mjs [--port N]\n`);
      process.exit(2);
    }
  }
  return port;
}

const counts = {};
const server = createServer();
const issuer = `http://127.0.0.1:${await listenOnLoopback(server, parsePort(process.argv.slice(2)))}`;

const provider = new Provider(issuer, {
  clients: CLIENTS.map((client) => ({
    ...client,
    grant_types: ['client_credentials'],
    response_types: [],
    redirect_uris: [],
    scope: 'GQL',
  })),
  scopes: ['GQL'],
  features: {
    clientCredentials: { enabled: true },
    introspection: { enabled: true },
    devInteractions: { enabled: false },
  },
  ttl: { ClientCredentials: 3600 },
});
// Plain HTTP on loopback: the provider warns about its development defaults, not an error.
provider.on('server_error', (ctx, error) => process.stderr.write(`server_error: ${error}\n`));

// A form-urlencoded component (RFC 6749 §2.3.1 encodes the Basic header's id and secret so).
const formDecode = (text) => decodeURIComponent(text.replace(/\+/g, ' '));

// The placement a token request used, and for which client id.
function placementOf(req, body) {
  const authorization = req.headers.authorization ?? '';
  if (authorization.startsWith('Basic ')) {
    const decoded = Buffer.from(authorization.slice('Basic '.length), 'base64').toString();
    const colon = decoded.indexOf(':');
    const id = colon < 0 ? decoded : decoded.slice(0, colon);
    try {
      return { method: 'client_secret_basic', clientId: formDecode(id) };
    } catch {
      return { method: 'client_secret_basic', clientId: undefined };
    }
  }
  return { method: 'client_secret_post', clientId: body.client_id };
}

// Reads a token request's form body (the provider then reads `req.body`), and refuses it when
// the client placed its secret otherwise than registered.
async function wrongPlacement(req, res) {
  const chunks = [];
  for await (const chunk of req) chunks.push(chunk);
  const body = Object.fromEntries(new URLSearchParams(Buffer.concat(chunks).toString()));
  req.body = body;
  const { method, clientId } = placementOf(req, body);
  const client = CLIENTS.find((c) => c.client_id === clientId);
  if (client === undefined || client.token_endpoint_auth_method === method) {
    return false;
  }
  res.statusCode = 401;
  res.setHeader('content-type', 'application/json');
  res.end(JSON.stringify({
    error: 'invalid_client',
    error_description: `client authentication failed: the client is registered for `
      + `${client.token_endpoint_auth_method}, the request used ${method}`,
  }));
  return true;
}

const callback = provider.callback();
server.on('request', async (req, res) => {
  const path = new URL(req.url, issuer).pathname;
  if (req.method === 'GET' && path === '/__requests') {
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify(counts));
    return;
  }
  const key = `${req.method} ${path}`;
  counts[key] = (counts[key] ?? 0) + 1;
  if (req.method === 'POST' && path === '/token' && await wrongPlacement(req, res)) {
    return;
  }
  callback(req, res);
});

exitWithParent(server);
announce(issuer);
