// What every test server here does at its start and its end: listen on 127.0.0.1 only, say
// where on stdout (one JSON line, which the Rust harness in tests/src/node.rs waits for), and
// exit when the test process is done with it (SIGTERM, SIGINT, or its stdin closing, so a test
// process that dies without cleaning up never leaves a server behind).

import process from 'node:process';

/** Listens on 127.0.0.1:`port` (0 picks a free port); rejects when it cannot. */
export function listenOnLoopback(server, port) {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve(server.address().port);
    });
  });
}

/** Closes `server` (open connections too) and exits when the test process lets go of it. */
export function exitWithParent(server) {
  const stop = () => {
    server.close();
    server.closeAllConnections?.();
    process.exit(0);
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
  process.stdin.on('end', stop);
  process.stdin.on('close', stop);
  process.stdin.on('error', stop);
  process.stdin.resume();
}

/** Tells the harness where the server is: one JSON line `{"url": ...}` on stdout. */
export function announce(url) {
  process.stdout.write(`${JSON.stringify({ url })}\n`);
}
