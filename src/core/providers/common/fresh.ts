/**
 * Applies a provider's FreshRules (pure): every ISO 8601 timestamp moved so that the event happens
 * `now` (spacing, formats and UTC offsets kept), numeric times moved or set, ids renewed. Used by
 * send/refresh.ts, which picks the rules, and by scenarios, which know theirs.
 */
import { isoToMs, shiftTimes } from "../../time.js";
import type { FieldPath, FreshRules } from "../types.js";
import { likeId, uuid } from "./random.js";
import { isObject, type Obj } from "../../values.js";


/** Rules for a payload of no known provider: anchored on a top-level `timestamp` or `created_at`. */
export const GENERIC_FRESH: FreshRules = {
  anchor: [
    { path: "timestamp", unit: "iso" },
    { path: "created_at", unit: "iso" },
  ],
};

function keys(path: FieldPath): readonly string[] {
  return path.split(".");
}

function get(p: unknown, path: FieldPath): unknown {
  let v = p;
  for (const k of keys(path)) {
    if (!isObject(v) || !Object.hasOwn(v, k)) return undefined;
    v = v[k];
  }
  return v;
}

/** A copy of `p` with `value` at `path`: only the objects along the path are copied. */
function setIn(p: Obj, path: readonly string[], value: unknown, i = 0): Obj {
  const k = path[i]!;
  const copy: Obj = { ...p };
  if (i === path.length - 1) copy[k] = value;
  else copy[k] = setIn(copy[k] as Obj, path, value, i + 1);
  return copy;
}

/** The event's own time per the rules, ms; undefined when no anchor field reads. */
export function anchorOf(rules: FreshRules, p: Obj): number | undefined {
  for (const a of rules.anchor) {
    const v = get(p, a.path);
    const t = a.unit === "iso" ? (typeof v === "string" ? isoToMs(v) : undefined) : typeof v === "number" && Number.isFinite(v) ? (a.unit === "s" ? v * 1000 : v) : undefined;
    if (t !== undefined) return t;
  }
  return undefined;
}

/** The payload's times moved so that it happens at `now` (a deep copy; ids unchanged). */
export function shiftWith(rules: FreshRules, payload: unknown, now: number): unknown {
  if (!isObject(payload)) return payload;
  const at = anchorOf(rules, payload);
  const delta = at === undefined ? 0 : now - at;
  let p = shiftTimes(payload, delta);
  for (const t of rules.numericTimes ?? []) {
    const v = get(p, t.path);
    if (typeof v !== "number") continue;
    const value = t.to === "now" ? (t.unit === "s" ? Math.floor(now / 1000) : Math.round(now)) : t.unit === "s" ? Math.round(v + delta / 1000) : Math.round(v + delta);
    p = setIn(p, keys(t.path), value);
  }
  return p;
}

/** A positive integer with as many digits as `n` (at least 2), drawn from `random`. */
export function likeInt(n: number, random: () => number): number {
  const digits = Math.max(2, String(n).length);
  const low = 10 ** (digits - 1);
  return low + Math.floor(random() * (9 * low));
}

/**
 * A copy with new ids per the rules. Copies only the objects it changes and returns the payload
 * itself when there is nothing to renew, so a shifted payload can serve many events (send --count).
 */
export function renewIdsWith(rules: FreshRules, payload: unknown, random: () => number): unknown {
  if (!isObject(payload) || !rules.ids?.length) return payload;
  let p = payload;
  for (const id of rules.ids) {
    const v = get(p, id.path);
    if ("sameAs" in id) {
      const same = get(p, id.sameAs);
      if (v !== undefined && same !== undefined) p = setIn(p, keys(id.path), same);
      continue;
    }
    if (id.make === "int") {
      if (typeof v === "number" && Number.isSafeInteger(v) && v > 0) p = setIn(p, keys(id.path), likeInt(v, random));
      continue;
    }
    if (typeof v !== "string") continue;
    p = setIn(p, keys(id.path), id.make === "uuid" ? uuid(random) : likeId(v, random));
  }
  return p;
}

export function freshWith(rules: FreshRules, payload: unknown, now: number, random: () => number): unknown {
  return renewIdsWith(rules, shiftWith(rules, payload, now), random);
}
