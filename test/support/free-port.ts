import net from 'node:net';

/**
 * Below Linux's ephemeral range (32768-60999 by default): the kernel hands those out to every outgoing
 * connection and every `listen(0)` (the Temporal dev server's internal services, metrics), so a port
 * found free there can be taken again before the test's server binds it.
 */
const FIRST = 20_000;
const LAST = 32_767;
const handedOut = new Set<number>();

function isFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = net.createServer();
    s.once('error', () => resolve(false));
    s.listen(port, '127.0.0.1', () => s.close(() => resolve(true)));
  });
}

/** A TCP port on 127.0.0.1 that was free a moment ago (for servers a test starts), outside the ephemeral range. */
export async function freePort(): Promise<number> {
  for (let attempt = 0; attempt < 200; attempt++) {
    const port = FIRST + Math.floor(Math.random() * (LAST - FIRST + 1));
    if (handedOut.has(port)) continue;
    if (await isFree(port)) {
      handedOut.add(port);
      return port;
    }
  }
  throw new Error(`no free port found between ${FIRST} and ${LAST}`);
}
