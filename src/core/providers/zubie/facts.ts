/**
 * What matters about a Zubie event (pure, no zod). Distances in miles and speeds in mph (inferred:
 * a US service; its trips report `max_speed` around 50 for city driving).
 */
import { parseTime } from "../../time.js";
import { clip, coords, facts, fixed, identity, money, num, obj, plural, Positions, str, type Obj } from "../common/read.js";
import type { EventFacts, FactsReader } from "../types.js";
import { formatDuration } from "../../duration.js";

function vehicleOf(p: Obj): Obj | undefined {
  return obj(p.vehicle) ?? obj(p.car);
}

function who(p: Obj): string | undefined {
  const v = vehicleOf(p);
  const nickname = str(v?.nickname);
  const vin = str(v?.vin);
  if (nickname && vin) return `${nickname} (VIN ${vin})`;
  if (nickname) return nickname;
  if (vin) return `VIN ${vin}`;
  const device = obj(p.device);
  const serial = str(device?.serial);
  return serial ? `device ${serial}` : undefined;
}

function where(p: Obj): string | undefined {
  const point = obj(p.point);
  const nested = obj(point?.point);
  const v = vehicleOf(p);
  const vp = obj(obj(v?.vehicle_location)?.point);
  return coords(point?.latitude, point?.longitude) ?? coords(nested?.lat, nested?.lon) ?? coords(vp?.lat, vp?.lon) ?? coords(v?.latitude, v?.longitude);
}

/**
 * Every position: the event's `point` (flat or nested), the vehicle's (`car` latitude/longitude,
 * `vehicle.vehicle_location.point`), and the trip's start and end in either trip shape.
 */
function positions(p: Obj, time: number | undefined) {
  const out = new Positions();
  const point = obj(p.point);
  if (point) {
    const at = parseTime(point.timestamp) ?? time;
    const nested = obj(point.point);
    out.add(point.latitude, point.longitude, "at", at).add(nested?.lat, nested?.lon, "at", at);
  }
  const car = obj(p.car);
  out.add(car?.latitude, car?.longitude, "at", time);
  const vp = obj(obj(obj(p.vehicle)?.vehicle_location)?.point);
  out.add(vp?.lat, vp?.lon, "at", time);
  const trip = obj(p.trip);
  if (trip) {
    out.add(trip.started_latitude, trip.started_longitude, "start", parseTime(trip.started_timestamp));
    const start = obj(trip.start_point);
    out.add(obj(start?.point)?.lat, obj(start?.point)?.lon, "start", parseTime(start?.timestamp));
    out.add(trip.ended_latitude, trip.ended_longitude, "end", parseTime(trip.ended_timestamp));
    const end = obj(trip.end_point);
    out.add(obj(end?.point)?.lat, obj(end?.point)?.lon, "end", parseTime(end?.timestamp));
  }
  return out.get();
}

function address(a: unknown): string | undefined {
  const o = obj(a);
  if (!o) return str(a);
  const parts = [str(o.street), str(o.city), str(o.state)].filter(Boolean);
  return parts.length ? parts.join(", ") : undefined;
}

function tripParts(t: Obj, finished: boolean): string[] {
  const out: string[] = [];
  const distance = num(t.distance);
  const start = parseTime(t.started_timestamp) ?? parseTime(obj(t.start_point)?.timestamp);
  const end = parseTime(t.ended_timestamp) ?? parseTime(obj(t.end_point)?.timestamp);
  const trip = str(t.id);
  if (distance !== undefined) {
    out.push(`${fixed(distance)} mi${start !== undefined && end !== undefined && end >= start ? ` in ${formatDuration(end - start)}` : ""}`);
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

function summary(event: string, p: Obj): string | undefined {
  const parts: string[] = [];
  const trip = obj(p.trip);
  const point = obj(p.point);
  const v = vehicleOf(p);
  const at = where(p);
  const speed = num(point?.speed);
  const device = obj(p.device);
  const serial = str(device?.serial);
  switch (event) {
    case "trip_start": {
      const from = address(trip?.started_address) ?? address(obj(trip?.start_point)?.address);
      parts.push(`trip${trip && str(trip.id) ? ` ${str(trip.id)}` : ""} started${from ? ` at ${clip(from, 50)}` : at ? ` at ${at}` : ""}`);
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
      if (trip) parts.push(...tripParts(trip, true));
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
      if (at) parts.push(`at ${at}`);
      break;
    }
    case "vehicle_geofence_arrival":
    case "vehicle_geofence_departure": {
      const g = obj(p.geofence);
      const name = str(g?.name);
      const place = str(g?.address);
      parts.push(`${event.endsWith("arrival") ? "arrived at" : "left"} ${name ? `geofence "${name}"` : "a geofence"}${place && place !== name ? ` (${clip(place, 50)})` : ""}`);
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
      const text = str(m?.summary) ?? str(m?.description);
      const next = str(m?.next_service_date);
      const miles = num(m?.next_service_miles);
      parts.push(text ? `maintenance: ${clip(text, 50)}` : "maintenance due");
      if (next) parts.push(`next service ${next}`);
      if (miles !== undefined) parts.push(`at ${miles} mi`);
      break;
    }
    case "vehicle_schedule_exception": {
      const s = obj(p.schedule);
      const name = str(s?.name);
      const category = str(s?.category);
      parts.push(`outside schedule${name ? ` "${name}"` : ""}${category ? ` (${category})` : ""}`);
      if (at) parts.push(`at ${at}`);
      break;
    }
    case "device_claim_success":
      parts.push(`device${serial ? ` ${serial}` : ""} activated`);
      break;
    case "device_unplug":
      parts.push(`device${serial ? ` ${serial}` : ""} unplugged`);
      if (at) parts.push(`at ${at}`);
      break;
    case "device_reconnect": {
      parts.push(`device${serial ? ` ${serial}` : ""} reconnected`);
      const gasp = parseTime(p.last_gasp_timestamp);
      const now = parseTime(p.timestamp);
      if (gasp !== undefined && now !== undefined && now >= gasp) parts.push(`after ${formatDuration(now - gasp)} unplugged`);
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
    if (at) parts.push(`at ${at}`);
    if (event === "vehicle_low_battery" && battery !== undefined) parts.unshift(`battery ${fixed(battery)} V`);
    else if (event === "vehicle_fuel_low" && fuel !== undefined) parts.unshift(`fuel ${fixed(fuel)}%`);
    else {
      if (fuel !== undefined) parts.push(`fuel ${fixed(fuel)}%`);
      if (battery !== undefined) parts.push(`battery ${fixed(battery)} V`);
    }
  }
  return parts.length ? parts.join(" · ") : undefined;
}

export const reader: FactsReader = {
  /** Zubie's top-level `id` (only some events carry it) and `timestamp`. */
  identity: (_event, p) => identity(str(p.id), parseTime(p.timestamp)),
  facts(event, p): EventFacts {
    const time = parseTime(p.timestamp);
    return facts(str(p.id), time, who(p), summary(event, p), positions(p, time));
  },
};
