/** What matters about a Samsara webhook (pure, no zod): the envelope's eventId and eventTime, the vehicle, the event. */
import { parseTime } from "../../time.js";
import { clip, facts, identity, obj, Positions, str, type Obj } from "../common/read.js";
import type { EventFacts, FactsReader } from "../types.js";
import { formatDuration } from "../../duration.js";

const dataOf = (p: Obj): Obj => obj(p.data) ?? {};

/** The alert condition's details object (`{ geofenceEntry: {…} }` → its inner object), if any. */
function conditionDetails(p: Obj): { kind?: string; detail?: Obj; description?: string } {
  const conditions = dataOf(p).conditions;
  const first = Array.isArray(conditions) ? obj(conditions[0]) : undefined;
  const details = obj(first?.details);
  const kind = details ? Object.keys(details).find((k) => obj(details[k]) !== undefined) : undefined;
  const out: { kind?: string; detail?: Obj; description?: string } = {};
  if (kind) {
    out.kind = kind;
    out.detail = obj(details![kind])!;
  }
  const d = str(first?.description);
  if (d) out.description = d;
  return out;
}

function vehicleOf(p: Obj): Obj | undefined {
  const d = dataOf(p);
  return obj(d.vehicle) ?? obj(obj(d.data)?.vehicle) ?? obj(conditionDetails(p).detail?.vehicle);
}

function who(p: Obj): string | undefined {
  const v = vehicleOf(p);
  const name = str(v?.name);
  const vin = str(v?.vin) ?? str(v?.vehicleVin);
  if (name && vin) return `${name} (VIN ${vin})`;
  if (name || vin) return name ?? `VIN ${vin}`;
  if (v && str(v.id)) return `vehicle ${str(v.id)}`;
  const driver = obj(dataOf(p).driver) ?? obj(conditionDetails(p).detail?.driver);
  return str(driver?.name) ? `driver ${str(driver!.name)}` : undefined;
}

function place(a: Obj | undefined): string {
  const name = str(a?.name);
  const where = str(a?.formattedAddress);
  return `${name ? `"${name}"` : "a geofence"}${where && where !== name ? ` (${clip(where, 50)})` : ""}`;
}

function fault(p: Obj): string | undefined {
  const f = obj(dataOf(p).fault);
  const j = obj(f?.j1939);
  if (j) {
    const spn = obj(j.spn);
    const fmi = obj(j.fmi);
    const code = [str(spn?.id) && `SPN ${str(spn!.id)}`, str(fmi?.id) && `FMI ${str(fmi!.id)}`].filter(Boolean).join(" ");
    const text = str(spn?.description);
    return `${code || "J1939 fault"}${text ? ` ${clip(text, 40)}` : ""}`;
  }
  const dtc = obj(obj(f?.passenger)?.dtc);
  if (dtc) return `${str(dtc.shortCode) ?? "DTC"}${str(dtc.description) ? ` ${clip(str(dtc.description)!, 40)}` : ""}`;
  const oem = obj(f?.oem);
  if (oem) return `${str(oem.codeIdentifier) ?? "OEM code"}${str(oem.codeDescription) ? ` ${clip(str(oem.codeDescription)!, 40)}` : ""}`;
  return undefined;
}

function summary(event: string, p: Obj): string | undefined {
  const d = dataOf(p);
  switch (event) {
    case "GeofenceEntry":
      return `entered ${place(obj(d.address))}`;
    case "GeofenceExit":
      return `left ${place(obj(d.address))}`;
    case "EngineFaultOn":
      return `engine fault on: ${fault(p) ?? "?"}`;
    case "EngineFaultOff":
      return `engine fault cleared: ${fault(p) ?? "?"}`;
    case "SevereSpeedingStarted":
      return "severe speeding started";
    case "SevereSpeedingEnded": {
      const inner = obj(d.data);
      const start = parseTime(inner?.startTime);
      const end = parseTime(inner?.endTime);
      return `severe speeding ended${start !== undefined && end !== undefined && end >= start ? ` after ${formatDuration(end - start)}` : ""}`;
    }
    case "AlertIncident": {
      const c = conditionDetails(p);
      const kind = c.kind?.replace(/([a-z])([A-Z])/g, "$1 $2").toLowerCase();
      const what = c.description ? `"${clip(c.description, 60)}"${kind ? ` (${kind})` : ""}` : (kind ?? "incident");
      return `alert ${what}${d.isResolved === true ? ", resolved" : d.isResolved === false ? ", open" : ""}`;
    }
    case "VehicleCreated":
    case "VehicleUpdated": {
      const v = obj(d.vehicle);
      const model = [str(v?.year), str(v?.make), str(v?.model)].filter(Boolean).join(" ");
      return `vehicle ${event === "VehicleCreated" ? "created" : "updated"}${model ? `: ${model}` : ""}`;
    }
    case "DriverCreated":
    case "DriverUpdated": {
      const name = str(obj(d.driver)?.name);
      return `driver ${event === "DriverCreated" ? "created" : "updated"}${name ? `: ${name}` : ""}`;
    }
    case "DvirSubmitted": {
      const dvir = obj(d.dvir);
      return `DVIR submitted${str(dvir?.type) ? ` (${str(dvir!.type)})` : ""}${str(dvir?.safetyStatus) ? `: ${str(dvir!.safetyStatus)}` : ""}`;
    }
    case "RouteStopArrival":
    case "RouteStopDeparture": {
      const route = str(obj(d.route)?.name);
      return `${event === "RouteStopArrival" ? "arrived at" : "departed from"} a stop${route ? ` of route "${route}"` : ""}`;
    }
    default:
      return event ? event.replace(/([a-z])([A-Z])/g, "$1 $2").toLowerCase() : undefined;
  }
}

/** A geofence's centre (a circle's, or a polygon's first vertex): where the vehicle entered or left it. */
function positions(p: Obj, time: number | undefined) {
  const out = new Positions();
  const address = obj(dataOf(p).address) ?? obj(conditionDetails(p).detail?.address);
  const g = obj(address?.geofence);
  const circle = obj(g?.circle);
  if (circle) out.add(circle.latitude, circle.longitude, "at", time);
  else {
    const vertices = obj(g?.polygon)?.vertices;
    const first = Array.isArray(vertices) ? obj(vertices[0]) : undefined;
    out.add(first?.latitude, first?.longitude, "at", time);
  }
  return out.get();
}

export const reader: FactsReader = {
  /** `eventId` and `eventTime` (ISO 8601). */
  identity: (_event, p) => identity(str(p.eventId), parseTime(p.eventTime)),
  facts(event, p): EventFacts {
    const time = parseTime(p.eventTime);
    return facts(str(p.eventId), time, who(p), summary(event, p), positions(p, time));
  },
};
