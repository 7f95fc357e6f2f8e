/**
 * What matters about a Smartcar event (pure, no zod). The event's time is the delivery's
 * `meta.deliveredAt` (Unix ms, or ISO in the VERIFY example): Smartcar gives signals their own
 * `meta.oemUpdatedAt`, but VEHICLE_ERROR and VERIFY carry no other time.
 */
import { parseTime } from "../../time.js";
import { clip, coords, facts, fixed, identity, num, obj, plural, Positions, str, type Obj } from "../common/read.js";
import type { EventFacts, FactsReader } from "../types.js";

const signalsOf = (p: Obj): Obj[] => {
  const s = obj(p.data)?.signals;
  return Array.isArray(s) ? s.filter((x): x is Obj => typeof x === "object" && x !== null && !Array.isArray(x)) : [];
};

const bodyOf = (signals: Obj[], code: string): Obj | undefined => obj(signals.find((s) => s.code === code)?.body);

function who(p: Obj): string | undefined {
  const v = obj(obj(p.data)?.vehicle);
  const name = [str(v?.year), str(v?.make), str(v?.model)].filter(Boolean).join(" ");
  const id = str(p.vehicleId) ?? str(v?.id);
  if (name && id) return `${name}, vehicle ${id}`;
  return name || (id ? `vehicle ${id}` : undefined);
}

const UNITS: Record<string, string> = { kilometers: "km", miles: "mi" };

function percent(b: Obj | undefined): string | undefined {
  const v = num(b?.value);
  return v === undefined ? undefined : `${fixed(v)}%`;
}

function vehicleState(p: Obj): string {
  const parts: string[] = [];
  const triggers = obj(p.data)?.triggers;
  const codes = Array.isArray(triggers) ? triggers.map((t) => str(obj(t)?.code)).filter((c): c is string => c !== undefined) : [];
  if (codes.includes("FIRST_DELIVERY")) parts.push("first delivery");
  else if (codes.length) parts.push(`triggered by ${clip(codes.join(", "), 60)}`);
  const signals = signalsOf(p);
  const battery = percent(bodyOf(signals, "tractionbattery-stateofcharge"));
  if (battery) parts.push(`battery ${battery}`);
  const fuel = percent(bodyOf(signals, "internalcombustionengine-fuellevel"));
  if (fuel) parts.push(`fuel ${fuel}`);
  const charging = bodyOf(signals, "charge-ischarging")?.value;
  if (charging === true) parts.push("charging");
  const odometer = bodyOf(signals, "odometer-traveleddistance");
  const distance = num(odometer?.value);
  if (distance !== undefined) parts.push(`odometer ${fixed(distance)} ${UNITS[str(odometer?.unit) ?? "kilometers"] ?? str(odometer?.unit)}`);
  const loc = bodyOf(signals, "location-preciselocation");
  const at = coords(loc?.latitude, loc?.longitude);
  if (at) parts.push(`at ${at}`);
  const failed = signals.filter((s) => obj(s.status)?.error !== undefined).length;
  if (failed) parts.push(`${plural(failed, "signal")} with errors`);
  return parts.join(" · ") || `${plural(signals.length, "signal")}`;
}

function vehicleError(p: Obj): string | undefined {
  const errors = obj(p.data)?.errors;
  if (!Array.isArray(errors) || errors.length === 0) return undefined;
  const lines = errors.slice(0, 2).map((e) => {
    const o = obj(e) ?? {};
    const state = str(o.state) === "RESOLVED" ? "resolved" : "error";
    const count = Array.isArray(o.signals) ? o.signals.length : 0;
    return `${state} ${str(o.code) ?? str(o.type) ?? "?"}${str(o.type) && str(o.code) ? ` (${str(o.type)})` : ""}${count ? ` on ${plural(count, "signal")}` : ""}`;
  });
  return lines.join(" · ") + (errors.length > 2 ? ` · and ${errors.length - 2} more` : "");
}

function summary(event: string, p: Obj): string | undefined {
  switch (event) {
    case "VERIFY":
      return "webhook verification challenge: answer 200 with {\"challenge\": HMAC}";
    case "VEHICLE_STATE":
      return vehicleState(p);
    case "VEHICLE_ERROR":
      return vehicleError(p);
    default:
      return event || undefined;
  }
}

function positions(p: Obj) {
  const out = new Positions();
  for (const s of signalsOf(p)) {
    if (s.code !== "location-preciselocation") continue;
    const b = obj(s.body);
    out.add(b?.latitude, b?.longitude, "at", parseTime(obj(s.meta)?.oemUpdatedAt));
  }
  return out.get();
}

const timeOf = (p: Obj) => parseTime(obj(p.meta)?.deliveredAt);

export const reader: FactsReader = {
  /** `eventId` (the same across retries) and the delivery time. */
  identity: (_event, p) => identity(str(p.eventId), timeOf(p)),
  facts(event, p): EventFacts {
    return facts(str(p.eventId), timeOf(p), who(p), summary(event, p), positions(p));
  },
};
