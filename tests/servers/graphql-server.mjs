// A mock GraphQL server for gqlforge's integration tests.
//
//   node graphql-server.mjs SCHEMA.graphql [--port N]
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
// The server exits on SIGTERM, SIGINT, or when its stdin closes, so a test process that dies
// without cleaning up never leaves a server behind.

import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import process from 'node:process';

import { buildSchema } from 'graphql';
import { createHandler } from 'graphql-http/lib/use/http';

import { mockExecutor } from './mock.mjs';

const USAGE = 'usage: node graphql-server.mjs SCHEMA.graphql [--port N]';

/** `{ schemaPath, port }` from the command line, or exits with status 2 and the usage. */
function parseArgs(argv) {
  let schemaPath;
  let port = 0;
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i];
    if (arg === '--port') {
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
  return { schemaPath, port };
}

function fail(message) {
  process.stderr.write(`graphql-server: ${message}\n${USAGE}\n`);
  process.exit(2);
}

function main() {
  const { schemaPath, port } = parseArgs(process.argv.slice(2));
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
  const handler = createHandler({ schema: mocked.schema, execute: mocked.execute });

  const server = createServer((req, res) => {
    const path = (req.url ?? '').split('?')[0];
    if (path !== '/graphql') {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found\n');
      return;
    }
    handler(req, res).catch((e) => {
      process.stderr.write(`graphql-server: ${e?.stack ?? e}\n`);
      if (!res.headersSent) {
        res.writeHead(500, { 'content-type': 'text/plain' });
      }
      res.end('internal error\n');
    });
  });

  const shutdown = () => {
    server.close();
    server.closeAllConnections();
    process.exit(0);
  };
  process.on('SIGTERM', shutdown);
  process.on('SIGINT', shutdown);
  process.stdin.on('end', shutdown);
  process.stdin.on('error', shutdown);
  process.stdin.resume();

  server.on('error', (e) => fail(`cannot listen on 127.0.0.1:${port}: ${e.message}`));
  server.listen(port, '127.0.0.1', () => {
    const address = server.address();
    process.stdout.write(`${JSON.stringify({ url: `http://127.0.0.1:${address.port}/graphql` })}\n`);
  });
}

main();
