/**
 * What matters about a Fleetio webhook (pure, no zod): the delivery `id` (the dedupe key), its
 * `timestamp` (the account's time zone, ISO 8601), the vehicle the record is about and one line per
 * record kind.
 */
import { formatDuration } from "../../duration.js";
import { parseTime } from "../../time.js";
import { clip, facts, fixed, identity, num, obj, str, type Obj } from "../common/read.js";
import type { EventFacts, FactsReader } from "../types.js";

const recordOf = (p: Obj): Obj => obj(p.payload) ?? {};

/** The vehicle: a vehicle_* record is the vehicle itself; other records name it (`vehicle_name`, `vehicle_id`). */
function who(event: string, p: Obj): string | undefined {
  const r = recordOf(p);
  const isVehicle = event.startsWith("vehicle_");
  const name = str(isVehicle ? r.name : r.vehicle_name) ?? str(obj(r.vehicle)?.name);
  const vin = str(r.vin) ?? str(obj(r.vehicle)?.vin);
  const id = str(isVehicle ? r.id : r.vehicle_id);
  if (name && vin) return `${name} (VIN ${vin})`;
  if (name) return id ? `${name}, vehicle ${id}` : name;
  if (vin) return `VIN ${vin}`;
  return id ? `vehicle ${id}` : undefined;
}

/** The user who caused it: a User object, an email (older payloads), or nobody (a background job). */
function byWhom(p: Obj): string | undefined {
  const t = p.triggered_by;
  if (typeof t === "string") return str(t);
  const u = obj(t);
  return str(u?.name) ?? ([str(u?.first_name), str(u?.last_name)].filter(Boolean).join(" ") || str(u?.email));
}

/** Amounts are in the account's currency, which the payload does not name: no symbol. */
const amount = (n: number) => n.toFixed(2);
/** A fuel price keeps its tenths of a cent (3.689). */
const unitPrice = (n: number) => (Math.abs(n * 100 - Math.round(n * 100)) < 1e-9 ? n.toFixed(2) : n.toFixed(3));
const meter = (v: unknown, unit = "mi") => (num(v) === undefined ? undefined : `${fixed(num(v)!)} ${unit}`);
const numbered = (kind: string, r: Obj) => `${kind}${str(r.number) ? ` #${str(r.number)}` : ""}`;
const action = (event: string, kind: string) => event.slice(kind.length + 1).replace(/_/g, " ");

function workOrder(event: string, r: Obj): string {
  const status = str(r.work_order_status_name);
  const head = `${numbered("work order", r)}${event === "work_order_completed" ? " completed" : ` ${action(event, "work_order")}`}${status && event !== "work_order_completed" ? ` (${status})` : ""}`;
  const total = num(r.total_amount);
  const labor = num(r.labor_subtotal);
  const parts = num(r.parts_subtotal);
  const cost = total !== undefined && total > 0 ? `: total ${amount(total)}${labor !== undefined && parts !== undefined ? ` (labor ${amount(labor)}, parts ${amount(parts)})` : ""}` : "";
  const start = parseTime(r.started_at);
  const end = parseTime(r.completed_at);
  const took = start !== undefined && end !== undefined && end >= start ? ` in ${formatDuration(end - start)}` : "";
  const items = Array.isArray(r.work_order_line_items) ? r.work_order_line_items.length : 0;
  return head + cost + took + (!cost && items ? `, ${items} line item${items === 1 ? "" : "s"}` : "");
}

function issue(event: string, r: Obj): string {
  const what = str(r.summary);
  const head = `${numbered("issue", r)} ${event === "issue_created" ? "opened" : action(event, "issue")}`;
  if (event === "issue_resolved" || event === "issue_closed") {
    const note = str(r.resolved_note);
    return `${head}${what ? `: ${clip(what, 50)}` : ""}${note ? ` (${clip(note, 50)})` : ""}`;
  }
  const priority = str(r.priority);
  return `${head}${what ? `: ${clip(what, 60)}` : ""}${priority ? `, priority ${priority}` : ""}`;
}

function fuel(event: string, r: Obj): string {
  const gallons = num(r.us_gallons);
  const price = num(r.price_per_volume_unit);
  const cost = num(r.cost);
  const volume = gallons !== undefined ? `${fixed(gallons, 3)} gal` : num(r.liters) !== undefined ? `${fixed(num(r.liters)!, 3)} l` : undefined;
  const parts = [`fuel entry ${action(event, "fuel_entry")}`];
  if (volume) parts.push(`${volume}${price !== undefined ? ` × ${unitPrice(price)}` : ""}${cost !== undefined ? ` = ${amount(cost)}` : ""}`);
  else if (cost !== undefined) parts.push(amount(cost));
  const at = meter(r.meter_value);
  if (at) parts.push(`at ${at}`);
  const vendor = str(r.vendor_name);
  if (vendor) parts.push(clip(vendor, 40));
  return parts.join(", ");
}

function summary(event: string, p: Obj): string | undefined {
  const r = recordOf(p);
  let line: string | undefined;
  if (event.startsWith("dtc_alert_")) {
    const code = str(r.code);
    const text = str(r.description);
    const at = meter(r.meter_value, str(r.meter_unit) ?? "mi");
    line = `DTC ${code ?? "?"}${text ? ` ${clip(text, 50)}` : ""}${at ? ` at ${at}` : ""}`;
  } else if (event.startsWith("issue_")) line = issue(event, r);
  else if (event.startsWith("work_order_")) line = workOrder(event, r);
  else if (event.startsWith("fuel_entry_")) line = fuel(event, r);
  else if (event.startsWith("vehicle_")) {
    const model = [str(r.year), str(r.make), str(r.model)].filter(Boolean).join(" ");
    const at = meter(r.current_meter_value, str(r.primary_meter_unit) ?? "mi");
    line = `vehicle ${action(event, "vehicle")}${model ? `: ${model}` : ""}${at ? `, meter ${at}` : ""}`;
  } else line = event ? event.replace(/_/g, " ") : undefined;
  const by = byWhom(p);
  return line && by ? `${line} · by ${by}` : line;
}

const timeOf = (p: Obj) => parseTime(p.timestamp);

export const reader: FactsReader = {
  /** The delivery `id` and `timestamp`. */
  identity: (_event, p) => identity(str(p.id), timeOf(p)),
  facts(event, p): EventFacts {
    return facts(str(p.id), timeOf(p), who(event, p), summary(event, p));
  },
};
