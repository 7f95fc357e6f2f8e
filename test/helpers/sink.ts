/**
 * An independent webhook receiver for send's tests, written with node:http and node:crypto only:
 * it verifies each provider's signature itself (none of our code), records every attempt, and can
 * misbehave: fail the first K attempts of each event with 503, or drop their connections.
 */
import { createHmac, timingSafeEqual } from "node:crypto";
import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";

export interface Received {
  at: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
  json?: Record<string, unknown>;
  /** Our own verdict on the signature, computed here. */
  verified: boolean | "unsigned";
  answered: number | "dropped";
}

export interface SinkOptions {
  secret?: string;
  /** The secret, read when a request comes (a dev secret made by the command under test). */
  secretFor?: () => string | undefined;
  /** Fail the first K attempts of each event (by event id / body) with 503. */
  failFirst?: number;
  /** Destroy the connection instead of answering, for the first K attempts of each event. */
  dropFirst?: number;
  /** Answer with this status always. */
  status?: number;
  /** Wait this long before answering. */
  delayMs?: number;
}

const eq = (a: string, b: string) => a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));

export function verifyIndependently(headers: IncomingHttpHeaders, body: Buffer, secret: string | undefined): boolean | "unsigned" {
  if (secret === undefined) return "unsigned";
  const zubie = headers["zubie-signature"];
  if (typeof zubie === "string") return eq(zubie, createHmac("sha256", secret).update(body).digest("base64"));
  const uber = headers["x-uber-signature"];
  if (typeof uber === "string") return eq(uber.toLowerCase(), createHmac("sha256", secret).update(body).digest("hex"));
  const sw = headers["webhook-signature"];
  if (typeof sw === "string") {
    const key = Buffer.from(secret.replace(/^whsec_/, ""), "base64");
    const content = Buffer.concat([Buffer.from(`${headers["webhook-id"]}.${headers["webhook-timestamp"]}.`), body]);
    const expected = "v1," + createHmac("sha256", key).update(content).digest("base64");
    return sw.split(" ").some((s) => eq(s, expected));
  }
  const auth = headers.authorization;
  if (typeof auth === "string") return eq(auth, `Bearer ${secret}`);
  return false;
}

export async function startSink(options: SinkOptions = {}) {
  const received: Received[] = [];
  const attemptsByKey = new Map<string, number>();
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const body = Buffer.concat(chunks);
      let json: Record<string, unknown> | undefined;
      try {
        json = JSON.parse(body.toString()) as Record<string, unknown>;
      } catch {
        json = undefined;
      }
      const key = String(req.headers["webhook-id"] ?? json?.event_id ?? json?.id ?? body.toString());
      const n = (attemptsByKey.get(key) ?? 0) + 1;
      attemptsByKey.set(key, n);
      const record: Received = { at: Date.now(), headers: req.headers, body, ...(json && { json }), verified: verifyIndependently(req.headers, body, options.secretFor ? options.secretFor() : options.secret), answered: 200 };
      received.push(record);
      const answer = () => {
        if (options.dropFirst !== undefined && n <= options.dropFirst) {
          record.answered = "dropped";
          req.socket.destroy();
          return;
        }
        const status = options.status ?? (options.failFirst !== undefined && n <= options.failFirst ? 503 : 200);
        record.answered = status;
        res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify({ received: true, attempt: n }));
      };
      if (options.delayMs) setTimeout(answer, options.delayMs);
      else answer();
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/hooks`,
    received,
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}
