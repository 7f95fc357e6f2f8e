/** Records, a request helper that can send any Host, and a sink that counts what it receives. */
import { createHmac } from "node:crypto";
import { readFileSync } from "node:fs";
import { createServer, request, type IncomingHttpHeaders } from "node:http";
import { join } from "node:path";
import type { EventRecord } from "../../../src/core/events/record.js";
import { ROOT } from "../../helpers/run-cli.js";

export const SECRET = "zubie-app-secret-123";

export function fixture(id: string): string {
  return readFileSync(join(ROOT, "fixtures", `${id}.json`), "utf8");
}

let n = 0;
/** A webhook record as listen writes it, for a fixture. */
export function webhookRecord(id: string, extra: Partial<EventRecord> = {}): EventRecord {
  const body = fixture(id);
  const [provider] = id.split("/");
  const event = JSON.parse(body) as Record<string, unknown>;
  n++;
  return {
    v: 1,
    source: "webhook",
    received_at: new Date(Date.UTC(2026, 0, 1, 0, 0, n)).toISOString(),
    peer: "127.0.0.1",
    method: "POST",
    path: "/",
    headers: { "content-type": "application/json", ...(provider === "zubie" && { "zubie-signature": createHmac("sha256", SECRET).update(body).digest("base64") }) },
    body,
    body_encoding: "utf8",
    provider,
    event: String(event.event ?? event.event_type ?? event.Event ?? event.type),
    verification: { verdict: provider === "zubie" ? "valid" : "unsigned", message: "ok" },
    validation: { valid: true, errors: [], warnings: [] },
    status: 200,
    handling_ms: n,
    ...extra,
  };
}

export interface Reply {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
}

/** One request with exactly these headers (node:http lets a test send any Host). */
export function call(port: number, method: string, path: string, headers: Record<string, string> = {}, body?: string): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request({ host: "127.0.0.1", port, method, path, headers: { host: `127.0.0.1:${port}`, ...headers } }, (res) => {
      let text = "";
      res.setEncoding("utf8");
      res.on("data", (d: string) => (text += d));
      res.on("end", () => resolve({ status: res.statusCode!, headers: res.headers, body: text }));
    });
    req.on("error", reject);
    req.end(body);
  });
}

/** Reads a server-sent-events stream until `until` holds for what came, then closes it. */
export function readStream(port: number, path: string, headers: Record<string, string>, until: (text: string) => boolean): Promise<{ headers: IncomingHttpHeaders; text: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: "127.0.0.1", port, method: "GET", path, headers: { host: `127.0.0.1:${port}`, ...headers } }, (res) => {
      let text = "";
      const timer = setTimeout(() => {
        req.destroy();
        reject(new Error(`stream did not deliver in time; got:\n${text}`));
      }, 5_000);
      res.setEncoding("utf8");
      res.on("data", (d: string) => {
        text += d;
        if (until(text)) {
          clearTimeout(timer);
          req.destroy();
          resolve({ headers: res.headers, text });
        }
      });
    });
    req.on("error", (e) => {
      if ((e as NodeJS.ErrnoException).code !== "ECONNRESET") reject(e);
    });
    req.end();
  });
}

export interface Sink {
  port: number;
  url: string;
  received: { headers: IncomingHttpHeaders; body: string }[];
  close(): Promise<void>;
}

export function startSink(status = 202): Promise<Sink> {
  const received: Sink["received"] = [];
  const server = createServer((req, res) => {
    let body = "";
    req.setEncoding("utf8");
    req.on("data", (d: string) => (body += d));
    req.on("end", () => {
      received.push({ headers: req.headers, body });
      res.writeHead(status, { "content-type": "application/json" });
      res.end('{"ok":true}');
    });
  });
  return new Promise((resolve) => {
    server.listen(0, "127.0.0.1", () => {
      const port = (server.address() as { port: number }).port;
      resolve({
        port,
        url: `http://127.0.0.1:${port}/hooks`,
        received,
        close: () =>
          new Promise<void>((done) => {
            server.close(() => done());
            server.closeAllConnections();
          }),
      });
    });
  });
}

/** Signs in: exchanges the URL's token for the cookie. Returns the Cookie header value. */
export async function signIn(port: number, url: string): Promise<string> {
  const token = new URL(url).searchParams.get("token")!;
  const r = await call(port, "GET", `/?token=${encodeURIComponent(token)}`);
  const set = r.headers["set-cookie"]?.[0];
  if (r.status !== 303 || !set) throw new Error(`sign-in failed: ${r.status}`);
  return set.split(";")[0]!;
}
