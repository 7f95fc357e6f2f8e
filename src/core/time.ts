/**
 * Time, in one place (pure): one ISO 8601 reader, one shifter that keeps each timestamp's format,
 * and one formatter. Facts (an event's time), fresh sends (moving a fixture to now) and scenarios
 * (times in a template's format) all read and write times through this module, so they agree.
 *
 * What is read (`parseTime`): `YYYY-MM-DD(T| )HH:MM[:SS[(.|,)fraction]][ ](Z|±HH:MM|±HHMM|±HH)`,
 * surrounding whitespace ignored, `t`/`z` in either case; no zone means UTC. Fractions beyond the
 * millisecond are truncated (as Date.parse does), so a shifted time reads back exactly shifted.
 * Years 0-99 are those years (Date.UTC would read 1900-1999).
 *
 * What is shifted (`shiftIso`), the form providers send: `YYYY-MM-DDTHH:MM:SS[.f{1,9}](Z|±HH:MM|±HHMM)`
 * and nothing around it. The result keeps `Z` or the timestamp's own offset as written (`+0000`,
 * `-04:00`), and its number of fraction digits (digits beyond the millisecond are kept as they were).
 *
 * What is written (`isoTime`): `new Date(ms).toISOString()`'s text, without the Date.
 */

const DAY_MS = 86_400_000;
/** Years 0000–9999: the range where toISOString writes four year digits and no sign. */
const MAX_MS = 253_402_300_800_000;

// ── Reading ──────────────────────────────────────────────────────────────────────────────────

/** Two ASCII digits at i, or NaN. */
function two(s: string, i: number): number {
  const a = s.charCodeAt(i) - 48;
  const b = s.charCodeAt(i + 1) - 48;
  return a >= 0 && a <= 9 && b >= 0 && b <= 9 ? a * 10 + b : NaN;
}

function isSpace(c: number): boolean {
  if (c > 32 && c < 127) return false;
  return c === 32 || (c >= 9 && c <= 13) || c === 160 || c === 0xfeff || c === 0x2028 || c === 0x2029 || (c >= 0x2000 && c <= 0x200a) || c === 0x1680 || c === 0x202f || c === 0x205f || c === 0x3000;
}

/**
 * The result of the last `scan` (module scratch, so that reading a time allocates nothing: tail and
 * listen read several per event). Valid only until the next scan.
 */
const scanned = {
  /** UTC ms of the whole seconds (the zone applied), without the fraction. */
  seconds: 0,
  /** The fraction's first three digits as milliseconds (truncated). */
  millis: 0,
  /** Minutes east of UTC. */
  offset: 0,
  /** [start, end) of the fraction digits in the text, or -1. */
  fracStart: -1,
  fracEnd: -1,
  /** [start, end) of the zone in the text (end === start: no zone). */
  zoneStart: 0,
  /** The text is in the form shiftIso rewrites. */
  complete: false,
};

/**
 * Reads `s` as an ISO 8601 time into `scanned`; false when it is not one (the one reader: every
 * other function here is built on it).
 */
function scan(s: string): boolean {
  let start = 0;
  let end = s.length;
  while (start < end && isSpace(s.charCodeAt(start))) start++;
  while (end > start && isSpace(s.charCodeAt(end - 1))) end--;
  if (end - start < 16) return false;
  const i0 = start;
  if (s.charCodeAt(i0 + 4) !== 45 || s.charCodeAt(i0 + 7) !== 45 || s.charCodeAt(i0 + 13) !== 58) return false;
  const sep = s.charCodeAt(i0 + 10);
  if (sep !== 84 && sep !== 116 && sep !== 32) return false; // T, t or a space
  const y = two(s, i0) * 100 + two(s, i0 + 2);
  const mo = two(s, i0 + 5);
  const d = two(s, i0 + 8);
  const h = two(s, i0 + 11);
  const mi = two(s, i0 + 14);
  let i = i0 + 16;
  let sec = 0;
  let hasSeconds = false;
  let fracStart = -1;
  let fracEnd = -1;
  let fracDot = false;
  if (i < end && s.charCodeAt(i) === 58) {
    sec = two(s, i + 1);
    if (Number.isNaN(sec)) return false;
    hasSeconds = true;
    i += 3;
    const f = i < end ? s.charCodeAt(i) : 0;
    if (f === 46 || f === 44) {
      let j = i + 1;
      while (j < end) {
        const c = s.charCodeAt(j) - 48;
        if (c < 0 || c > 9) break;
        j++;
      }
      if (j === i + 1) return false;
      fracDot = f === 46;
      fracStart = i + 1;
      fracEnd = j;
      i = j;
    }
  }
  const beforeSpace = i;
  while (i < end && isSpace(s.charCodeAt(i))) i++;
  const spaced = i !== beforeSpace;
  const zoneStart = i;
  let offset = 0;
  /** The zone is one a provider sends: Z, ±HH:MM or ±HHMM (not z, ±HH or none). */
  let zoneSent = false;
  if (i < end) {
    const z = s.charCodeAt(i);
    if ((z === 90 || z === 122) && i + 1 === end) zoneSent = z === 90;
    else if (z === 43 || z === 45) {
      const oh = two(s, i + 1);
      const rest = end - (i + 3);
      let om: number;
      if (rest === 0) om = 0;
      else if (rest === 2) {
        om = two(s, i + 3);
        zoneSent = true;
      } else if (rest === 3 && s.charCodeAt(i + 3) === 58) {
        om = two(s, i + 4);
        zoneSent = true;
      } else return false;
      offset = (z === 45 ? -1 : 1) * (oh * 60 + om);
      if (Number.isNaN(offset)) return false;
    } else return false;
  }
  if (!(mo >= 1 && mo <= 12 && d >= 1 && d <= 31 && h <= 23 && mi <= 59 && sec <= 60) || Number.isNaN(y)) return false;
  let millis = 0;
  if (fracStart >= 0) {
    const n = fracEnd - fracStart;
    millis = (s.charCodeAt(fracStart) - 48) * 100;
    if (n > 1) millis += (s.charCodeAt(fracStart + 1) - 48) * 10;
    if (n > 2) millis += s.charCodeAt(fracStart + 2) - 48;
  }
  scanned.seconds = utcMs(y, mo, d, h, mi, sec, 0) - offset * 60_000;
  scanned.millis = millis;
  scanned.offset = offset;
  scanned.fracStart = fracStart;
  scanned.fracEnd = fracEnd;
  scanned.zoneStart = zoneStart;
  scanned.complete =
    start === 0 &&
    end === s.length &&
    sep === 84 &&
    hasSeconds &&
    !spaced &&
    (fracStart < 0 || (fracDot && fracEnd - fracStart <= 9)) &&
    zoneSent;
  return true;
}

/**
 * Milliseconds since the epoch of a time as providers send it: ISO 8601 (see the module comment:
 * `2019-09-27T13:35:35-04:00`, Events Push's `2024-06-28T17:52:13.000000+0000`, looser forms too),
 * or a number (Unix ms, or seconds when it is too small to be ms). Undefined when it is not a time.
 */
export function parseTime(value: unknown): number | undefined {
  if (typeof value === "number") {
    if (!Number.isFinite(value) || value <= 0) return undefined;
    return value < 1e11 ? Math.round(value * 1000) : Math.round(value);
  }
  if (typeof value !== "string" || !scan(value)) return undefined;
  const t = scanned.seconds + scanned.millis;
  return Number.isFinite(t) ? t : undefined;
}

/** Milliseconds since the epoch of a timestamp in the form `shiftIso` rewrites; undefined otherwise. */
export function isoToMs(text: string): number | undefined {
  return scan(text) && scanned.complete ? scanned.seconds + scanned.millis : undefined;
}

// ── Shifting ─────────────────────────────────────────────────────────────────────────────────

const pad2 = (n: number): string => (n < 10 ? "0" + n : "" + n);
const pad3 = (n: number): string => (n < 10 ? "00" + n : n < 100 ? "0" + n : "" + n);

function yearText(year: number): string {
  if (year >= 0 && year <= 9999) return year < 10 ? "000" + year : year < 100 ? "00" + year : year < 1000 ? "0" + year : "" + year;
  return (year < 0 ? "-" : "+") + String(Math.abs(year)).padStart(6, "0");
}

/** Civil date and time of day of `ms` (UTC), by arithmetic (H. Hinnant, days from civil, inverted). */
function civil(ms: number): [year: number, month: number, day: number, h: number, mi: number, s: number, milli: number] {
  const days = Math.floor(ms / DAY_MS);
  let rem = ms - days * DAY_MS;
  const z = days + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  const year = yoe + era * 400 + (month <= 2 ? 1 : 0);
  const h = Math.floor(rem / 3_600_000);
  rem -= h * 3_600_000;
  const mi = Math.floor(rem / 60_000);
  rem -= mi * 60_000;
  const s = Math.floor(rem / 1000);
  return [year, month, day, h, mi, s, rem - s * 1000];
}

/**
 * The same timestamp moved by deltaMs, in its own format: its zone as written, its fraction digits
 * (a format without milliseconds drops the part of the move below its precision). Undefined when
 * `text` is not a timestamp in the form providers send (see the module comment).
 */
export function shiftIso(text: string, deltaMs: number): string | undefined {
  if (!scan(text) || !scanned.complete) return undefined;
  const local = Math.floor(scanned.seconds + scanned.millis + scanned.offset * 60_000 + deltaMs);
  if (!Number.isFinite(local)) return undefined;
  const [y, mo, d, h, mi, s, milli] = civil(local);
  let fraction = "";
  if (scanned.fracStart >= 0) {
    const digits = scanned.fracEnd - scanned.fracStart;
    fraction = "." + (pad3(milli) + text.slice(scanned.fracStart + 3, scanned.fracEnd)).slice(0, digits);
  }
  return `${yearText(y)}-${pad2(mo)}-${pad2(d)}T${pad2(h)}:${pad2(mi)}:${pad2(s)}${fraction}${text.slice(scanned.zoneStart)}`;
}

/** The time `ms` written in the format (zone, fraction digits) of `like`; `like` itself when it is not a timestamp. */
export function timeLike(like: string, ms: number): string {
  const at = isoToMs(like);
  return at === undefined ? like : (shiftIso(like, ms - at) ?? like);
}

/** A deep copy of `value` with every timestamp string (the form shiftIso rewrites) moved by deltaMs. */
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

// ── Writing ──────────────────────────────────────────────────────────────────────────────────

/**
 * `new Date(ms).toISOString()` without the Date, with its own memory: the text of the last
 * millisecond, and the text up to the seconds of the last second (events come in bursts). Keep one
 * per stream of times (receipt times, event times) so that one does not evict the other's. About
 * four times faster than toISOString, which was the largest single step of tail's own work per event.
 */
export function isoFormatter(): (ms: number) => string {
  let lastMs = -1;
  let lastText = "";
  let lastSecond = -1;
  let lastPrefix = "";
  return (ms) => {
    if (ms === lastMs) return lastText;
    // Negative, fractional, out of range or NaN: Date's own rules (sign, six-digit years, RangeError).
    if (!(ms >= 0 && ms < MAX_MS) || ms !== Math.floor(ms)) return new Date(ms).toISOString();
    const second = Math.floor(ms / 1000);
    if (second !== lastSecond) {
      lastPrefix = secondPrefix(second * 1000);
      lastSecond = second;
    }
    const milli = ms - second * 1000;
    lastMs = ms;
    lastText = lastPrefix + pad3(milli) + "Z";
    return lastText;
  };
}

export const isoTime = isoFormatter();

/** "YYYY-MM-DDTHH:MM:SS." of a whole second in years 0–9999. */
function secondPrefix(ms: number): string {
  const [year, month, day, h, mi, s] = civil(ms);
  return yearText(year) + "-" + pad2(month) + "-" + pad2(day) + "T" + pad2(h) + ":" + pad2(mi) + ":" + pad2(s) + ".";
}

/**
 * Date.UTC(year, month - 1, day, h, mi, s, ms) by arithmetic (days from civil, H. Hinnant): a
 * twentieth of its cost, and years 0–99 are those years (Date.UTC reads them as 1900–1999). Fields
 * past their range carry over as in Date.UTC (day 32 is the 1st of the next month).
 */
export function utcMs(year: number, month: number, day: number, h: number, mi: number, s: number, ms: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (month > 2 ? month - 3 : month + 9) + 2) / 5) + day - 1;
  const days = era * 146_097 + yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy - 719_468;
  return days * DAY_MS + h * 3_600_000 + mi * 60_000 + s * 1000 + ms;
}
