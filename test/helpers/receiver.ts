/**
 * A fake webhook receiver for `send` to deliver to: node:http only, on a free port. It records
 * every request and answers 200 when `check` (the test's own signature check, written with
 * node:crypto in the test file, never shared with src/) accepts it, and 401 (or `refuse`)
 * otherwise. Started inside a test, it is closed when the test ends, the way startMain stops the
 * commands a test started.
 */
import { once } from "node:events";
import { createServer, type IncomingHttpHeaders } from "node:http";
import { onTestFinished } from "vitest";

export interface Received {
  method: string;
  /** The request target: path and query. */
  url: string;
  headers: IncomingHttpHeaders;
  body: Buffer;
  /** What `check` said. */
  verified: boolean;
}

export interface ReceiverOptions {
  /** The status for a request `check` refuses (default 401). */
  refuse?: number;
  /** The JSON text to answer a request `check` accepts; without it (or when it returns undefined), an empty 200. */
  answer?: (body: Buffer) => string | undefined;
}

export interface Receiver {
  /** http://127.0.0.1:PORT<path> */
  url: string;
  /** The requests so far, in the order they came. */
  got: Received[];
  close(): Promise<void>;
}

export async function startReceiver(check: (headers: IncomingHttpHeaders, body: Buffer) => boolean, path = "/", options: ReceiverOptions = {}): Promise<Receiver> {
  const got: Received[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const body = Buffer.concat(chunks);
      const verified = check(req.headers, body);
      got.push({ method: req.method!, url: req.url!, headers: req.headers, body, verified });
      if (!verified) return void res.writeHead(options.refuse ?? 401).end();
      const answer = options.answer?.(body);
      if (answer === undefined) return void res.writeHead(200).end();
      res.writeHead(200, { "content-type": "application/json" }).end(answer);
    });
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  let closed: Promise<void> | undefined;
  const close = () =>
    (closed ??= new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    }));
  try {
    onTestFinished(() => close());
  } catch {
    // not inside a test: the caller closes it
  }
  return { url: `http://127.0.0.1:${(server.address() as { port: number }).port}${path}`, got, close };
}
