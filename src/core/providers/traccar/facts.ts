/**
 * What matters about a Traccar event or position (pure, no zod). Speed is in knots in Traccar
 * (model/Position.java "value in knots", the speedLimit attribute too: config/Keys.java "Speed limit
 * value in knots"): the summary says km/h first, then knots, e.g. "97 km/h (52.4 kn)".
 */
import { isoTime, parseTime } from "../../time.js";
import { clip, coords, facts, fixed, identity, num, obj, Positions, str, type Obj } from "../common/read.js";
import type { FactsReader } from "../types.js";
import { POSITION } from "./index.js";

const KMH_PER_KNOT = 1.852;

/** "97 km/h (52.4 kn)" from knots. */
export function speedText(knots: number): string {
  return `${Math.round(knots * KMH_PER_KNOT)} km/h (${fixed(Math.round(knots * 10) / 10)} kn)`;
}

/** A positive database id as text (0 means none in Traccar's models). */
function dbId(v: unknown): string | undefined {
  const n = num(v);
  if (n !== undefined) return n > 0 ? String(n) : undefined;
  return str(v);
}

/** The event's time: eventTime (serverTime before Traccar 5), else its position's. */
function timeOf(p: Obj): number | undefined {
  const e = obj(p.event);
  const pos = obj(p.position);
  return parseTime(e?.eventTime) ?? parseTime(e?.serverTime) ?? parseTime(pos?.fixTime) ?? parseTime(pos?.deviceTime) ?? parseTime(pos?.serverTime);
}

/**
 * The dedupe key. Event and position ids are separate database sequences, so each is named:
 * `event:9121`, `position:48213`. A position sent as a GET has no id (forward.url has no {id}
 * placeholder): the device and the fix time name it, `position:356307042441013@2025-03-14T08:03:10.000Z`.
 */
function idOf(event: string, p: Obj): string | undefined {
  const e = obj(p.event);
  const pos = obj(p.position);
  const device = obj(p.device);
  if (event !== POSITION || e) {
    const id = dbId(e?.id);
    if (id) return `event:${id}`;
    const who = str(device?.uniqueId) ?? dbId(e?.deviceId);
    const at = parseTime(e?.eventTime);
    return who && at !== undefined ? `event:${str(e?.type) ?? event}:${who}@${isoTime(at)}` : undefined;
  }
  const id = dbId(pos?.id);
  if (id) return `position:${id}`;
  const who = str(device?.uniqueId) ?? dbId(pos?.deviceId) ?? str(device?.name);
  const at = parseTime(pos?.fixTime) ?? parseTime(pos?.deviceTime);
  return who && at !== undefined ? `position:${who}@${isoTime(at)}` : undefined;
}

/** "Van 7 (uniqueId 356307042441013)"; a device named after its identifier once. */
function whoOf(p: Obj): string | undefined {
  const device = obj(p.device);
  const name = str(device?.name);
  const uniqueId = str(device?.uniqueId);
  if (name && uniqueId) return name === uniqueId ? `device ${uniqueId}` : `${name} (uniqueId ${uniqueId})`;
  if (name) return name;
  if (uniqueId) return `device ${uniqueId}`;
  const id = dbId(obj(p.event)?.deviceId) ?? dbId(obj(p.position)?.deviceId);
  return id ? `device id ${id}` : undefined;
}

/** "at 51.9225,4.47917 · 52 km/h (28.1 kn) · Westblaak 12, Rotterdam" for a position (no speed when still). */
function where(pos: Obj | undefined, withSpeed: boolean): string[] {
  if (!pos) return [];
  const parts: string[] = [];
  const at = coords(pos.latitude, pos.longitude);
  if (at) parts.push(`at ${at}${pos.valid === false ? " (invalid fix)" : ""}`);
  const speed = num(pos.speed);
  if (withSpeed && speed !== undefined && speed > 0) parts.push(speedText(speed));
  const address = str(pos.address);
  if (address) parts.push(clip(address, 50));
  return parts;
}

const SAYS: Record<string, string> = {
  deviceOnline: "device online",
  deviceOffline: "device offline",
  deviceUnknown: "device status unknown",
  deviceInactive: "device inactive",
  deviceMoving: "started moving",
  deviceStopped: "stopped",
  deviceFuelDrop: "fuel drop",
  deviceFuelIncrease: "fuel increase",
  ignitionOn: "ignition on",
  ignitionOff: "ignition off",
  deviceIdle: "idling",
  queuedCommandSent: "queued command sent",
};

function summary(event: string, p: Obj): string {
  const e = obj(p.event);
  const attrs = obj(e?.attributes) ?? {};
  const pos = obj(p.position);
  const posAttrs = obj(pos?.attributes) ?? {};
  const parts: string[] = [];
  let withSpeed = true;
  switch (event) {
    case POSITION: {
      const course = num(pos?.course);
      const line = where(pos, true);
      if (course !== undefined && num(pos?.speed)) line.splice(2, 0, `course ${fixed(course, 0)}°`);
      if (posAttrs.ignition === true || posAttrs.ignition === false) line.push(`ignition ${posAttrs.ignition ? "on" : "off"}`);
      return line.join(" · ");
    }
    case "deviceOverspeed": {
      const speed = num(attrs.speed) ?? num(pos?.speed);
      const limit = num(attrs.speedLimit);
      parts.push(`overspeed${speed !== undefined ? ` ${speedText(speed)}` : ""}${limit !== undefined ? `, limit ${speedText(limit)}` : ""}`);
      withSpeed = false;
      break;
    }
    case "geofenceEnter":
    case "geofenceExit": {
      const name = str(obj(p.geofence)?.name) ?? (dbId(e?.geofenceId) ? `geofence ${dbId(e?.geofenceId)}` : undefined);
      parts.push(`${event === "geofenceEnter" ? "entered" : "left"} ${name ?? "a geofence"}`);
      break;
    }
    case "alarm": {
      const alarm = str(attrs.alarm) ?? str(posAttrs.alarm);
      parts.push(alarm ? `alarm: ${alarm}` : "alarm");
      break;
    }
    case "driverChanged": {
      const driver = str(attrs.driverUniqueId) ?? str(posAttrs.driverUniqueId);
      parts.push(driver ? `driver changed to ${driver}` : "driver changed");
      break;
    }
    case "maintenance": {
      const m = obj(p.maintenance);
      parts.push(`maintenance due${m && str(m.name) ? `: ${clip(str(m.name)!, 40)}` : ""}`);
      break;
    }
    case "commandResult": {
      const result = str(attrs.result);
      parts.push(result ? `command result: ${clip(result, 40)}` : "command result");
      break;
    }
    case "textMessage": {
      const message = str(attrs.message);
      parts.push(message ? `text message: ${clip(message, 40)}` : "text message");
      break;
    }
    case "media": {
      const file = str(attrs.media) ?? str(attrs.file);
      parts.push(file ? `media: ${clip(file, 40)}` : "media");
      break;
    }
    default:
      parts.push(SAYS[event] ?? event);
  }
  if (event === "deviceFuelDrop" || event === "deviceFuelIncrease") {
    const fuel = num(posAttrs.fuel);
    if (fuel !== undefined) parts[0] += ` (fuel now ${fixed(fuel)} l)`;
  }
  return [...parts, ...where(pos, withSpeed && event !== "deviceStopped" && event !== "ignitionOff")].join(" · ");
}

export const reader: FactsReader = {
  identity: (event, p) => identity(idOf(event, p), timeOf(p)),
  facts(event, p) {
    const time = timeOf(p);
    const pos = obj(p.position);
    const positions = new Positions().add(pos?.latitude, pos?.longitude, "at", parseTime(pos?.fixTime) ?? time).get();
    return facts(idOf(event, p), time, whoOf(p), summary(event, p), positions);
  },
};
