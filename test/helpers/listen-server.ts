/**
 * Starts `telematics listen` for a test: a free port, a temporary working directory (so the default
 * event log lands there), and helpers to sign and send requests to it.
 */
import { createHmac } from "node:crypto";
import { mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { request } from "undici";
import { ROOT } from "./run-cli.js";
import { spawnCli, type Running } from "./spawn-cli.js";
import { startProc, type Proc } from "./main.js";

export const FIXTURES = join(ROOT, "fixtures");

export interface Listener<R extends Proc = Proc> {
  /** In-process (main(argv, io)) unless started with `spawn: true`. */
  run: R;
  /** http://127.0.0.1:PORT (no path). */
  origin: string;
  port: number;
  cwd: string;
  /** The default event log (cwd/.telematics/events.ndjson). */
  logPath: string;
  /** Parsed lines of the event log so far. */
  records(path?: string): Record<string, unknown>[];
  /** SIGINT (or another signal); resolves with the exit. */
  stop(signal?: NodeJS.Signals): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

export interface ListenOptions {
  env?: Record<string, string>;
  cwd?: string;
}

/** `listen` in-process; `{ spawn: true }` for a real process (kill -9, real signals). */
export function startListen(args: readonly string[], options: ListenOptions & { spawn: true }): Promise<Listener<Running>>;
export function startListen(args: readonly string[], options?: ListenOptions & { spawn?: false }): Promise<Listener>;
export async function startListen(args: readonly string[], options: ListenOptions & { spawn?: boolean } = {}): Promise<Listener<Proc>> {
  const cwd = options.cwd ?? mkdtempSync(join(tmpdir(), "telematics-listen-"));
  const argv = ["listen", "--port", "0", ...args];
  const run: Proc = options.spawn ? spawnCli(argv, { cwd, ...(options.env && { env: options.env }) }) : startProc(argv, { cwd, ...(options.env && { env: options.env }) });
  // The banner's last line: the listener is up and handles Ctrl-C. One route: "receiving webhooks
  // at URL"; several (--route): "receiving webhooks on N routes", then one "METHOD URL" line each.
  const m = await run
    .waitFor(({ stderr }) => stderr.includes("Ctrl-C to stop."), 15_000)
    .then(() => /receiving webhooks (?:at|on \d+ routes\n +[A-Z]+) +(https?:\/\/[^/\s]+)/.exec(run.stderr()))
    .catch((e: unknown) => {
      run.kill("SIGKILL");
      throw e;
    });
  if (!m) {
    run.kill("SIGKILL");
    throw new Error(`no URL in the banner:\n${run.stderr()}`);
  }
  const origin = m[1]!;
  const logPath = join(cwd, ".telematics", "events.ndjson");
  return {
    run,
    origin,
    port: Number(new URL(origin).port),
    cwd,
    logPath,
    records: (path = logPath) =>
      readFileSync(path, "utf8")
        .split("\n")
        .filter((l) => l.trim())
        .map((l) => JSON.parse(l) as Record<string, unknown>),
    async stop(signal: NodeJS.Signals = "SIGINT") {
      const child = (run as Partial<Running>).child;
      if (!child || (child.exitCode === null && child.signalCode === null)) run.kill(signal);
      return run.exit();
    },
  };
}

/** Every bundled fixture: id (provider/name), provider and bytes. */
export function allFixtures(): { id: string; provider: string; bytes: Buffer }[] {
  const out: { id: string; provider: string; bytes: Buffer }[] = [];
  for (const provider of readdirSync(FIXTURES).filter((d) => !d.includes(".")).sort()) {
    for (const f of readdirSync(join(FIXTURES, provider)).filter((x) => x.endsWith(".json")).sort()) {
      out.push({ id: `${provider}/${f.slice(0, -5)}`, provider, bytes: readFileSync(join(FIXTURES, provider, f)) });
    }
  }
  return out;
}

export function fixtureBytes(id: string): Buffer {
  return readFileSync(join(FIXTURES, `${id}.json`));
}

/** The headers each provider sends, computed here with node:crypto (not with our signing code). */
export function providerHeaders(provider: string, body: Uint8Array, secret: string, token: string): Record<string, string> {
  switch (provider) {
    case "zubie":
      return { "content-type": "application/json", "zubie-signature": createHmac("sha256", secret).update(body).digest("base64") };
    case "uber":
      return { "content-type": "application/json", "x-uber-signature": createHmac("sha256", secret).update(body).digest("hex"), "x-environment": "sandbox" };
    case "events-push":
      return { "content-type": "application/json", authorization: `Bearer ${token}` };
    case "smartcar":
      return { "content-type": "application/json", "sc-signature": createHmac("sha256", secret).update(body).digest("hex") };
    case "fleetio":
      return { "content-type": "application/json", "x-fleetio-webhook-signature": createHmac("sha256", secret).update(body).digest("hex") };
    case "samsara": {
      const ts = String(Math.floor(Date.now() / 1000));
      const mac = createHmac("sha256", Buffer.from(secret, "base64")).update(Buffer.concat([Buffer.from(`v1:${ts}:`), body])).digest("hex");
      return { "content-type": "application/json", "x-samsara-signature": `v1=${mac}`, "x-samsara-timestamp": ts };
    }
    case "motive":
      return { "content-type": "application/json", "x-kt-webhook-signature": createHmac("sha1", secret).update(body).digest("hex") };
    default:
      return { "content-type": "application/json" };
  }
}

export interface Reply {
  status: number;
  body: string;
  headers: Record<string, string | string[] | undefined>;
}

export async function post(url: string, body: string | Uint8Array, headers: Record<string, string> = {}, method = "POST"): Promise<Reply> {
  const res = await request(url, { method: method as "POST", headers, body: method === "GET" || method === "HEAD" ? undefined : typeof body === "string" ? body : Buffer.from(body) });
  return { status: res.statusCode, body: await res.body.text(), headers: res.headers };
}
