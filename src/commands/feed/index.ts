import { UsageError } from "../../core/errors.js";
import { EXIT } from "../../core/errors.js";
import { stopCode, stopped, type Context } from "../../context.js";
import type { FeedItem } from "../../io/feed-server.js";
import { shiftToNow } from "../../core/send/refresh.js";
import type { CommandInput } from "../spec.js";
import { feedToken } from "../tail/index.js";
import type { FEED_OPTIONS } from "./spec.js";

type FeedInput = CommandInput<typeof FEED_OPTIONS>;

/** mulberry32: a small seeded generator, so a fault run can be repeated with --seed. */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const nameOf = (payload: Record<string, unknown>, fallback: string): string =>
  typeof payload.type === "string" ? payload.type : typeof payload.event === "string" ? payload.event : fallback;

/** The Automatic fixtures in the order one drive produces them: the default feed. */
export const AUTOMATIC_DRIVE = [
  "automatic/ignition_on",
  "automatic/location_updated",
  "automatic/notification_speeding",
  "automatic/notification_hard_brake",
  "automatic/notification_hard_accel",
  "automatic/mil_on",
  "automatic/trip_finished",
  "automatic/ignition_off",
  "automatic/mil_off",
  "automatic/vehicle_status_report",
];

async function loadItems(fixtures: readonly string[] | undefined): Promise<FeedItem[]> {
  const { loadFixture } = await import("../../io/fixtures.js");
  const names = fixtures?.length ? fixtures : AUTOMATIC_DRIVE;
  const items: FeedItem[] = [];
  for (const name of names) {
    const f = await loadFixture(name);
    if (!f.payload || typeof f.payload !== "object" || Array.isArray(f.payload)) throw new UsageError(`--fixture ${name}: not a JSON object`);
    items.push({ name: nameOf(f.payload as Record<string, unknown>, f.info.event), payload: f.payload as Record<string, unknown>, provider: f.info.provider });
  }
  return items;
}

/**
 * What goes out for event `index`: the fixture made current (its times moved so that the event
 * happens now, spacing and formats kept, as `send` does) and, from the second loop round on, with
 * new event ids so that a consumer's dedupe does not hide the repeats.
 */
export function freshen(item: FeedItem, round: number, now: number): FeedItem {
  // shiftToNow returns a copy: the ids below can be changed in place.
  const payload = shiftToNow(item.provider ?? "", item.payload, now) as Record<string, unknown>;
  if (round > 0) {
    if (typeof payload.id === "string") payload.id = `${payload.id}_r${round}`;
    if (typeof payload.event_id === "string") payload.event_id = `${payload.event_id}_r${round}`;
  }
  return { name: item.name, payload, ...(item.provider !== undefined && { provider: item.provider }) };
}

export async function run(input: FeedInput, ctx: Context): Promise<number> {
  const { out } = ctx;
  const v = input.values;
  const { protocol, port, host, rate, namespace } = v;
  const token = feedToken(v, ctx);
  if (token !== undefined) out.addSecret(token);

  const items = await loadItems(v.fixture);
  const { FeedServer } = await import("../../io/feed-server.js");
  let resolveDone!: (code: number) => void;
  const done = new Promise<number>((r) => (resolveDone = r));
  const server = new FeedServer(
    {
      host,
      port,
      protocol,
      ...(token !== undefined && { token }),
      namespace,
      rate,
      next: (i) => {
        if (v.count !== undefined && i >= v.count) return undefined;
        if (!v.loop && i >= items.length) return undefined;
        return freshen(items[i % items.length]!, Math.floor(i / items.length), ctx.now());
      },
      ...(v.dropEvery !== undefined && { dropEvery: v.dropEvery }),
      duplicateRate: v.duplicateRate,
      lateRate: v.lateRate,
      random: v.seed !== undefined ? seeded(v.seed) : Math.random,
      now: ctx.now,
    },
    {
      onSent: (e) => {
        if (out.json) out.record({ sent_at: new Date(ctx.now()).toISOString(), index: e.index, event: e.name, id: e.id, duplicate: e.duplicate, late: e.late, clients: e.clients });
        else out.data(`${new Date(ctx.now()).toISOString()} #${e.index + 1} ${e.name}${e.id ? ` ${e.id}` : ""}${e.duplicate ? " (duplicate)" : ""}${e.late ? " (late)" : ""} → ${e.clients} client${e.clients === 1 ? "" : "s"}`);
      },
      onClient: (c) => {
        if (c.refused) out.info(out.chalk.yellow(`refused a client: ${c.refused}`));
        else out.info(out.chalk.dim(`client ${c.connected ? "connected" : "disconnected"} (${c.clients} connected)`));
      },
      onDrop: (n) => out.info(out.chalk.yellow(`fault: dropping ${n} connection${n === 1 ? "" : "s"} (--drop-every)`)),
      onExhausted: () => {
        out.info("all events sent");
        // Give clients a moment to read the last frames before the server goes away.
        setTimeout(() => resolveDone(EXIT.ok), 300);
      },
    },
  );
  let address;
  try {
    address = await server.start();
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new UsageError(code === "EADDRINUSE" ? `--port ${port}: already in use` : `cannot listen on ${host}:${port}: ${(e as Error).message}`);
  }
  const shown = address.family === "IPv6" ? `[${address.address}]` : address.address;
  const url = `${protocol === "raw" ? "ws" : "http"}://${shown}:${address.port}${protocol === "raw" ? "/" : ""}`;
  const nsp = protocol === "socket.io" && namespace !== "/" ? namespace : undefined;
  out.info(`${out.chalk.bold("telematics feed")} ${protocol === "socket.io" ? "Socket.IO (Engine.IO v3 and v4)" : "raw JSON frames"} on ${url}${nsp ? ` (namespace ${nsp})` : ""}`);
  out.info(`  ${items.length} event${items.length === 1 ? "" : "s"}${v.loop ? " (looping)" : ""} at ${rate}/s, sent while a client is connected${token ? "; clients must send the token" : ""}`);
  out.info(`  consume it with: telematics tail ${url} --protocol ${protocol}${nsp ? ` --namespace ${nsp}` : ""}${token ? ' --token "$TOKEN"' : ""}`);
  if (host !== "127.0.0.1" && host !== "localhost" && host !== "::1") out.warn(`listening on ${host}: reachable from other machines`);

  void stopped(ctx.signal).then(() => resolveDone(stopCode(ctx.signal)));
  try {
    return await done;
  } finally {
    await server.stop();
  }
}
