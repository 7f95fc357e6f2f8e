/**
 * Makes a payload a fresh event (pure): new ids where the provider has them (Uber event_id and
 * webhook_msg_uuid, Automatic id) and its times moved so that it happens `now`, keeping their
 * spacing, their formats and their UTC offsets (Zubie ISO with local offsets, Uber ms and
 * seconds, Events Push `YYYY-MM-DDTHH:MM:SS.SSSSSS+0000`, Automatic ISO UTC).
 */
import { isoToMs, shiftTimes } from "../events/shift.js";

export interface FreshOptions {
  now: number;
  /** Returns [0, 1): ids are drawn from it. */
  random: () => number;
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);

/** A version-4 UUID from `random`. */
export function uuid(random: () => number): string {
  const hex = Array.from({ length: 32 }, () => Math.floor(random() * 16).toString(16));
  hex[12] = "4";
  hex[16] = "89ab"[Math.floor(random() * 4)]!;
  const h = hex.join("");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/** An id shaped like the original: same prefix (`E_`, `T_`), same length and alphabet. */
export function likeId(original: string, random: () => number): string {
  const m = /^([A-Za-z]+_)?(.*)$/.exec(original)!;
  const body = m[2]!;
  const alphabet = /^[0-9a-f]+$/.test(body) ? "0123456789abcdef" : /^[0-9]+$/.test(body) ? "0123456789" : "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
  let out = "";
  for (let i = 0; i < Math.max(8, body.length); i++) out += alphabet[Math.floor(random() * alphabet.length)];
  return (m[1] ?? "") + out;
}

/** The time the event is anchored on (the latest of its own times), ms. */
function anchor(provider: string, p: Obj): number | undefined {
  switch (provider) {
    case "uber":
      return typeof p.event_time === "number" ? p.event_time : undefined;
    case "events-push":
      return typeof p.Server_Time === "string" ? isoToMs(p.Server_Time) : undefined;
    case "automatic":
      return typeof p.created_at === "string" ? isoToMs(p.created_at) : undefined;
    default:
      return typeof p.timestamp === "string" ? isoToMs(p.timestamp) : typeof p.created_at === "string" ? isoToMs(p.created_at) : undefined;
  }
}

/** The payload's times moved so that it happens at `now` (a deep copy; ids unchanged). */
export function shiftToNow(provider: string, payload: unknown, now: number): unknown {
  if (!isObj(payload)) return payload;
  const at = anchor(provider, payload);
  const delta = at === undefined ? 0 : now - at;
  const p = shiftTimes(payload, delta);
  if (provider === "uber") {
    if (typeof p.event_time === "number") p.event_time = Math.round(p.event_time + delta);
    if (isObj(p.webhook_meta) && typeof p.webhook_meta.webhook_msg_timestamp === "number") {
      p.webhook_meta = { ...p.webhook_meta, webhook_msg_timestamp: Math.floor(now / 1000) };
    }
  }
  return p;
}

/**
 * A copy with new ids where the provider has them. Copies only the objects it changes, so a
 * shifted payload can be reused for many events (send --count).
 */
export function withNewIds(provider: string, payload: unknown, random: () => number): unknown {
  if (!isObj(payload)) return payload;
  if (provider === "uber") {
    const p: Obj = { ...payload };
    if (typeof p.event_id === "string") p.event_id = uuid(random);
    if (isObj(p.webhook_meta) && typeof p.webhook_meta.webhook_msg_uuid === "string") p.webhook_meta = { ...p.webhook_meta, webhook_msg_uuid: uuid(random) };
    return p;
  }
  if (provider === "automatic" && typeof payload.id === "string") return { ...payload, id: likeId(payload.id, random) };
  return payload;
}

export function refreshEvent(provider: string, payload: unknown, options: FreshOptions): unknown {
  return withNewIds(provider, shiftToNow(provider, payload, options.now), options.random);
}

/**
 * The first integer in a parsed payload that JSON.parse could not keep exactly (beyond 2^53, such
 * as a 64-bit id), with its path (`trip.id`, `dtcs[0].code`) and the number it became: sent fresh,
 * the payload is encoded again and carries that number instead of the one received.
 */
export function firstInexactInteger(value: unknown, path = ""): { path: string; value: number } | undefined {
  if (typeof value === "number") return Number.isInteger(value) && !Number.isSafeInteger(value) ? { path: path || "(the payload)", value } : undefined;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const hit = firstInexactInteger(value[i], `${path}[${i}]`);
      if (hit) return hit;
    }
    return undefined;
  }
  if (value && typeof value === "object") {
    for (const [k, v] of Object.entries(value)) {
      const hit = firstInexactInteger(v, path ? `${path}.${k}` : k);
      if (hit) return hit;
    }
  }
  return undefined;
}
