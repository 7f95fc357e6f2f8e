/**
 * Traccar's position forwarding as a GET (`forward.type` "url", the default; config/Keys.java):
 * Traccar requests `forward.url` with its placeholders replaced by the position's values
 * (forward/PositionForwarderUrl.java, formatRequest). There is no default template: the query's
 * parameter names are whatever the administrator wrote ("Data is passed through URL parameters. For
 * example, {uniqueId} for device identifier, {latitude} and {longitude} for coordinates", Keys.java).
 *
 * Reading (`toPayload`) accepts the names of Traccar's own HTTP ingest protocol, OsmAnd
 * (https://www.traccar.org/osmand: id or deviceid, lat, lon, location, timestamp in s or ms or ISO,
 * speed, bearing or heading, altitude, accuracy, batt, any other parameter an attribute), which a
 * Traccar-to-Traccar forward uses, and the placeholder names themselves (uniqueId=, latitude=,
 * fixTime=…), and a `gprmc` sentence. It gives the same shape as the JSON forwarding,
 * `{position: {...}, device: {uniqueId, name, status}}`, so schemas, facts and the map read one shape.
 *
 * Writing (`fromPayload`) is formatRequest ported, applied to FORWARD_URL_TEMPLATE: exactly the
 * query a Traccar server configured with that template sends for the payload's position.
 */

// Self-contained (no time.ts, no common/read.ts): the registry loads this module with the profile,
// and `sign` / `verify-signature` pay for every module the registry loads.
import { isObject, type Obj } from "../../values.js";
const num = (v: unknown): number | undefined => (typeof v === "number" && Number.isFinite(v) ? v : undefined);
const str = (v: unknown): string | undefined => (typeof v === "string" && v.trim() !== "" ? v : typeof v === "number" && Number.isFinite(v) ? String(v) : undefined);

/**
 * Ms since the epoch of a time: a number (seconds when below 1e11, else ms, as OsmAnd reads its
 * `timestamp`), or ISO 8601 text; one without a zone ("yyyy-MM-dd HH:mm:ss") is UTC.
 */
function parseTime(v: unknown): number | undefined {
  if (typeof v === "number") return Number.isFinite(v) && v > 0 ? Math.round(v < 1e11 ? v * 1000 : v) : undefined;
  if (typeof v !== "string" || !/^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}(:?\d{2})?)?$/.test(v.trim())) return undefined;
  const t = v.trim().replace(" ", "T");
  const ms = Date.parse(/(Z|[+-]\d{2}(:?\d{2})?)$/.test(t.slice(10)) ? t : `${t}Z`);
  return Number.isFinite(ms) ? ms : undefined;
}

/**
 * The query `send --method GET` sends: configure Traccar with
 * `<entry key='forward.url'>https://your.app/positions?` + this (`&` written `&amp;` in traccar.xml)
 * to receive the same. OsmAnd's names where it has one, so that another Traccar reads it too.
 */
export const FORWARD_URL_TEMPLATE =
  "id={uniqueId}&name={name}&deviceId={deviceId}&status={status}&protocol={protocol}&valid={valid}&timestamp={fixTime}&deviceTime={deviceTime}&lat={latitude}&lon={longitude}&altitude={altitude}&speed={speed}&bearing={course}&accuracy={accuracy}&address={address}&attributes={attributes}";

/** A time as Traccar's Jackson writes it: `2024-05-10T10:45:34.984+00:00`. */
export function traccarTime(ms: number): string {
  return new Date(ms).toISOString().replace(/Z$/, "+00:00");
}

// ── Writing: PositionForwarderUrl.formatRequest ──────────────────────────────────────────────

/** Java's String.valueOf(double): "0.0", "51.9225", "1.0E7". */
export function javaDouble(n: number): string {
  if (Number.isNaN(n)) return "NaN";
  if (!Number.isFinite(n)) return n > 0 ? "Infinity" : "-Infinity";
  if (n === 0) return Object.is(n, -0) ? "-0.0" : "0.0";
  const a = Math.abs(n);
  if (a >= 1e-3 && a < 1e7) {
    const s = String(n);
    return s.includes(".") ? s : `${s}.0`;
  }
  const [m, e] = n.toExponential().split("e") as [string, string];
  return `${m.includes(".") ? m : `${m}.0`}E${Number(e)}`;
}

/** Java's URLEncoder.encode(s, UTF-8): form encoding (space as +; letters, digits and .-*_ kept). */
export function javaUrlEncode(s: string): string {
  return encodeURIComponent(s)
    .replace(/[!'()~]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
    .replace(/%20/g, "+")
    .replace(/%2A/g, "*");
}

/** String.valueOf(Object) of an attribute: "null" when there is none. */
function valueOf(v: unknown): string {
  if (v === undefined || v === null) return "null";
  if (typeof v === "number") return Number.isInteger(v) ? String(v) : javaDouble(v);
  return typeof v === "string" ? v : JSON.stringify(v);
}

const two = (n: number) => String(n).padStart(2, "0");

/** The XOR of the characters, as "*HH" (helper/Checksum.java nmea). */
function nmeaChecksum(s: string): string {
  let x = 0;
  for (let i = 0; i < s.length; i++) x ^= s.charCodeAt(i) & 0xff;
  return `*${x.toString(16).toUpperCase().padStart(2, "0")}`;
}

/** A $GPRMC sentence of the position, as PositionForwarderUrl.formatSentence writes it ({gprmc}). */
export function formatSentence(fixMs: number, lat: number, lon: number, speed: number, course: number): string {
  const d = new Date(fixMs);
  const time = `${two(d.getUTCHours())}${two(d.getUTCMinutes())}${two(d.getUTCSeconds())}.${String(d.getUTCMilliseconds()).padStart(3, "0")}`;
  const minutes = (v: number) => ((Math.abs(v) % 1) * 60).toFixed(4).padStart(7, "0");
  const latText = `${two(Math.trunc(Math.abs(lat)))}${minutes(lat)},${lat < 0 ? "S" : "N"}`;
  const lonText = `${String(Math.trunc(Math.abs(lon))).padStart(3, "0")}${minutes(lon)},${lon < 0 ? "W" : "E"}`;
  const date = `${two(d.getUTCDate())}${two(d.getUTCMonth() + 1)}${two(d.getUTCFullYear() % 100)}`;
  const s = `$GPRMC,${time},A,${latText},${lonText},${speed.toFixed(2)},${course.toFixed(2)},${date},,`;
  return s + nmeaChecksum(s.slice(1));
}

/** OpenGTS status code ({statusCode}): panic with an alarm, else location or moving by speed. */
function statusCode(position: Obj): string {
  if (isObject(position.attributes) && position.attributes.alarm !== undefined && position.attributes.alarm !== null) return "0xF841";
  return (num(position.speed) ?? 0) < 1.0 ? "0xF020" : "0xF11C";
}

/**
 * forward.url with its placeholders replaced, as PositionForwarderUrl.formatRequest does it: name,
 * address and attributes URL-encoded, the rest as Java prints them; times in ms since the epoch;
 * {address} left as it is when the position has none.
 */
export function formatRequest(url: string, data: { position?: unknown; device?: unknown }): string {
  const position = isObject(data.position) ? data.position : {};
  const device = isObject(data.device) ? data.device : {};
  const attributes = isObject(position.attributes) ? position.attributes : {};
  const ms = (v: unknown) => {
    const t = parseTime(v);
    return t === undefined ? "null" : String(t);
  };
  const double = (v: unknown) => javaDouble(num(v) ?? 0);
  let request = url
    .replaceAll("{name}", javaUrlEncode(str(device.name) ?? ""))
    .replaceAll("{uniqueId}", str(device.uniqueId) ?? "")
    .replaceAll("{status}", str(device.status) ?? "offline") // Device.getStatus: offline when unset
    .replaceAll("{deviceId}", String(Math.trunc(num(position.deviceId) ?? num(device.id) ?? 0)))
    .replaceAll("{protocol}", valueOf(position.protocol))
    .replaceAll("{deviceTime}", ms(position.deviceTime))
    .replaceAll("{fixTime}", ms(position.fixTime))
    .replaceAll("{valid}", String(position.valid === true))
    .replaceAll("{latitude}", double(position.latitude))
    .replaceAll("{longitude}", double(position.longitude))
    .replaceAll("{altitude}", double(position.altitude))
    .replaceAll("{speed}", double(position.speed))
    .replaceAll("{course}", double(position.course))
    .replaceAll("{accuracy}", double(position.accuracy))
    .replaceAll("{batteryLevel}", valueOf(attributes.batteryLevel))
    .replaceAll("{charge}", valueOf(attributes.charge))
    .replaceAll("{statusCode}", statusCode(position));
  if (typeof position.address === "string") request = request.replaceAll("{address}", javaUrlEncode(position.address));
  if (request.includes("{attributes}")) request = request.replaceAll("{attributes}", javaUrlEncode(JSON.stringify(attributes)));
  if (request.includes("{gprmc}")) {
    const fix = parseTime(position.fixTime) ?? 0;
    request = request.replaceAll("{gprmc}", formatSentence(fix, num(position.latitude) ?? 0, num(position.longitude) ?? 0, num(position.speed) ?? 0, num(position.course) ?? 0));
  }
  return request;
}

/**
 * The query of a GET delivery of the payload's position. An event payload (Traccar never sends
 * events as a GET) gives its position's query, with its device.
 */
export function fromPayload(payload: Obj): URLSearchParams {
  return new URL(`http://traccar.invalid/?${formatRequest(FORWARD_URL_TEMPLATE, payload)}`).searchParams;
}

// ── Reading ──────────────────────────────────────────────────────────────────────────────────

/**
 * A value that says nothing: empty, Java's "null" (String.valueOf of a missing attribute), or a
 * placeholder Traccar left in (it replaces {address} only when the position has an address).
 */
function blank(v: string): boolean {
  const t = v.trim();
  return t === "" || t === "null" || /^\{[A-Za-z]+\}$/.test(t);
}

/** A number in a query value ("12.5", "0.0"), else undefined. */
function number(v: string | undefined): number | undefined {
  if (v === undefined || !/^\s*[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?\s*$/.test(v)) return undefined;
  const n = Number(v);
  return Number.isFinite(n) ? n : undefined;
}

/** OsmAnd's `timestamp`: seconds or ms since the epoch, ISO 8601, or "yyyy-MM-dd HH:mm:ss" (UTC). */
function time(v: string | undefined): number | undefined {
  if (v === undefined) return undefined;
  const n = number(v);
  return n !== undefined ? parseTime(n) : parseTime(v);
}

function bool(v: string | undefined): boolean | undefined {
  if (v === undefined) return undefined;
  const t = v.trim().toLowerCase();
  return t === "true" || t === "1" ? true : t === "false" || t === "0" ? false : undefined;
}

/** An attribute's value from its text: a number, a boolean, else the text (OsmAnd's custom attributes). */
function attribute(v: string): unknown {
  const n = number(v);
  if (n !== undefined) return n;
  const b = v === "true" ? true : v === "false" ? false : undefined;
  return b ?? v;
}

/** The fix of a $GPRMC sentence ({gprmc}): time, validity, coordinates, speed (knots) and course. */
export function parseGprmc(sentence: string): { fixTime?: number; valid: boolean; latitude?: number; longitude?: number; speed?: number; course?: number } | undefined {
  const body = sentence.trim().replace(/^\$/, "").replace(/\*[0-9A-Fa-f]{2}$/, "");
  const f = body.split(",");
  if (!/^(GP|GN|GL)RMC$/.test(f[0] ?? "") || f.length < 10) return undefined;
  const coord = (v: string | undefined, hemi: string | undefined, degDigits: number) => {
    if (!v || !/^\d+(\.\d+)?$/.test(v)) return undefined;
    const value = Number(v.slice(0, degDigits)) + Number(v.slice(degDigits)) / 60;
    return hemi === "S" || hemi === "W" ? -value : value;
  };
  const t = /^(\d{2})(\d{2})(\d{2})(?:\.(\d{1,3}))?$/.exec(f[1] ?? "");
  const d = /^(\d{2})(\d{2})(\d{2})$/.exec(f[9] ?? "");
  const fixTime = t && d ? Date.UTC(2000 + Number(d[3]), Number(d[2]) - 1, Number(d[1]), Number(t[1]), Number(t[2]), Number(t[3]), Number((t[4] ?? "0").padEnd(3, "0"))) : undefined;
  const out: ReturnType<typeof parseGprmc> = { valid: f[2] === "A" };
  if (fixTime !== undefined) out.fixTime = fixTime;
  const lat = coord(f[3], f[4], 2);
  const lon = coord(f[5], f[6], 3);
  if (lat !== undefined) out.latitude = Math.round(lat * 1e7) / 1e7;
  if (lon !== undefined) out.longitude = Math.round(lon * 1e7) / 1e7;
  const speed = number(f[7]);
  const course = number(f[8]);
  if (speed !== undefined) out.speed = speed;
  if (course !== undefined) out.course = course;
  return out;
}

/**
 * The position a GET delivery carries, as `{position, device}` in the JSON forwarding's shape and
 * field names (times as Traccar writes them). Parameters it does not know are position attributes,
 * as OsmAnd makes them.
 */
export function toPayload(params: URLSearchParams): Obj {
  const used = new Set<string>();
  const get = (...names: string[]): string | undefined => {
    for (const n of names) {
      const v = params.get(n);
      if (v === null) continue;
      used.add(n);
      if (!blank(v)) return v.trim();
    }
    return undefined;
  };
  const uniqueId = get("id", "uniqueId", "deviceid");
  const name = get("name");
  const status = get("status");
  const deviceId = number(get("deviceId"));
  const protocol = get("protocol");
  let fixTime = time(get("timestamp", "fixTime"));
  const deviceTime = time(get("deviceTime"));
  let valid = bool(get("valid"));
  let latitude = number(get("lat", "latitude"));
  let longitude = number(get("lon", "longitude"));
  const location = get("location");
  if (location && (latitude === undefined || longitude === undefined)) {
    const [a, b] = location.split(",").map((s) => number(s));
    latitude ??= a;
    longitude ??= b;
  }
  const altitude = number(get("altitude"));
  let speed = number(get("speed"));
  let course = number(get("course", "bearing", "heading"));
  const accuracy = number(get("accuracy"));
  const address = get("address");
  const gprmcText = get("gprmc");
  const gprmc = gprmcText ? parseGprmc(gprmcText) : undefined;
  if (gprmc) {
    fixTime ??= gprmc.fixTime;
    valid ??= gprmc.valid;
    latitude ??= gprmc.latitude;
    longitude ??= gprmc.longitude;
    speed ??= gprmc.speed;
    course ??= gprmc.course;
  }

  const attributes: Obj = {};
  const json = get("attributes");
  if (json) {
    try {
      const parsed: unknown = JSON.parse(json);
      if (isObject(parsed)) Object.assign(attributes, parsed);
    } catch {
      attributes.attributes = json;
    }
  }
  const battery = number(get("batteryLevel", "batt"));
  if (battery !== undefined) attributes.batteryLevel = battery;
  const charge = bool(get("charge"));
  if (charge !== undefined) attributes.charge = charge;
  get("statusCode"); // derived by Traccar from the position (alarm, speed): not a fact of its own
  for (const [k, v] of params) if (!used.has(k) && !blank(v) && !Object.hasOwn(attributes, k)) attributes[k] = attribute(v.trim());

  const position: Obj = {};
  if (deviceId !== undefined) position.deviceId = deviceId;
  if (protocol !== undefined) position.protocol = protocol;
  if (deviceTime !== undefined) position.deviceTime = traccarTime(deviceTime);
  if (fixTime !== undefined) position.fixTime = traccarTime(fixTime);
  if (valid !== undefined) position.valid = valid;
  if (latitude !== undefined) position.latitude = latitude;
  if (longitude !== undefined) position.longitude = longitude;
  if (altitude !== undefined) position.altitude = altitude;
  if (speed !== undefined) position.speed = speed;
  if (course !== undefined) position.course = course;
  if (address !== undefined) position.address = address;
  if (accuracy !== undefined) position.accuracy = accuracy;
  position.attributes = attributes;

  const device: Obj = {};
  if (name !== undefined) device.name = name;
  if (uniqueId !== undefined) device.uniqueId = uniqueId;
  if (status !== undefined) device.status = status;
  return { position, device };
}
