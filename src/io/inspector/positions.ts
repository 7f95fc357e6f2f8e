/**
 * Positions an event carries, for the inspector's map.
 *
 * TEMPORARY FALLBACK — to be replaced by `facts.positions` (EventFacts, src/core/events/facts.ts),
 * which is being added elsewhere with this same shape. The store reads `facts.positions` first and
 * uses this only when facts do not have the field yet; delete this file once they do.
 */
export interface Position {
  lat: number;
  lon: number;
  role: "at" | "start" | "end";
  /** ms since the epoch, when the payload says when the vehicle was there. */
  time?: number;
}

type Obj = Record<string, unknown>;
const obj = (v: unknown): Obj | undefined => (typeof v === "object" && v !== null && !Array.isArray(v) ? (v as Obj) : undefined);

function at(lat: unknown, lon: unknown, role: Position["role"]): Position | undefined {
  const a = typeof lat === "string" ? Number(lat) : lat;
  const b = typeof lon === "string" ? Number(lon) : lon;
  if (typeof a !== "number" || typeof b !== "number" || !Number.isFinite(a) || !Number.isFinite(b)) return undefined;
  if (a < -90 || a > 90 || b < -180 || b > 180 || (a === 0 && b === 0)) return undefined;
  return { lat: a, lon: b, role };
}

/** A point object in any of the shapes the providers use. */
function point(p: unknown, role: Position["role"]): Position | undefined {
  const o = obj(p);
  if (!o) return undefined;
  return at(o.lat, o.lon, role) ?? at(o.latitude, o.longitude, role) ?? point(o.point, role);
}

/**
 * The fallback: the place an event happened when it names one (a hard brake's `point`), else a
 * trip's start and end, else the vehicle's or device's location.
 */
export function fallbackPositions(payload: unknown): Position[] {
  const p = obj(payload);
  if (!p) return [];
  const own = point(p.point, "at");
  if (own) return [own];
  const trip = obj(p.trip);
  if (trip) {
    const start = point(trip.start_location, "start") ?? point(trip.start_point, "start") ?? at(trip.started_latitude, trip.started_longitude, "start");
    const end = point(trip.end_location, "end") ?? point(trip.end_point, "end") ?? at(trip.ended_latitude, trip.ended_longitude, "end");
    if (start || end) return [start, end].filter((x): x is Position => x !== undefined);
  }
  if (typeof p.Coordinates === "string") {
    const [lat, lon] = p.Coordinates.split(",");
    const c = at(Number(lat), Number(lon), "at");
    if (c) return [c];
  }
  const vehicle = obj(p.vehicle) ?? obj(p.car);
  const one = point(p.location, "at") ?? point(obj(vehicle?.vehicle_location)?.point, "at") ?? at(vehicle?.latitude, vehicle?.longitude, "at");
  return one ? [one] : [];
}

/** `facts.positions` when facts have it (checked value by value), else the fallback. */
export function positionsOf(facts: unknown, payload: unknown): Position[] {
  const given = obj(facts)?.positions;
  if (Array.isArray(given)) {
    const out: Position[] = [];
    for (const g of given) {
      const o = obj(g);
      const role = o?.role === "start" || o?.role === "end" ? o.role : "at";
      const pos = o ? at(o.lat, o.lon, role) : undefined;
      if (pos) {
        if (typeof o!.time === "number" && Number.isFinite(o!.time)) pos.time = o!.time;
        out.push(pos);
      }
    }
    return out;
  }
  return fallbackPositions(payload);
}
