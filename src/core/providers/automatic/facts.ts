/** What matters about an Automatic event (pure, no zod). Metres, seconds and km/h, as its field names say. */
import { isoTime, parseTime } from "../../time.js";
import { clip, coords, facts, fixed, identity, money, num, obj, plural, Positions, str, type Obj } from "../common/read.js";
import type { FactsReader } from "../types.js";
import { isObject } from "../../values.js";
import { formatDuration } from "../../duration.js";

/** The event's `location`, and a finished trip's start and end. */
function positions(p: Obj, time: number | undefined) {
  const out = new Positions();
  const loc = obj(p.location);
  out.add(loc?.lat, loc?.lon, "at", time);
  const trip = obj(p.trip);
  if (trip) {
    const start = obj(trip.start_location);
    const end = obj(trip.end_location);
    out.add(start?.lat, start?.lon, "start", parseTime(trip.started_at));
    out.add(end?.lat, end?.lon, "end", parseTime(trip.ended_at));
  }
  return out.get();
}

function summary(event: string, p: Obj): string {
  const loc = obj(p.location);
  const where = coords(loc?.lat, loc?.lon);
  const parts: string[] = [];
  switch (event) {
    case "trip:finished": {
      const t = obj(p.trip);
      const meters = num(t?.distance_m);
      const seconds = num(t?.duration_s);
      if (meters !== undefined) parts.push(`${fixed(meters / 1000)} km${seconds !== undefined ? ` in ${formatDuration(seconds * 1000)}` : ""}`);
      else if (seconds !== undefined) parts.push(`trip of ${formatDuration(seconds * 1000)}`);
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
      if (ended !== undefined && parts.length === 0) parts.push(`trip ended ${isoTime(ended)}`);
      return parts.join(" · ");
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
      const dtcs = Array.isArray(p.dtcs) ? p.dtcs.filter(isObject) : [];
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
      return parts.join(" · ");
    }
    default:
      break;
  }
  if (where) parts.push(`at ${where}`);
  return parts.join(" · ");
}

export const reader: FactsReader = {
  /** `id` is the dedupe key (events can arrive more than once, hours or days late); `created_at` the time. */
  identity: (_event, p) => identity(str(p.id), parseTime(p.created_at)),
  facts(event, p) {
    const vehicle = str(obj(p.vehicle)?.id);
    const user = str(obj(p.user)?.id);
    const who = [vehicle && `vehicle ${vehicle}`, user && `user ${user}`].filter(Boolean).join(", ");
    const time = parseTime(p.created_at);
    return facts(str(p.id), time, who, summary(event, p), positions(p, time));
  },
};
