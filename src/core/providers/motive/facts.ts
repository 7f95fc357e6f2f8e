/** What matters about a Motive webhook (pure, no zod): the vehicle and driver, the action's time, one line. */
import { parseTime } from "../../time.js";
import { clip, coords, facts, fixed, identity, obj, Positions, str, num, type Obj } from "../common/read.js";
import type { EventFacts, FactsReader } from "../types.js";
import { formatDuration } from "../../duration.js";

const DUTY: Record<string, string> = {
  off_duty: "off duty",
  sleeper: "sleeper berth",
  driving: "driving",
  on_duty: "on duty (not driving)",
  personal_conveyance: "personal conveyance",
  yard_moves: "yard moves",
  waiting: "waiting",
};

/** The action's own time: where it was (located_at), the fault's latest observation, a span's end or start, an update. */
function timeOf(p: Obj): number | undefined {
  for (const k of ["located_at", "last_observed_at", "end_time", "start_time", "updated_at"]) {
    const t = parseTime(p[k]);
    if (t !== undefined) return t;
  }
  return undefined;
}

function name(u: Obj | undefined): string | undefined {
  const n = [str(u?.first_name), str(u?.last_name)].filter(Boolean).join(" ");
  return n || (u && str(u.id) ? `#${str(u.id)}` : undefined);
}

function who(action: string, p: Obj): string | undefined {
  const v = obj(p.vehicle) ?? obj(p.current_vehicle);
  const vehicle = str(v?.number) ? `vehicle ${str(v!.number)}` : v && str(v.id) ? `vehicle #${str(v.id)}` : undefined;
  const person = action === "user_duty_status_updated" ? p : (obj(p.driver) ?? obj(p.user));
  const driver = name(person);
  return [vehicle, driver && `driver ${driver}`].filter(Boolean).join(", ") || undefined;
}

const kmh = (v: unknown) => (num(v) !== undefined ? `${fixed(num(v)!)} km/h` : undefined);
const where = (p: Obj) => {
  const at = coords(p.lat, p.lon);
  const d = str(p.description);
  return at ? `at ${at}${d ? ` (${clip(d, 40)})` : ""}` : d ? `at ${clip(d, 40)}` : undefined;
};
const seconds = (v: unknown) => (num(v) !== undefined && num(v)! >= 0 ? formatDuration(num(v)! * 1000) : undefined);

function fault(p: Obj): string {
  const code = str(p.code) ?? "?";
  const text = str(p.code_description);
  return `${code}${text ? ` ${clip(text, 40)}` : ""}`;
}

function summary(action: string, p: Obj): string | undefined {
  switch (action) {
    case "vehicle_location_updated":
      return [where(p), kmh(p.speed)].filter(Boolean).join(" · ") || "location updated";
    case "engine_toggle_event": {
      const t = str(p.type);
      const what = t === "engine_on" ? "engine on" : t === "engine_off" ? "engine off" : `engine ${t ?? "toggled"}`;
      return [what, where(p)].filter(Boolean).join(" ");
    }
    case "user_duty_status_updated": {
      const s = str(p.duty_status);
      return `duty status: ${s ? (DUTY[s] ?? s) : "?"}`;
    }
    case "hos_violation_upserted": {
      const label = str(p.name) ?? str(p.type) ?? "violation";
      const start = parseTime(p.start_time);
      const end = parseTime(p.end_time);
      const span = start !== undefined && end !== undefined && end >= start ? `, ${formatDuration(end - start)}` : end === undefined ? ", open" : "";
      return `HOS violation: ${clip(label, 50)}${span}`;
    }
    case "speeding_event_created": {
      const over = num(p.max_over_speed_in_kph);
      const start = parseTime(p.start_time);
      const end = parseTime(p.end_time);
      const span = seconds(p.duration) ?? (start !== undefined && end !== undefined && end >= start ? formatDuration(end - start) : undefined);
      const max = kmh(p.max_vehicle_speed);
      return `speeding${max ? `: max ${max}` : ""}${over !== undefined ? `, ${fixed(over)} km/h over the limit` : ""}${span ? ` for ${span}` : ""}`;
    }
    case "fault_code_opened":
      return `fault code opened: ${fault(p)}`;
    case "fault_code_closed": {
      const n = num(p.num_observations);
      return `fault code closed: ${fault(p)}${n !== undefined ? ` (${n} observation${n === 1 ? "" : "s"})` : ""}`;
    }
    case "vehicle_geofence_event": {
      const g = obj(p.geofence);
      const place = str(g?.name) ? `"${clip(str(g!.name)!, 40)}"` : "a geofence";
      const exited = str(p.type) === "exit" || parseTime(p.end_time) !== undefined;
      if (!exited) return `entered ${place}`;
      const stay = seconds(p.duration);
      return `left ${place}${stay ? ` after ${stay}` : ""}`;
    }
    default:
      return action ? action.replaceAll("_", " ") : undefined;
  }
}

function positions(action: string, p: Obj, time: number | undefined) {
  const out = new Positions();
  if (action === "speeding_event_created") {
    out.add(p.start_lat, p.start_lon, "start", parseTime(p.start_time));
    out.add(p.end_lat, p.end_lon, "end", parseTime(p.end_time));
  } else out.add(p.lat, p.lon, "at", time);
  return out.get();
}

export const reader: FactsReader = {
  /** No event id (ids are records': dedupe on the body); the action's own time. */
  identity: (_event, p) => identity(undefined, timeOf(p)),
  facts(event, p): EventFacts {
    const time = timeOf(p);
    return facts(undefined, time, who(event, p), summary(event, p), positions(event, p, time));
  },
};
