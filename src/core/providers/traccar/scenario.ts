/**
 * traccar-trip: one delivery van's trip in Rotterdam, as Traccar forwards it: the device comes
 * online, ignition on in the depot, starts moving, leaves the depot geofence, positions along the
 * way, an overspeed, enters the customer's geofence, stops, ignition off.
 *
 * Coherent the way Traccar's are: event and position ids grow (database sequences), each event
 * made from a position carries it (positionId, eventTime = the position's deviceTime), the device's
 * positionId and lastUpdate follow its latest position, totalDistance and distance add up along
 * the route, geofenceIds say which geofence the van is in. Times: the device's fix a second before
 * the server's receipt, which is when Traccar forwards it (the step's time).
 */
import { timeLike } from "../../time.js";
import { clockOf, metres, template, type Obj, type Scenario } from "../../scenarios/kit.js";

type Step = { fixture: string; atMs: number; at?: [number, number]; knots?: number; address?: string; ignition?: boolean; geofences?: number[] };

const DEPOT = 2;
const CUSTOMER = 3;

/** Depot (Waalhaven) → Maastunnel → Binnenrotte (Blaak market hall), with a geocoder's addresses. */
const PLAN: readonly Step[] = [
  { fixture: "deviceOnline", atMs: 0 },
  { fixture: "ignitionOn", atMs: 77_000, at: [51.88763, 4.43478], knots: 0, address: "Waalhaven Zuidzijde 19, 3089 JH Rotterdam, Netherlands", ignition: true, geofences: [DEPOT] },
  { fixture: "deviceMoving", atMs: 151_000, at: [51.88912, 4.44017], knots: 9.7, address: "Waalhaven Zuidzijde, 3089 Rotterdam, Netherlands", ignition: true, geofences: [DEPOT] },
  { fixture: "geofenceExit", atMs: 179_000, at: [51.88978, 4.44211], knots: 14.2, address: "Waalhaven Oostzijde, 3089 Rotterdam, Netherlands", ignition: true, geofences: [] },
  { fixture: "position", atMs: 299_000, at: [51.89604, 4.46153], knots: 27.5, address: "Pleinweg 210, 3083 EZ Rotterdam, Netherlands", ignition: true, geofences: [] },
  { fixture: "position", atMs: 344_000, at: [51.90012, 4.46402], knots: 38.9, address: "Dorpsweg, 3083 Rotterdam, Netherlands", ignition: true, geofences: [] },
  { fixture: "deviceOverspeed", atMs: 384_000, at: [51.90521, 4.46706], knots: 52.4, address: "Maastunnel, 3083 Rotterdam, Netherlands", ignition: true, geofences: [] },
  { fixture: "position", atMs: 459_000, at: [51.91254, 4.4748], knots: 21.6, address: "Westblaak 180, 3012 KP Rotterdam, Netherlands", ignition: true, geofences: [] },
  { fixture: "geofenceEnter", atMs: 650_000, at: [51.92004, 4.48561], knots: 8.1, address: "Binnenrotte 1, 3011 HA Rotterdam, Netherlands", ignition: true, geofences: [CUSTOMER] },
  { fixture: "deviceStopped", atMs: 723_000, at: [51.92031, 4.48672], knots: 0, address: "Binnenrotte 1, 3011 HA Rotterdam, Netherlands", ignition: true, geofences: [CUSTOMER] },
  { fixture: "ignitionOff", atMs: 741_000, at: [51.92031, 4.48672], knots: 0, address: "Binnenrotte 1, 3011 HA Rotterdam, Netherlands", ignition: false, geofences: [CUSTOMER] },
];

/** Initial bearing from a to b, degrees 0–360 (Traccar's course). */
function bearing(a: [number, number], b: [number, number]): number {
  const rad = Math.PI / 180;
  const y = Math.sin((b[1] - a[1]) * rad) * Math.cos(b[0] * rad);
  const x = Math.cos(a[0] * rad) * Math.sin(b[0] * rad) - Math.sin(a[0] * rad) * Math.cos(b[0] * rad) * Math.cos((b[1] - a[1]) * rad);
  return Math.round(((Math.atan2(y, x) / rad + 360) % 360) * 10) / 10;
}

export const traccarTrip: Scenario = {
  name: "traccar-trip",
  provider: "traccar",
  description: "one van's trip: deviceOnline, ignitionOn, deviceMoving, geofenceExit, positions, deviceOverspeed, geofenceEnter, deviceStopped, ignitionOff",
  fixtures: [...new Set(PLAN.map((s) => `traccar/${s.fixture}`))],
  build(templates, options) {
    const { random } = options;
    const { at, after } = clockOf(options);
    let eventId = 9_000 + Math.floor(random() * 90_000);
    let positionId = 40_000 + Math.floor(random() * 900_000);
    const online = template(templates, "traccar/deviceOnline");
    const device = online.device as Obj;
    let lastPositionId = Math.max(1, positionId - 1);
    let previous: [number, number] | undefined;
    let total = 44_998_870.4; // totalDistance, metres
    let course = 0;
    return PLAN.map((step) => {
      const p = template(templates, `traccar/${step.fixture}`);
      const sent = at(step.atMs);
      // The device's fix, in whole seconds, a second before Traccar has it and forwards it.
      const fix = Math.floor(at(step.atMs - 1_000) / 1_000) * 1_000;
      let lastUpdate = timeLike(String(device.lastUpdate), sent);
      if (step.at) {
        const pos = p.position as Obj;
        const distance = previous ? Math.round(metres(previous, step.at) * 10) / 10 : 0;
        total = Math.round((total + distance) * 10) / 10;
        if (previous && distance > 0) course = bearing(previous, step.at);
        previous = step.at;
        lastPositionId = positionId += 1 + Math.floor(random() * 3);
        const knots = step.knots ?? 0;
        const attributes: Obj = { ...(pos.attributes as Obj), ignition: step.ignition === true, motion: knots > 0, distance, totalDistance: total };
        delete attributes.alarm;
        p.position = {
          ...pos,
          id: lastPositionId,
          attributes,
          serverTime: timeLike(String(pos.serverTime), sent),
          deviceTime: timeLike(String(pos.deviceTime), fix),
          fixTime: timeLike(String(pos.fixTime), fix),
          latitude: step.at[0],
          longitude: step.at[1],
          speed: knots,
          course,
          address: step.address ?? null,
          geofenceIds: step.geofences ?? [],
        };
      }
      const pos = p.position as Obj | undefined;
      if (p.event) {
        const e = p.event as Obj;
        eventId += 1 + Math.floor(random() * 2);
        p.event = { ...e, id: eventId, eventTime: pos ? pos.deviceTime : timeLike(String(e.eventTime), sent), positionId: pos ? pos.id : 0 };
        if (step.fixture === "deviceOverspeed") p.event = { ...(p.event as Obj), attributes: { ...(e.attributes as Obj), speed: step.knots } };
      }
      if (pos) lastUpdate = String(pos.serverTime);
      p.device = { ...(p.device as Obj), status: "online", lastUpdate, positionId: lastPositionId };
      const event = p.event ? String((p.event as Obj).type) : "position";
      return { provider: "traccar", event, payload: p, atMs: after(step.atMs) };
    });
  },
};
