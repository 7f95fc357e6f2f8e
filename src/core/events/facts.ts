/**
 * What matters about one event, read from its payload (pure, no zod): the provider's event id (the
 * dedupe key), the event's own time (for lateness), who it is about (vehicle, device or driver) and
 * a one-line summary of its content. `listen` and `tail` use these to dedupe, to flag late events and
 * to print one readable block per event (src/io/render.ts).
 *
 * Every field is optional: a payload that lacks a value, or carries a malformed one, simply yields
 * less. Nothing here throws, whatever the payload.
 *
 * Units (inferred where the seeds do not say): Zubie distances in miles and speeds in mph (a US
 * service; its trips report `max_speed` around 50 for city driving); Automatic uses metres, seconds
 * and km/h (its field names say so); Events Push `Changes` is event-specific (litres for fuel
 * events, the speed excess for overspeed).
 */
import type { EventRef } from "../schemas/index.js";
import { parseTime } from "../time.js";

export { parseTime };

export interface EventFacts {
  /**
   * The provider's own event id, the dedupe key where the provider has one: Uber `event_id`,
   * Automatic `id`, Zubie's top-level `id` (only some events carry it). Undefined otherwise: dedupe
   * then falls back to a hash of the body (or the Standard Webhooks `webhook-id` header).
   */
  id?: string;
  /**
   * When the event happened, in ms since the epoch: Zubie `timestamp`, Uber `event_time` (ms; a
   * value in seconds is accepted too), Events Push `Device_Time`, Automatic `created_at`.
   */
  time?: number;
  /** Who it is about: vehicle nickname and VIN, device IMEI or serial, driver id. */
  who?: string;
  /** One short line: trip distance, duration and fuel cost; speed and location; geofence; trouble code; driver status. */
  summary?: string;
}

type Obj = Record<string, unknown>;

function isObj(v: unknown): v is Obj {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function obj(v: unknown): Obj | undefined {
  return isObj(v) ? v : undefined;
}

function str(v: unknown): string | undefined {
  if (typeof v === "string") return v.trim() === "" ? undefined : v;
  if (typeof v === "number" && Number.isFinite(v)) return String(v);
  return undefined;
}

function num(v: unknown): number | undefined {
  return typeof v === "number" && Number.isFinite(v) ? v : undefined;
}

/** Trims long free text (addresses, descriptions) for a one-line summary. */
export function clip(text: string, max = 60): string {
  const t = text.replace(/\s+/g, " ").trim();
  return t.length > max ? t.slice(0, max - 1) + "…" : t;
}

function fixed(n: number, digits = 1): string {
  return Number.isInteger(n) ? String(n) : n.toFixed(digits);
}

function coords(lat: unknown, lon: unknown): string | undefined {
  const a = num(lat);
  const b = num(lon);
  if (a === undefined || b === undefined) return undefined;
  return `${Math.round(a * 1e5) / 1e5},${Math.round(b * 1e5) / 1e5}`;
}

/** "1h 5m", "35m 35s", "42s" from seconds. */
export function spanText(seconds: number): string {
  let rest = Math.max(0, Math.round(seconds));
  if (rest < 60) return `${rest}s`;
  const parts: string[] = [];
  for (const [unit, size] of [["d", 86_400], ["h", 3_600], ["m", 60], ["s", 1]] as const) {
    if (rest >= size) {
      parts.push(`${Math.floor(rest / size)}${unit}`);
      rest %= size;
    }
  }
  return parts.slice(0, 2).join(" ");
}

function money(amount: number, currency = "USD"): string {
  const symbol = currency.toUpperCase() === "USD" ? "$" : "";
  return symbol ? `${symbol}${amount.toFixed(2)}` : `${amount.toFixed(2)} ${currency}`;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}

// ── Zubie ────────────────────────────────────────────────────────────────────────────────────

function zubieVehicle(p: Obj): Obj | undefined {
  return obj(p.vehicle) ?? obj(p.car);
}

function zubieWho(p: Obj): string | undefined {
  const v = zubieVehicle(p);
  const nickname = str(v?.nickname);
  const vin = str(v?.vin);
  if (nickname && vin) return `${nickname} (VIN ${vin})`;
  if (nickname) return nickname;
  if (vin) return `VIN ${vin}`;
  const device = obj(p.device);
  const serial = str(device?.serial);
  return serial ? `device ${serial}` : undefined;
}

function zubieWhere(p: Obj): string | undefined {
  const point = obj(p.point);
  const nested = obj(point?.point);
  const v = zubieVehicle(p);
  const vp = obj(obj(v?.vehicle_location)?.point);
  return coords(point?.latitude, point?.longitude) ?? coords(nested?.lat, nested?.lon) ?? coords(vp?.lat, vp?.lon) ?? coords(v?.latitude, v?.longitude);
}

function zubieAddress(a: unknown): string | undefined {
  const o = obj(a);
  if (!o) return str(a);
  const parts = [str(o.street), str(o.city), str(o.state)].filter(Boolean);
  return parts.length ? parts.join(", ") : undefined;
}

function zubieTrip(t: Obj, finished: boolean): string[] {
  const out: string[] = [];
  const distance = num(t.distance);
  const start = parseTime(t.started_timestamp) ?? parseTime(obj(t.start_point)?.timestamp);
  const end = parseTime(t.ended_timestamp) ?? parseTime(obj(t.end_point)?.timestamp);
  const trip = str(t.id);
  if (distance !== undefined) {
    out.push(`${fixed(distance)} mi${start !== undefined && end !== undefined && end >= start ? ` in ${spanText((end - start) / 1000)}` : ""}`);
  } else if (trip) {
    out.push(`trip ${trip}`);
  }
  const cost = num(t.fuel_cost);
  if (cost !== undefined) out.push(`fuel ${money(cost, str(t.fuel_cost_currency_code))}`);
  const top = num(t.max_speed) ?? num(t.top_speed);
  if (top !== undefined && finished) out.push(`top ${fixed(top)} mph`);
  if (finished) {
    const brakes = num(t.hard_brakes) ?? num(t.hard_brake_count);
    const accels = num(t.rapid_accels) ?? num(t.hard_accel_count);
    if (brakes !== undefined || accels !== undefined) out.push(`${plural(brakes ?? 0, "hard brake")}, ${plural(accels ?? 0, "rapid accel")}`);
  }
  return out;
}

function zubieSummary(event: string, p: Obj): string | undefined {
  const parts: string[] = [];
  const trip = obj(p.trip);
  const point = obj(p.point);
  const v = zubieVehicle(p);
  const where = zubieWhere(p);
  const speed = num(point?.speed);
  const device = obj(p.device);
  const serial = str(device?.serial);
  switch (event) {
    case "trip_start": {
      const from = zubieAddress(trip?.started_address) ?? zubieAddress(obj(trip?.start_point)?.address);
      parts.push(`trip${trip && str(trip.id) ? ` ${str(trip.id)}` : ""} started${from ? ` at ${clip(from, 50)}` : where ? ` at ${where}` : ""}`);
      const fuel = num(v?.fuel_level);
      if (fuel !== undefined) parts.push(`fuel ${fixed(fuel)}%`);
      break;
    }
    case "trip_end":
    case "trip_tagged": {
      if (event === "trip_tagged") {
        const tag = str(obj(p.tag)?.value);
        parts.push(tag ? `tagged "${tag}"` : "tagged");
      }
      if (trip) parts.push(...zubieTrip(trip, true));
      break;
    }
    case "trip_hard_brake":
    case "trip_severe_hard_brake":
    case "trip_rapid_accel":
    case "trip_over_speeding": {
      const what = { trip_hard_brake: "hard brake", trip_severe_hard_brake: "severe hard brake", trip_rapid_accel: "rapid acceleration", trip_over_speeding: "over speeding" }[event];
      parts.push(speed !== undefined ? `${what} at ${fixed(speed)} mph` : what);
      const accel = num(point?.acceleration);
      if (accel !== undefined && event !== "trip_over_speeding") parts.push(`accel ${fixed(accel, 2)}`);
      if (where) parts.push(`at ${where}`);
      break;
    }
    case "vehicle_geofence_arrival":
    case "vehicle_geofence_departure": {
      const g = obj(p.geofence);
      const name = str(g?.name);
      const address = str(g?.address);
      parts.push(`${event.endsWith("arrival") ? "arrived at" : "left"} ${name ? `geofence "${name}"` : "a geofence"}${address && address !== name ? ` (${clip(address, 50)})` : ""}`);
      if (speed !== undefined) parts.push(`${fixed(speed)} mph`);
      break;
    }
    case "vehicle_trouble_code":
    case "vehicle_trouble_code_cleared": {
      const tc = obj(p.trouble_code);
      const code = str(tc?.code);
      const description = str(tc?.description);
      const severity = num(tc?.severity);
      parts.push(`${event.endsWith("cleared") ? "cleared " : "trouble code "}${code ?? "?"}${description ? ` ${clip(description, 50)}` : ""}${severity !== undefined ? ` (severity ${severity})` : ""}`);
      break;
    }
    case "vehicle_maintenance": {
      const m = obj(p.maintenance);
      const summary = str(m?.summary) ?? str(m?.description);
      const next = str(m?.next_service_date);
      const miles = num(m?.next_service_miles);
      parts.push(summary ? `maintenance: ${clip(summary, 50)}` : "maintenance due");
      if (next) parts.push(`next service ${next}`);
      if (miles !== undefined) parts.push(`at ${miles} mi`);
      break;
    }
    case "vehicle_schedule_exception": {
      const s = obj(p.schedule);
      const name = str(s?.name);
      const category = str(s?.category);
      parts.push(`outside schedule${name ? ` "${name}"` : ""}${category ? ` (${category})` : ""}`);
      if (where) parts.push(`at ${where}`);
      break;
    }
    case "device_claim_success":
      parts.push(`device${serial ? ` ${serial}` : ""} activated`);
      break;
    case "device_unplug":
      parts.push(`device${serial ? ` ${serial}` : ""} unplugged`);
      if (where) parts.push(`at ${where}`);
      break;
    case "device_reconnect": {
      parts.push(`device${serial ? ` ${serial}` : ""} reconnected`);
      const gasp = parseTime(p.last_gasp_timestamp);
      const now = parseTime(p.timestamp);
      if (gasp !== undefined && now !== undefined && now >= gasp) parts.push(`after ${spanText((now - gasp) / 1000)} unplugged`);
      break;
    }
    case "device_vehicle_change": {
      const nickname = str(v?.nickname);
      parts.push(`device${serial ? ` ${serial}` : ""} moved${nickname ? ` to ${nickname}` : " to another vehicle"}`);
      break;
    }
    default:
      break;
  }
  // Vehicle readings that matter for these events, and the location where nothing else gave it.
  if (event === "vehicle_low_battery" || event === "vehicle_fuel_low" || event === "vehicle_location_update" || parts.length === 0) {
    const battery = num(v?.battery_level);
    const fuel = num(v?.fuel_level);
    if (where) parts.push(`at ${where}`);
    if (event === "vehicle_low_battery" && battery !== undefined) parts.unshift(`battery ${fixed(battery)} V`);
    else if (event === "vehicle_fuel_low" && fuel !== undefined) parts.unshift(`fuel ${fixed(fuel)}%`);
    else {
      if (fuel !== undefined) parts.push(`fuel ${fixed(fuel)}%`);
      if (battery !== undefined) parts.push(`battery ${fixed(battery)} V`);
    }
  }
  return parts.length ? parts.join(" · ") : undefined;
}

// ── Uber ─────────────────────────────────────────────────────────────────────────────────────

const UBER_STATUS: Record<string, string> = {
  DRIVER_STATUS_ONLINE: "online (no active trip)",
  DRIVER_STATUS_OFFLINE: "offline",
  DRIVER_STATUS_ENROUTE: "en route to a pickup",
  DRIVER_STATUS_ONTRIP: "on a trip",
};

function uberFacts(p: Obj): EventFacts {
  const driver = str(p.driver_id);
  const vehicle = str(p.vehicle_id);
  const who = [driver && `driver ${driver}`, vehicle && `vehicle ${vehicle}`].filter(Boolean).join(", ");
  const status = str(p.status);
  const loc = obj(p.location);
  const where = coords(loc?.latitude, loc?.longitude);
  const summary = [status ? `driver ${UBER_STATUS[status] ?? status}` : undefined, where ? `at ${where}` : undefined].filter(Boolean).join(" · ");
  return build(str(p.event_id), parseTime(p.event_time), who, summary);
}

// ── Events Push ──────────────────────────────────────────────────────────────────────────────

function eventsPushFacts(event: string, p: Obj): EventFacts {
  const imei = str(p.IMEI);
  const changes = num(p.Changes);
  const coordinates = typeof p.Coordinates === "string" ? p.Coordinates.replace(/\s+/g, "") : undefined;
  const location = str(p.Location);
  const geofence = str(p.Geofence_Name);
  const parts: string[] = [];
  switch (event) {
    case "overspeed":
      parts.push(changes !== undefined ? `overspeed by ${fixed(changes)}` : "overspeed");
      break;
    case "fuel_fill":
      parts.push(changes !== undefined ? `fuel filled +${fixed(changes)} L` : "fuel filled");
      break;
    case "fuel_drain":
      parts.push(changes !== undefined ? `fuel drained -${fixed(Math.abs(changes))} L` : "fuel drained");
      break;
    case "geofence_enter":
    case "geofence_exit":
      parts.push(`${event === "geofence_enter" ? "entered" : "left"} ${geofence ? `geofence "${geofence}"` : "a geofence"}`);
      break;
    case "tampering":
      parts.push("device tampering");
      break;
    case "power_cut":
      parts.push("external power cut");
      break;
    case "sos":
      parts.push("SOS alert");
      break;
    default:
      if (event) parts.push(changes !== undefined ? `${event} (${fixed(changes)})` : event);
  }
  if (geofence && event !== "geofence_enter" && event !== "geofence_exit") parts.push(`geofence "${geofence}"`);
  if (location) parts.push(`at ${clip(location, 50)}`);
  else if (coordinates) parts.push(`at ${coordinates}`);
  return build(undefined, parseTime(p.Device_Time), imei ? `IMEI ${imei}` : undefined, parts.join(" · "));
}

// ── Automatic ────────────────────────────────────────────────────────────────────────────────

function automaticFacts(event: string, p: Obj): EventFacts {
  const vehicle = str(obj(p.vehicle)?.id);
  const user = str(obj(p.user)?.id);
  const who = [vehicle && `vehicle ${vehicle}`, user && `user ${user}`].filter(Boolean).join(", ");
  const loc = obj(p.location);
  const where = coords(loc?.lat, loc?.lon);
  const parts: string[] = [];
  switch (event) {
    case "trip:finished": {
      const t = obj(p.trip);
      const meters = num(t?.distance_m);
      const seconds = num(t?.duration_s);
      if (meters !== undefined) parts.push(`${fixed(meters / 1000)} km${seconds !== undefined ? ` in ${spanText(seconds)}` : ""}`);
      else if (seconds !== undefined) parts.push(`trip of ${spanText(seconds)}`);
      const cost = num(t?.fuel_cost_usd);
      if (cost !== undefined) parts.push(`fuel ${money(cost)}`);
      const brakes = num(t?.hard_brakes);
      const accels = num(t?.hard_accels);
      if (brakes !== undefined || accels !== undefined) parts.push(`${plural(brakes ?? 0, "hard brake")}, ${plural(accels ?? 0, "hard accel")}`);
      const from = str(obj(t?.start_address)?.name);
      const to = str(obj(t?.end_address)?.name);
      if (from && to) parts.push(`${clip(from, 30)} → ${clip(to, 30)}`);
      else if (to) parts.push(`to ${clip(to, 50)}`);
      const ended = parseTime(t?.ended_at);
      if (ended !== undefined && parts.length === 0) parts.push(`trip ended ${new Date(ended).toISOString()}`);
      return build(str(p.id), parseTime(p.created_at), who, parts.join(" · "));
    }
    case "notification:speeding": {
      const kph = num(p.velocity_kph);
      parts.push(kph !== undefined ? `speeding at ${fixed(kph)} km/h` : "speeding");
      break;
    }
    case "notification:hard_brake":
    case "notification:hard_accel": {
      const g = num(p.g_force);
      parts.push(`${event.endsWith("brake") ? "hard brake" : "hard acceleration"}${g !== undefined ? ` ${fixed(g, 2)} g` : ""}`);
      break;
    }
    case "mil:on":
    case "mil:off": {
      const dtcs = Array.isArray(p.dtcs) ? p.dtcs.filter(isObj) : [];
      const codes = dtcs.map((d) => [str(d.code), str(d.description)].filter(Boolean).join(" ")).filter(Boolean);
      const head = event === "mil:on" ? "check-engine light on" : `check-engine light off${p.user_cleared === true ? " (cleared by the user)" : ""}`;
      parts.push(codes.length ? `${head}: ${clip(codes.join(", "), 60)}` : head);
      break;
    }
    case "ignition:on":
    case "ignition:off":
      parts.push(event === "ignition:on" ? "ignition on" : "ignition off");
      break;
    case "location:updated": {
      const acc = num(loc?.accuracy_m);
      if (where) parts.push(`at ${where}${acc !== undefined ? ` (±${fixed(acc, 0)} m)` : ""}`);
      return build(str(p.id), parseTime(p.created_at), who, parts.join(" · "));
    }
    default:
      break;
  }
  if (where) parts.push(`at ${where}`);
  return build(str(p.id), parseTime(p.created_at), who, parts.join(" · "));
}

function build(id: string | undefined, time: number | undefined, who: string | undefined, summary: string | undefined): EventFacts {
  const facts: EventFacts = {};
  if (id) facts.id = id;
  if (time !== undefined) facts.time = time;
  if (who) facts.who = who;
  if (summary) facts.summary = summary;
  return facts;
}

/**
 * The facts of one event. `ref` is what detectEvent (src/core/schemas) found; without it nothing is
 * known about the payload's shape, and only a top-level `id` and a common time field are read.
 */
export function eventFacts(ref: EventRef | undefined, payload: unknown): EventFacts {
  if (!isObj(payload)) return {};
  switch (ref?.provider) {
    case "zubie":
      return build(str(payload.id), parseTime(payload.timestamp), zubieWho(payload), zubieSummary(ref.event, payload));
    case "uber":
      return uberFacts(payload);
    case "events-push":
      return eventsPushFacts(ref.event, payload);
    case "automatic":
      return automaticFacts(ref.event, payload);
    default: {
      const id = typeof payload.id === "string" || typeof payload.id === "number" ? str(payload.id) : undefined;
      const time = parseTime(payload.timestamp) ?? parseTime(payload.created_at) ?? parseTime(payload.event_time) ?? parseTime(payload.time);
      return build(id, time, undefined, undefined);
    }
  }
}

/**
 * Only the dedupe key and the event time — what `tail --json` needs per event — without building
 * the `who` and `summary` text (which costs as much as parsing the event at 100k events).
 */
export function eventIdentity(ref: EventRef | undefined, payload: unknown): Pick<EventFacts, "id" | "time"> {
  if (!isObj(payload)) return {};
  let id: string | undefined;
  let time: number | undefined;
  switch (ref?.provider) {
    case "zubie":
      id = str(payload.id);
      time = parseTime(payload.timestamp);
      break;
    case "uber":
      id = str(payload.event_id);
      time = parseTime(payload.event_time);
      break;
    case "events-push":
      time = parseTime(payload.Device_Time);
      break;
    case "automatic":
      id = str(payload.id);
      time = parseTime(payload.created_at);
      break;
    default:
      id = typeof payload.id === "string" || typeof payload.id === "number" ? str(payload.id) : undefined;
      time = parseTime(payload.timestamp) ?? parseTime(payload.created_at) ?? parseTime(payload.event_time) ?? parseTime(payload.time);
  }
  const out: Pick<EventFacts, "id" | "time"> = {};
  if (id) out.id = id;
  if (time !== undefined) out.time = time;
  return out;
}
