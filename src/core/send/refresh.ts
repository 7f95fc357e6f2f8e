/**
 * Makes a payload a fresh event (pure): new ids where the provider has them and its times moved so
 * that it happens `now`, keeping their spacing, their formats and their UTC offsets. Which field
 * anchors the time, which numeric times move and which ids are renewed are the provider's FreshRules
 * (src/core/providers/<name>/index.ts: Uber event_id, webhook_msg_uuid, ms event_time and seconds
 * webhook_msg_timestamp; Automatic id). The rules are the payload's own provider's (detected), so a
 * Zubie event sent as Standard Webhooks or hmac is freshened as a Zubie event; a payload no
 * provider recognizes gets the sender's rules, else generic ones (a top-level timestamp or created_at).
 */
import { getProvider } from "../providers/index.js";
import { freshWith, GENERIC_FRESH, renewIdsWith, shiftWith } from "../providers/common/fresh.js";
import type { FreshRules } from "../providers/types.js";
import { detectEvent } from "../schemas/detect.js";

export { likeId, uuid } from "../providers/common/random.js";

export interface FreshOptions {
  now: number;
  /** Returns [0, 1): ids are drawn from it. */
  random: () => number;
}

/**
 * The fresh-send rules for a payload sent as `provider`: those of the payload's own provider
 * (detected: the rules name its fields, whoever signs it), else the sender's, else generic ones.
 */
export function freshRules(provider: string, payload: unknown): FreshRules {
  const ref = detectEvent(payload);
  return (ref && getProvider(ref.provider)?.fresh) || getProvider(provider)?.fresh || GENERIC_FRESH;
}

/** The payload's times moved so that it happens at `now` (a deep copy; ids unchanged). */
export function shiftToNow(provider: string, payload: unknown, now: number): unknown {
  return shiftWith(freshRules(provider, payload), payload, now);
}

/**
 * A copy with new ids where the provider has them. Copies only the objects it changes (and returns
 * the payload itself when there are none), so a shifted payload can be reused for many events (send --count).
 */
export function withNewIds(provider: string, payload: unknown, random: () => number): unknown {
  return renewIdsWith(freshRules(provider, payload), payload, random);
}

export function refreshEvent(provider: string, payload: unknown, options: FreshOptions): unknown {
  return freshWith(freshRules(provider, payload), payload, options.now, options.random);
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
