/**
 * What `send` sends: the payload templates of a fixture, a file, an event log or a scenario, each
 * with the provider that signs it.
 */
import { parseDuration } from "../../core/duration.js";
import { UsageError } from "../../core/errors.js";
import { eventFilter } from "../../core/glob.js";
import { getProvider } from "../../core/providers/index.js";
import { firstInexactInteger } from "../../core/send/refresh.js";
import type { Context } from "../../context.js";
import { readPayload } from "../../io/input.js";
import { within } from "../../io/files.js";
import { chooseProvider, type ChosenProvider } from "../provider-choice.js";
import type { SendPlan } from "./plan.js";

/** One thing to send: a payload template and who sends it. */
export interface Item {
  provider: ChosenProvider;
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

function parseJson(bytes: Uint8Array, where: string): unknown {
  try {
    return JSON.parse(Buffer.from(bytes).toString("utf8"));
  } catch (e) {
    throw new UsageError(`${where}: not valid JSON (${(e as Error).message}); use --as-is with --provider to send it unchanged`);
  }
}

async function detect(payload: unknown, forced: ChosenProvider | undefined, where: string, ctx: Context): Promise<ChosenProvider> {
  if (forced) return forced;
  const { detectEvent } = await import("../../core/schemas/detect.js");
  const ref = detectEvent(payload);
  if (!ref) throw new UsageError(`${where}: cannot tell which provider sent this payload; give --provider`);
  return chooseProvider(ref.provider, where, ctx.project);
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

export async function loadItems(plan: SendPlan, ctx: Context, forced: ChosenProvider | undefined): Promise<Item[]> {
  const { source } = plan;
  const own = (name: string) => forced ?? chooseProvider(name, "fixture", ctx.project);
  switch (source.kind) {
    case "fixture": {
      const { loadFixture } = await import("../../io/fixtures.js");
      const f = await loadFixture(source.name);
      return [{ provider: own(f.info.provider), label: f.info.id, bytes: f.bytes, payload: f.payload }];
    }
    case "file": {
      const label = source.path === "-" ? "stdin" : source.path;
      const bytes = await readPayload(source.path, ctx, "--file");
      if (plan.asIs && forced) return [{ provider: forced, label, bytes }];
      const payload = parseJson(bytes, `--file ${source.path}`);
      if (!plan.asIs) warnInexact(ctx, `--file ${source.path}`, [payload]);
      return [{ provider: await detect(payload, forced, `--file ${source.path}`, ctx), label, bytes, payload }];
    }
    case "log":
      return loadLog(source, plan, ctx, forced);
    case "scenario": {
      const { getScenario } = await import("../../core/scenarios/index.js");
      const { loadFixture } = await import("../../io/fixtures.js");
      const scenario = getScenario(source.name);
      const templates: Record<string, unknown> = {};
      for (const id of scenario.fixtures) templates[id] = (await loadFixture(id)).payload;
      const speed = plan.pace ?? 1;
      const last = scenario.build(templates, { start: 0, random: Math.random, speed }).at(-1)?.atMs ?? 0;
      // Fast: the last event happens now. Real or Nx: the first happens now, time runs N times faster
      // (inside the events too: a trip sent at 10x lasts a tenth of its real time).
      const start = plan.pace === undefined ? ctx.now() - last : ctx.now();
      return scenario.build(templates, { start, random: Math.random, speed }).map((s) => ({
        provider: own(s.provider),
        label: `${s.provider}/${s.event}`,
        bytes: Buffer.from(JSON.stringify(s.payload)),
        payload: s.payload,
        atMs: s.atMs,
        fresh: true,
      }));
    }
  }
}

async function loadLog(source: Extract<SendPlan["source"], { kind: "log" }>, plan: SendPlan, ctx: Context, forced: ChosenProvider | undefined): Promise<Item[]> {
  const { readEventLog } = await import("../../io/event-log.js");
  const { decodeBody } = await import("../../core/events/record.js");
  const wanted = eventFilter(source.events);
  let since: number | undefined;
  if (source.since !== undefined) {
    const ago = parseDuration(source.since, "s");
    since = ago !== undefined ? ctx.now() - ago : Date.parse(source.since);
    if (Number.isNaN(since)) throw new UsageError(`--since ${source.since}: expected a duration (30m) or an ISO time`);
  }
  const items: Item[] = [];
  try {
    for await (const entry of readEventLog(within(ctx.cwd, source.path))) {
      if ("error" in entry) {
        ctx.out.warn(`--from-log ${source.path}:${entry.line}: skipped (${entry.error})`);
        continue;
      }
      const r = entry.record;
      if (r.status !== undefined && (r.status < 200 || r.status >= 300) && !r.provider) continue;
      if (!wanted(r.event)) continue;
      if (since !== undefined && Date.parse(r.received_at) < since) continue;
      // A feed event's body is sent as the frame held it (the line's own text), not re-encoded.
      let bytes = entry.bodyText !== undefined ? Buffer.from(entry.bodyText, "utf8") : decodeBody(r);
      let payload: unknown;
      const query = r.method === "GET" && r.provider ? getProvider(r.provider)?.query : undefined;
      if (query && r.path) {
        // A GET delivery (Traccar positions): the event was its query string.
        payload = query.toPayload(new URL(r.path, "http://x").searchParams);
        bytes = Buffer.from(JSON.stringify(payload));
      } else {
        try {
          payload = JSON.parse(bytes.toString("utf8"));
        } catch {
          if (!plan.asIs) continue;
        }
      }
      const provider = forced ?? (r.provider ? chooseProvider(r.provider, `--from-log line ${entry.line}`, ctx.project) : undefined) ?? (payload !== undefined ? await detect(payload, undefined, `--from-log line ${entry.line}`, ctx) : undefined);
      if (!provider) continue;
      items.push({ provider, label: `${r.provider ?? provider.label}/${r.event ?? "?"} (line ${entry.line})`, bytes, ...(payload !== undefined && { payload }) });
    }
    if (!plan.asIs) warnInexact(ctx, `--from-log ${source.path}`, items.map((i) => i.payload));
  } catch (e) {
    if (e instanceof UsageError) throw e;
    throw new UsageError(`--from-log ${source.path}: ${(e as Error).message}`);
  }
  if (items.length === 0) throw new UsageError(`--from-log ${source.path}: no events match${source.events ? ` --events ${source.events}` : ""}${source.since ? ` --since ${source.since}` : ""}`);
  return items;
}
