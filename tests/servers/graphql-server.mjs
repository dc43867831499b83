// A mock GraphQL server for gqlforge's integration tests.
//
//   node graphql-server.mjs SCHEMA.graphql [--port N] [--require-header 'Name: value']...
//        [--introspection-without COORDINATE,...] [--no-introspection] [--record-requests]
//
// Builds an executable schema from the SDL file with @graphql-tools/mock, serves graphql-http's
// handler at /graphql on 127.0.0.1 (port 0, the default, picks a free port) and prints one JSON
// line `{"url":"http://127.0.0.1:PORT/graphql"}` on stdout once listening. Other paths answer 404.
//
// Responses are deterministic (mock.mjs): before each operation the mock store is emptied and the
// random source is reseeded from the request (query, operation name, variables), so the same
// request always gets the same data. Lists hold 0 to 3 items; custom scalars are strings; an
// abstract type resolves to one of its possible types.
//
// Options for testing clients (all off by default):
// - `--require-header 'Name: value'` (repeatable): a POST without that exact header gets 401 and
//   `{"errors":[{"message":"..."}]}` (`--require-header 'Authorization: Bearer T'` for a token).
// - `--introspection-without C1,C2`: acts as an older server that does not know these
//   introspection fields (`__Type.isOneOf`) or arguments (`__Type.inputFields(includeDeprecated:)`):
//   a query using one fails validation with graphql-js's own message for an unknown field or
//   argument.
// - `--no-introspection`: introspection is disabled (graphql-js's NoSchemaIntrospectionCustomRule).
// - `--record-requests`: `GET /__requests` lists every POST to /graphql so far as
//   `{"headers": {...}, "query": "..."}` (header names lower-case).
//
// The server exits on SIGTERM, SIGINT, or when its stdin closes, so a test process that dies
// without cleaning up never leaves a server behind.

import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import process from 'node:process';

import { buildSchema, GraphQLError, NoSchemaIntrospectionCustomRule } from 'graphql';
import { createHandler as createRequestHandler } from 'graphql-http';
import { createHandler } from 'graphql-http/lib/use/http';

import { announce, exitWithParent, listenOnLoopback } from './lifecycle.mjs';
import { mockExecutor } from './mock.mjs';

const USAGE =
  'usage: node graphql-server.mjs SCHEMA.graphql [--port N] [--require-header "Name: value"]... ' +
  '[--introspection-without COORDINATE,...] [--no-introspection] [--record-requests]';

/** The options from the command line, or exits with status 2 and the usage. */
function parseArgs(argv) {
  let schemaPath;
  let port = 0;
  const requiredHeaders = [];
  const withoutFields = [];
  let noIntrospection = false;
  let recordRequests = false;
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i];
    if (arg === '--require-header') {
      const value = argv[i + 1] ?? '';
      const colon = value.indexOf(':');
      if (colon <= 0) {
        fail(`--require-header needs "Name: value", got ${JSON.stringify(argv[i + 1])}`);
      }
      requiredHeaders.push([value.slice(0, colon).trim().toLowerCase(), value.slice(colon + 1).trim()]);
      i += 1;
    } else if (arg === '--introspection-without') {
      const value = argv[i + 1] ?? '';
      for (const coordinate of value.split(',')) {
        const match = /^(__\w+)\.(\w+)(?:\((\w+):\))?$/.exec(coordinate.trim());
        if (match === null) {
          fail(`--introspection-without needs coordinates like __Type.isOneOf or __Type.inputFields(includeDeprecated:), got ${JSON.stringify(coordinate)}`);
        }
        withoutFields.push({ type: match[1], field: match[2], argument: match[3] });
      }
      i += 1;
    } else if (arg === '--no-introspection') {
      noIntrospection = true;
    } else if (arg === '--record-requests') {
      recordRequests = true;
    } else if (arg === '--port') {
      const value = Number(argv[i + 1]);
      if (!Number.isInteger(value) || value < 0 || value > 65535) {
        fail(`--port needs a port number (0 to 65535), got ${JSON.stringify(argv[i + 1])}`);
      }
      port = value;
      i += 1;
    } else if (schemaPath === undefined && !arg.startsWith('-')) {
      schemaPath = arg;
    } else {
      fail(`unexpected argument ${JSON.stringify(arg)}`);
    }
  }
  if (schemaPath === undefined) {
    fail('missing the schema file');
  }
  return { schemaPath, port, requiredHeaders, withoutFields, noIntrospection, recordRequests };
}

/**
 * A validation rule making the server act as one that does not know the introspection fields
 * and arguments in `without`, with graphql-js's messages for unknown fields and arguments.
 */
function introspectionWithout(without) {
  return (context) => ({
    Field(node) {
      const parent = context.getParentType();
      if (parent === null || parent === undefined) {
        return;
      }
      for (const { type, field, argument } of without) {
        if (parent.name !== type || node.name.value !== field) {
          continue;
        }
        if (argument === undefined) {
          context.reportError(
            new GraphQLError(`Cannot query field "${field}" on type "${type}".`, { nodes: node }),
          );
        } else {
          for (const arg of node.arguments ?? []) {
            if (arg.name.value === argument) {
              context.reportError(
                new GraphQLError(`Unknown argument "${argument}" on field "${type}.${field}".`, {
                  nodes: arg,
                }),
              );
            }
          }
        }
      }
    },
  });
}

function fail(message) {
  process.stderr.write(`graphql-server: ${message}\n${USAGE}\n`);
  process.exit(2);
}

function main() {
  const { schemaPath, port, requiredHeaders, withoutFields, noIntrospection, recordRequests } =
    parseArgs(process.argv.slice(2));
  let sdl;
  try {
    sdl = readFileSync(schemaPath, 'utf8');
  } catch (e) {
    fail(`cannot read the schema ${schemaPath}: ${e.message}`);
  }
  let schema;
  try {
    schema = buildSchema(sdl);
  } catch (e) {
    fail(`cannot build a schema from ${schemaPath}: ${e.message}`);
  }
  const mocked = mockExecutor(schema);

  const validationRules = [];
  if (withoutFields.length > 0) {
    validationRules.push(introspectionWithout(withoutFields));
  }
  if (noIntrospection) {
    validationRules.push(NoSchemaIntrospectionCustomRule);
  }
  const requests = [];

  const handlerOptions = { schema: mocked.schema, validationRules, execute: mocked.execute };
  const handler = createHandler(handlerOptions);
  // For requests whose body was read already (recorded or checked): takes it as a string.
  const requestHandler = createRequestHandler(handlerOptions);

  const server = createServer((req, res) => {
    const path = (req.url ?? '').split('?')[0];
    if (recordRequests && path === '/__requests' && req.method === 'GET') {
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(requests));
      return;
    }
    if (path === '/graphql' && req.method === 'POST' && (recordRequests || requiredHeaders.length > 0)) {
      serveChecked(req, res);
      return;
    }
    serve(req, res, undefined);
  });

  /** Reads the body (to record it), checks the required headers, then serves it. */
  const serveChecked = (req, res) => {
    const chunks = [];
    req.on('data', (chunk) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      if (recordRequests) {
        let query = null;
        try {
          query = JSON.parse(body).query ?? null;
        } catch {
          // Not JSON: graphql-http rejects it below.
        }
        requests.push({ headers: req.headers, query });
      }
      for (const [name, value] of requiredHeaders) {
        if (req.headers[name] !== value) {
          res
            .writeHead(401, { 'content-type': 'application/json' })
            .end(JSON.stringify({ errors: [{ message: `missing or wrong header ${name}` }] }));
          return;
        }
      }
      serve(req, res, body);
    });
  };

  /** graphql-http's handler; `body` when it was already read from `req`. */
  const serve = (req, res, body) => {
    const path = (req.url ?? '').split('?')[0];
    if (path !== '/graphql') {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found\n');
      return;
    }
    const handled =
      body === undefined
        ? handler(req, res)
        : requestHandler({
            url: req.url,
            method: req.method,
            headers: req.headers,
            body: () => Promise.resolve(body),
            raw: req,
            context: { res },
          }).then(([responseBody, init]) => {
            res.writeHead(init.status, init.statusText, init.headers).end(responseBody);
          });
    handled.catch((e) => {
      process.stderr.write(`graphql-server: ${e?.stack ?? e}\n`);
      if (!res.headersSent) {
        res.writeHead(500, { 'content-type': 'text/plain' });
      }
      res.end('internal error\n');
    });
  };

  exitWithParent(server);
  listenOnLoopback(server, port).then(
    (listening) => announce(`http://127.0.0.1:${listening}/graphql`),
    (e) => fail(`cannot listen on 127.0.0.1:${port}: ${e.message}`),
  );
}

main();
