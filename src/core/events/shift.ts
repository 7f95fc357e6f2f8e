/**
 * Moves every ISO 8601 timestamp in a payload by the same amount, keeping each one's format:
 * `Z` or its own UTC offset (`-04:00`, `+0000`), and its fraction digits. Used to make a fixture
 * a current event while keeping the spacing between its times (created_at, started_at, ended_at…).
 */
const ISO = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(Z|[+-]\d{2}:?\d{2})$/;

function offsetMinutes(zone: string): number {
  if (zone === "Z") return 0;
  const sign = zone[0] === "-" ? -1 : 1;
  const digits = zone.slice(1).replace(":", "");
  return sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2, 4)));
}

const pad = (n: number, width = 2) => String(n).padStart(width, "0");

/** The same instant format, moved by deltaMs; undefined when `text` is not an ISO timestamp. */
export function shiftIso(text: string, deltaMs: number): string | undefined {
  const m = ISO.exec(text);
  if (!m) return undefined;
  const [, y, mo, d, h, mi, s, frac, zone] = m;
  const fraction = frac ?? "";
  const ms = Number((fraction + "000").slice(0, 3));
  const offset = offsetMinutes(zone!);
  const utc = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s), ms) - offset * 60_000;
  const local = new Date(utc + deltaMs + offset * 60_000);
  const newFrac = fraction ? "." + (pad(local.getUTCMilliseconds(), 3) + fraction.slice(3)).slice(0, fraction.length) : "";
  return `${local.getUTCFullYear()}-${pad(local.getUTCMonth() + 1)}-${pad(local.getUTCDate())}T${pad(local.getUTCHours())}:${pad(local.getUTCMinutes())}:${pad(local.getUTCSeconds())}${newFrac}${zone}`;
}

/** Parses an ISO timestamp with any offset to ms since the epoch. */
export function isoToMs(text: string): number | undefined {
  return ISO.test(text) ? Date.parse(text.replace(/([+-]\d{2})(\d{2})$/, "$1:$2")) : undefined;
}

/** A deep copy of `value` with every ISO timestamp string moved by deltaMs. */
export function shiftTimes<T>(value: T, deltaMs: number): T {
  if (typeof value === "string") return (shiftIso(value, deltaMs) ?? value) as T;
  if (Array.isArray(value)) return value.map((v) => shiftTimes(v, deltaMs)) as T;
  if (value && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      // A field named __proto__ stays a field (an assignment would set the copy's prototype).
      if (k === "__proto__") Object.defineProperty(out, k, { value: shiftTimes(v, deltaMs), writable: true, enumerable: true, configurable: true });
      else out[k] = shiftTimes(v, deltaMs);
    }
    return out as T;
  }
  return value;
}
