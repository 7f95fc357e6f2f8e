import { randomBytes } from "node:crypto";
import { parseDuration, formatDuration } from "../core/duration.js";
import { EXIT, UsageError } from "../core/errors.js";
import { eventFilter } from "../core/glob.js";
import { hideUserinfo, takeBasicAuth } from "../core/headers.js";
import { getProvider, type Provider } from "../core/providers/index.js";
import { parseAssignment, parsePath, setPath, unsetPath, type PathPart } from "../core/send/edit.js";
import { firstInexactInteger, shiftToNow, withNewIds } from "../core/send/refresh.js";
import { delivered, nextDelay, policyFor, type Outcome } from "../core/send/retry.js";
import { Samples } from "../core/stats.js";
import type { Context, GlobalOptions } from "../context.js";
import { readPayload } from "../io/input.js";
import { noSecret, resolveSecrets, type SecretFlags } from "../io/secrets.js";
import { headerFlags, integer } from "./options.js";
import { requireProvider, schemeOptions, type SchemeFlags } from "./scheme-options.js";

export interface SendFlags extends GlobalOptions, SecretFlags, SchemeFlags {
  fixture?: string;
  file?: string;
  fromLog?: string;
  events?: string;
  since?: string;
  scenario?: string;
  listScenarios?: boolean;
  pace?: string;
  to?: string;
  provider?: string;
  asIs?: boolean;
  set?: string[];
  unset?: string[];
  token?: string;
  header?: string[];
  dryRun?: boolean;
  count?: string;
  concurrency?: string;
  rate?: string;
  duration?: string;
  timeout?: string;
  retry?: boolean;
  retrySchedule?: string;
}

/** One thing to send: a payload template and who sends it. */
interface Item {
  provider: Provider;
  label: string;
  /** Exact bytes (used with --as-is). */
  bytes: Uint8Array;
  /** Parsed payload, when the bytes are JSON. */
  payload?: unknown;
  /** Scenario offset from the first event. */
  atMs?: number;
  /** Scenario events are already current; do not refresh them again. */
  fresh?: boolean;
}

interface Result {
  index: number;
  label: string;
  status?: number;
  error?: string;
  latencyMs: number;
  attempts: number;
  delivered: boolean;
  bodyStart?: string;
  eventId?: string;
}

function shellQuote(s: string): string {
  return `'${s.replaceAll("'", `'\\''`)}'`;
}

function parseJson(bytes: Uint8Array, where: string): unknown {
  try {
    return JSON.parse(Buffer.from(bytes).toString("utf8"));
  } catch (e) {
    throw new UsageError(`${where}: not valid JSON (${(e as Error).message}); use --as-is with --provider to send it unchanged`);
  }
}

async function detectProvider(payload: unknown, given: Provider | undefined, where: string): Promise<Provider> {
  if (given) return given;
  const { detectEvent } = await import("../core/schemas/detect.js");
  const ref = detectEvent(payload);
  if (!ref) throw new UsageError(`${where}: cannot tell which provider sent this payload; give --provider`);
  return getProvider(ref.provider)!;
}

async function loadItems(flags: SendFlags, ctx: Context, forced: Provider | undefined): Promise<Item[]> {
  const sources = [flags.fixture, flags.file, flags.fromLog, flags.scenario].filter((s) => s !== undefined).length;
  if (sources > 1) throw new UsageError("give one of --fixture, --file, --from-log or --scenario");
  if (flags.fixture !== undefined) {
    const { loadFixture } = await import("../io/fixtures.js");
    const f = await loadFixture(flags.fixture);
    return [{ provider: forced ?? getProvider(f.info.provider)!, label: f.info.id, bytes: f.bytes, payload: f.payload }];
  }
  if (flags.file !== undefined) {
    const bytes = await readPayload(flags.file, ctx.stdin, "--file");
    if (flags.asIs && forced) return [{ provider: forced, label: flags.file === "-" ? "stdin" : flags.file, bytes }];
    const payload = parseJson(bytes, `--file ${flags.file}`);
    if (!flags.asIs) warnInexact(ctx, `--file ${flags.file}`, [payload]);
    return [{ provider: await detectProvider(payload, forced, `--file ${flags.file}`), label: flags.file === "-" ? "stdin" : flags.file, bytes, payload }];
  }
  if (flags.fromLog !== undefined) {
    const { readEventLog } = await import("../io/event-log.js");
    const { decodeBody } = await import("../core/events/record.js");
    const wanted = eventFilter(flags.events);
    let since: number | undefined;
    if (flags.since !== undefined) {
      const ago = parseDuration(flags.since, "s");
      since = ago !== undefined ? ctx.now() - ago : Date.parse(flags.since);
      if (Number.isNaN(since)) throw new UsageError(`--since ${flags.since}: expected a duration (30m) or an ISO time`);
    }
    const items: Item[] = [];
    try {
      for await (const entry of readEventLog(flags.fromLog)) {
        if ("error" in entry) {
          ctx.out.warn(`--from-log ${flags.fromLog}:${entry.line}: skipped (${entry.error})`);
          continue;
        }
        const r = entry.record;
        if (r.status !== undefined && (r.status < 200 || r.status >= 300) && !r.provider) continue;
        if (!wanted(r.event)) continue;
        if (since !== undefined && Date.parse(r.received_at) < since) continue;
        // A feed event's body is sent as the frame held it (the line's own text), not re-encoded.
        const bytes = entry.bodyText !== undefined ? Buffer.from(entry.bodyText, "utf8") : decodeBody(r);
        let payload: unknown;
        try {
          payload = JSON.parse(bytes.toString("utf8"));
        } catch {
          if (!flags.asIs) continue;
        }
        const provider = forced ?? (r.provider ? getProvider(r.provider) : undefined) ?? (payload !== undefined ? await detectProvider(payload, undefined, `--from-log line ${entry.line}`) : undefined);
        if (!provider) continue;
        items.push({ provider, label: `${r.provider ?? provider.name}/${r.event ?? "?"} (line ${entry.line})`, bytes, ...(payload !== undefined && { payload }) });
      }
      if (!flags.asIs) warnInexact(ctx, `--from-log ${flags.fromLog}`, items.map((i) => i.payload));
    } catch (e) {
      if (e instanceof UsageError) throw e;
      throw new UsageError(`--from-log ${flags.fromLog}: ${(e as Error).message}`);
    }
    if (items.length === 0) throw new UsageError(`--from-log ${flags.fromLog}: no events match${flags.events ? ` --events ${flags.events}` : ""}${flags.since ? ` --since ${flags.since}` : ""}`);
    return items;
  }
  if (flags.scenario !== undefined) {
    const { getScenario } = await import("../core/scenarios/index.js");
    const { loadFixture } = await import("../io/fixtures.js");
    const scenario = getScenario(flags.scenario);
    const templates: Record<string, unknown> = {};
    for (const id of scenario.fixtures) templates[id] = (await loadFixture(id)).payload;
    const factor = paceFactor(flags.pace);
    const speed = factor ?? 1;
    const last = scenario.build(templates, { start: 0, random: Math.random, speed }).at(-1)?.atMs ?? 0;
    // Fast: the last event happens now. Real or Nx: the first happens now, time runs N times faster
    // (inside the events too: a trip sent at 10x lasts a tenth of its real time).
    const start = factor === undefined ? ctx.now() - last : ctx.now();
    return scenario.build(templates, { start, random: Math.random, speed }).map((s) => ({
      provider: forced ?? getProvider(s.provider)!,
      label: `${s.provider}/${s.event}`,
      bytes: Buffer.from(JSON.stringify(s.payload)),
      payload: s.payload,
      atMs: s.atMs,
      fresh: true,
    }));
  }
  return [];
}

/**
 * Sent fresh, a payload is encoded again from what JSON.parse read: an integer beyond 2^53 (a 64-bit
 * id) would not be the number received. Said once, with the way out.
 */
function warnInexact(ctx: Context, source: string, payloads: readonly unknown[]): void {
  let first: { path: string; value: number } | undefined;
  let count = 0;
  for (const p of payloads) {
    const hit = firstInexactInteger(p);
    if (hit) {
      first ??= hit;
      count++;
    }
  }
  if (!first) return;
  const where = payloads.length > 1 ? ` (in ${count} of ${payloads.length} events)` : "";
  ctx.out.warn(`${source}: ${first.path} is an integer beyond 2^53 that JavaScript reads as ${BigInt(first.value)}${where}; sent with fresh ids and times it would not be the number received: use --as-is to send the bytes unchanged`);
}

/** undefined: fast (no waiting). 1: real time. N: N times faster. */
export function paceFactor(pace: string | undefined): number | undefined {
  if (pace === undefined || pace === "fast") return undefined;
  if (pace === "real") return 1;
  const m = /^(\d+(?:\.\d+)?)x$/.exec(pace);
  if (!m || Number(m[1]) <= 0) throw new UsageError(`--pace ${pace}: expected real, fast or a speed-up such as 10x`);
  return Number(m[1]);
}

function eventIdOf(provider: string, payload: unknown, headers: Record<string, string>): string | undefined {
  if (headers["webhook-id"]) return headers["webhook-id"];
  if (!payload || typeof payload !== "object") return undefined;
  const p = payload as Record<string, unknown>;
  if (provider === "uber" && typeof p.event_id === "string") return p.event_id;
  if (typeof p.id === "string") return p.id;
  return undefined;
}

function parseSchedule(text: string | undefined): number[] | undefined {
  if (text === undefined) return undefined;
  const delays = text.split(",").map((t) => parseDuration(t.trim(), "s"));
  if (delays.length === 0 || delays.some((d) => d === undefined || d < 0)) throw new UsageError(`--retry-schedule ${text}: expected delays such as 1s,2s,4s`);
  return delays as number[];
}

async function interactive(flags: SendFlags, ctx: Context): Promise<void> {
  const { select, input, password } = await import("@inquirer/prompts");
  const { listFixtures } = await import("../io/fixtures.js");
  const all = await listFixtures();
  const providerNames = [...new Set(all.map((f) => f.provider))];
  const provider = await select({ message: "Provider", choices: providerNames.map((p) => ({ name: p, value: p })) }, { output: process.stderr });
  flags.fixture = await select({ message: "Event", choices: all.filter((f) => f.provider === provider).map((f) => ({ name: `${f.name}  (${f.event})`, value: f.id })) }, { output: process.stderr });
  if (!flags.to) flags.to = await input({ message: "URL", default: "http://127.0.0.1:4000/" }, { output: process.stderr });
  const p = getProvider(provider)!;
  if ((p.auth === "hmac" || p.auth === "standard-webhooks" || p.auth === "bearer") && !flags.secret?.length && !flags.secretEnv && !flags.secretFile && !ctx.env.TELEMATICS_SECRET && !flags.token) {
    const secret = await password({ message: p.auth === "bearer" ? "Bearer token (empty for none)" : `${p.title} ${p.secretName}`, mask: "*" }, { output: process.stderr });
    if (secret) flags.secret = [secret];
  }
}

export async function run(flags: SendFlags, ctx: Context): Promise<number> {
  const { out } = ctx;
  if (flags.listScenarios) {
    const { listScenarios } = await import("../core/scenarios/index.js");
    for (const s of listScenarios()) {
      if (out.json) out.record({ name: s.name, provider: s.provider, description: s.description, fixtures: s.fixtures });
      else out.data(`${s.name.padEnd(18)} ${s.provider.padEnd(12)} ${s.description}`);
    }
    return EXIT.ok;
  }
  const nothing = [flags.fixture, flags.file, flags.fromLog, flags.scenario].every((s) => s === undefined);
  const canPrompt = ctx.stdin.isTTY === true && out.stderrIsTTY && !out.json && !ctx.env.CI;
  if ((nothing || flags.to === undefined) && canPrompt && nothing) await interactive(flags, ctx);
  if ([flags.fixture, flags.file, flags.fromLog, flags.scenario].every((s) => s === undefined)) {
    throw new UsageError("give what to send: --fixture NAME, --file PATH, --from-log FILE or --scenario NAME (telematics fixtures lists the fixtures)");
  }
  if (flags.to === undefined && ctx.env.TELEMATICS_SEND_TO === undefined && canPrompt) {
    const { input } = await import("@inquirer/prompts");
    flags.to = await input({ message: "URL", default: "http://127.0.0.1:4000/" }, { output: process.stderr });
  }
  const to = flags.to ?? ctx.env.TELEMATICS_SEND_TO;
  if (to === undefined) throw new UsageError("--to URL is required: where to send, e.g. --to http://127.0.0.1:4000/");
  let url: URL;
  try {
    url = new URL(to);
    if (url.protocol !== "http:" && url.protocol !== "https:") throw new Error();
  } catch {
    throw new UsageError(`--to ${hideUserinfo(to)}: not an http:// or https:// URL`);
  }
  // user:password@ becomes Basic authorization; the URL shown and reported has none.
  const credentials = takeBasicAuth(url);
  for (const secret of credentials?.secrets ?? []) out.addSecret(secret);
  const basic = credentials?.authorization;
  if (flags.asIs && (flags.set?.length || flags.unset?.length)) throw new UsageError("--as-is sends the bytes unchanged: it cannot be combined with --set or --unset");

  const forced = flags.provider !== undefined ? requireProvider(flags.provider, ctx.env) : undefined;
  const options = schemeOptions(flags);
  const extraHeaders = headerFlags(flags.header);
  const secrets = resolveSecrets(flags, ctx.env, out);
  // The bearer token (Events Push) and the signing secrets are kept apart: each provider gets its
  // own kind of key (a secret given alone still serves as the bearer token).
  if (flags.token !== undefined) {
    if (flags.token.trim() === "") throw new UsageError("--token is empty");
    out.addSecret(flags.token);
  }
  const keyFor = (provider: Provider): string => (provider.auth === "bearer" ? (flags.token ?? secrets[0] ?? "") : (secrets[0] ?? ""));
  const edits: ({ set: PathPart[]; value: unknown } | { unset: PathPart[] })[] = [
    ...(flags.set ?? []).map((s) => {
      const a = parseAssignment(s);
      return { set: a.path, value: a.value };
    }),
    ...(flags.unset ?? []).map((u) => ({ unset: parsePath(u) })),
  ];

  const items = await loadItems(flags, ctx, forced);
  for (const p of new Set(items.map((i) => i.provider))) {
    if ((p.auth === "hmac" || p.auth === "standard-webhooks") && secrets.length === 0) throw noSecret(`${p.title} ${p.secretName}`);
  }
  const scenario = flags.scenario !== undefined;
  const countFlag = integer("--count", flags.count, 1);
  const durationMs = flags.duration !== undefined ? parseDuration(flags.duration, "s") : undefined;
  if (flags.duration !== undefined && (durationMs === undefined || durationMs <= 0)) throw new UsageError(`--duration ${flags.duration}: expected a duration such as 30s or 2m`);
  const count = countFlag ?? (durationMs !== undefined ? Number.POSITIVE_INFINITY : items.length);
  const concurrency = scenario ? 1 : (integer("--concurrency", flags.concurrency, 1) ?? 1);
  const rate = flags.rate !== undefined ? Number(flags.rate) : undefined;
  if (rate !== undefined && (!Number.isFinite(rate) || rate <= 0)) throw new UsageError(`--rate ${flags.rate}: expected requests per second, more than 0`);
  const timeoutMs = flags.timeout !== undefined ? parseDuration(flags.timeout, "s") : 10_000;
  if (timeoutMs === undefined || timeoutMs <= 0) throw new UsageError(`--timeout ${flags.timeout}: expected a duration such as 10s`);
  const schedule = parseSchedule(flags.retrySchedule);
  const retry = flags.retry === true || schedule !== undefined;
  const pacing = scenario ? paceFactor(flags.pace) : undefined;

  // Moving every timestamp of a payload is the costly part of a fresh event: do it once per item
  // and second, and give each event only its new ids.
  const shifted = new Map<Item, { second: number; payload: unknown; bytes?: Buffer }>();
  const current = (item: Item) => {
    const now = ctx.now();
    const second = Math.floor(now / 1000);
    const hit = shifted.get(item);
    if (hit && hit.second === second) return hit;
    const entry: { second: number; payload: unknown; bytes?: Buffer } = { second, payload: shiftToNow(item.provider.name, item.payload, now) };
    shifted.set(item, entry);
    return entry;
  };
  // Signing is deterministic for the HMAC and token schemes: the same bytes get the same headers.
  const signedFor = new WeakMap<Uint8Array, Record<string, string>>();

  /** Builds event `index`: its bytes and headers. Fresh ids and times unless --as-is. */
  const build = (index: number) => {
    const item = items[index % items.length]!;
    let bytes = item.bytes;
    let payload = item.payload;
    if (!flags.asIs && payload !== undefined) {
      if (item.fresh && index < items.length) payload = edits.length ? structuredClone(payload) : payload;
      else {
        const entry = current(item);
        payload = withNewIds(item.provider.name, entry.payload, Math.random);
        // No ids to renew and nothing to edit: this second's bytes serve every event.
        if (payload === entry.payload && edits.length === 0) bytes = entry.bytes ??= Buffer.from(JSON.stringify(payload));
        else if (edits.length) payload = structuredClone(payload);
      }
      for (const e of edits) {
        if ("set" in e) setPath(payload, e.set, e.value);
        else unsetPath(payload, e.unset);
      }
      if (bytes === item.bytes) bytes = Buffer.from(JSON.stringify(payload));
    }
    const deterministic = item.provider.auth !== "standard-webhooks";
    const cached = deterministic ? signedFor.get(bytes) : undefined;
    if (cached) return { item, bytes, payload, headers: cached };
    const headers: Record<string, string> = {
      ...item.provider.sign({
        body: bytes,
        secret: keyFor(item.provider),
        ...(item.provider.auth === "standard-webhooks" && { id: "msg_" + randomBytes(18).toString("base64url").replace(/[-_]/g, "x") }),
        timestamp: Math.floor(ctx.now() / 1000),
        options,
      }),
      ...extraHeaders,
      "User-Agent": "telematics-send",
    };
    if (item.provider.auth === "bearer" && keyFor(item.provider) === "") delete headers.Authorization;
    // Basic authorization from the URL, unless the provider or --header brings its own.
    if (basic && !Object.keys(headers).some((h) => h.toLowerCase() === "authorization")) headers.Authorization = basic;
    if (deterministic) signedFor.set(bytes, headers);
    return { item, bytes, payload, headers };
  };

  if (flags.dryRun) {
    const n = Number.isFinite(count) ? count : items.length;
    for (let i = 0; i < n; i++) {
      const { bytes, headers } = build(i);
      const parts = ["curl", "-sS", "-X", "POST", shellQuote(url.toString()), ...Object.entries(headers).flatMap(([k, v]) => ["-H", shellQuote(`${k}: ${v}`)]), "--data-raw", shellQuote(Buffer.from(bytes).toString("utf8"))];
      if (out.json) out.record({ dry_run: true, url: url.toString(), headers, body: Buffer.from(bytes).toString("utf8") });
      else out.data(parts.join(" "));
    }
    return EXIT.ok;
  }

  const { HttpClient } = await import("../io/http-client.js");
  const client = new HttpClient({ connections: concurrency, timeoutMs });
  const latencies = new Samples();
  const tally = { sent: 0, ok: 0, c3: 0, c4: 0, c5: 0, network: 0, undelivered: 0 };
  const single = count === 1 || scenario;
  let interrupted = false;
  /** The waits in progress, ended at once by Ctrl-C. */
  const waits = new Set<() => void>();
  const onSigint = () => {
    interrupted = true;
    for (const end of waits) end();
  };
  process.once("SIGINT", onSigint);
  /** Waits, but not past Ctrl-C (a retry wait can be half an hour); setTimeout's own limit is 24.8 days. */
  const pause = (ms: number) =>
    new Promise<void>((resolve) => {
      if (interrupted) return resolve();
      const end = () => {
        clearTimeout(timer);
        waits.delete(end);
        resolve();
      };
      const timer = setTimeout(end, Math.min(ms, 2_147_483_647));
      waits.add(end);
    });
  const started = performance.now();
  const deadline = durationMs !== undefined ? started + durationMs : Number.POSITIVE_INFINITY;
  let nextIndex = 0;

  const progress = out.stderrIsTTY && !out.json && !single ? setInterval(() => {
    process.stderr.write(`\r${out.chalk.dim(`sent ${tally.sent}${Number.isFinite(count) ? `/${count}` : ""} · 2xx ${tally.ok}${tally.c3 ? ` · 3xx ${tally.c3}` : ""} · 4xx ${tally.c4} · 5xx ${tally.c5} · network ${tally.network}`)}   `);
  }, 200) : undefined;

  const report = (r: Result) => {
    if (out.json) {
      out.record({ index: r.index, event: r.label, ...(r.eventId && { event_id: r.eventId }), url: url.toString(), status: r.status ?? null, ...(r.error && { error: r.error }), latency_ms: Math.round(r.latencyMs * 10) / 10, attempts: r.attempts, delivered: r.delivered, ...(r.bodyStart !== undefined && { response: r.bodyStart }) });
      return;
    }
    if (!single && r.delivered) return;
    const verdict = r.delivered ? out.chalk.green("delivered") : out.chalk.red("not delivered");
    const status = r.status !== undefined ? String(r.status) : out.chalk.red(r.error ?? "failed");
    const line = `${status}  ${Math.round(r.latencyMs)}ms  ${r.label}${r.eventId ? ` ${r.eventId}` : ""}  ${verdict}${r.attempts > 1 ? ` after ${r.attempts} attempts` : ""}${r.bodyStart ? `  ${out.chalk.dim(r.bodyStart.replace(/\s+/g, " ").slice(0, 80))}` : ""}`;
    out.data(line);
  };

  const sendOne = async (index: number): Promise<void> => {
    const { item, payload, bytes, headers } = build(index);
    const eventId = eventIdOf(item.provider.name, payload, headers);
    const policy = policyFor(item.provider.name, schedule);
    let attempts = 0;
    for (;;) {
      attempts++;
      const res = await client.post(url, headers, bytes);
      const outcome: Outcome = res.status !== undefined ? { kind: "response", status: res.status, ...(res.retryAfter && { retryAfter: res.retryAfter }) } : { kind: "network", message: res.error ?? "failed" };
      const delay = retry && !interrupted ? nextDelay(policy, attempts - 1, outcome, ctx.now()) : undefined;
      if (delay !== undefined) {
        if (!out.json) out.info(out.chalk.yellow(`${item.label}: ${res.status ?? res.error}; retry ${attempts} in ${formatDuration(delay)}`));
        await pause(delay);
        if (!interrupted) {
          // Standard Webhooks receivers check the timestamp: a retry is signed again, same id.
          if (item.provider.auth === "standard-webhooks") Object.assign(headers, item.provider.sign({ body: bytes, secret: keyFor(item.provider), id: headers["webhook-id"]!, timestamp: Math.floor(ctx.now() / 1000), options }));
          continue;
        }
      }
      const ok = delivered(outcome);
      latencies.add(res.latencyMs);
      tally.sent++;
      if (ok) tally.ok++;
      else tally.undelivered++;
      if (res.status === undefined) tally.network++;
      else if (res.status >= 500) tally.c5++;
      else if (res.status >= 400) tally.c4++;
      else if (res.status >= 300) tally.c3++; // not followed: a provider does not follow redirects either
      report({ index, label: item.label, ...(res.status !== undefined && { status: res.status }), ...(res.error && { error: res.error }), latencyMs: res.latencyMs, attempts, delivered: ok, ...(res.bodyStart !== undefined && { bodyStart: res.bodyStart }), ...(eventId && { eventId }) });
      return;
    }
  };

  const worker = async () => {
    for (;;) {
      if (interrupted || performance.now() >= deadline) return;
      const index = nextIndex++;
      if (index >= count) return;
      if (scenario && pacing !== undefined) {
        const at = items[index]?.atMs ?? 0;
        const wait = started + at - performance.now();
        if (wait > 0) await pause(wait);
      } else if (rate !== undefined) {
        const wait = started + (index * 1000) / rate - performance.now();
        if (wait > 0) await pause(wait);
      }
      if (interrupted) return;
      await sendOne(index);
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.min(concurrency, Number.isFinite(count) ? count : concurrency) }, worker));
  } finally {
    process.off("SIGINT", onSigint);
    if (progress) {
      clearInterval(progress);
      process.stderr.write("\r\u001b[K");
    }
    await client.close();
  }
  const elapsed = (performance.now() - started) / 1000;
  if (!single || tally.sent > 1) {
    const { renderTable } = await import("../io/table.js");
    const ms = (v: number | undefined) => (v === undefined ? "-" : `${Math.round(v)}ms`);
    // A 3xx column only when there were redirects: most runs never see one.
    const redirects = tally.c3 > 0;
    out.info(
      renderTable(out, ["requests", "2xx", ...(redirects ? ["3xx"] : []), "4xx", "5xx", "network errors", "p50", "p90", "p99", "max", "req/s"], [
        [tally.sent, tally.ok, ...(redirects ? [tally.c3] : []), tally.c4, tally.c5, tally.network, ms(latencies.percentile(50)), ms(latencies.percentile(90)), ms(latencies.percentile(99)), ms(latencies.count ? latencies.max : undefined), Math.round(tally.sent / Math.max(elapsed, 1e-3))],
      ]),
    );
  }
  if (interrupted) return EXIT.interrupted;
  if (tally.undelivered > 0) {
    out.error(`${tally.undelivered} of ${tally.sent} event${tally.sent === 1 ? " was" : "s were"} not delivered`);
    return EXIT.failed;
  }
  return EXIT.ok;
}
