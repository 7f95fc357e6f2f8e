/**
 * Fleetio webhook payloads: the envelope `{id, event, timestamp, triggered_by, payload}` of
 * https://developer.fleetio.com/docs/overview/webhooks, and around `payload` the record of each
 * event (a Vehicle, DTC Alert, Issue, Work Order or Fuel Entry, with the fields Fleetio's API
 * returns for them that integrations read: integer ids, `account_id`, `vehicle_id`/`vehicle_name`,
 * meter values, costs in the account's currency). Records are loose (Fleetio sends many more
 * fields, custom fields included). zod comes from the Kit.
 */
import type { z } from "zod";
import type { Kit } from "../../schemas/common.js";
import type { SchemaSet } from "../types.js";
import { FLEETIO_EVENTS, hasFleetioPrefix } from "./index.js";

/** Two amounts in the account's currency equal to the cent. */
const cents = (a: number, b: number) => Math.abs(a - b) < 0.005 + 1e-9;

function parts(k: Kit) {
  const { z } = k;
  const opt = (t: z.ZodType) => t.optional();
  const nul = (t: z.ZodType) => t.nullable().optional();
  const recordId = () => z.number().int("Fleetio ids are integers").positive("Fleetio ids are positive");
  const amount = () => z.number().min(0, "amounts must be 0 or more");
  const meter = () => z.number().min(0, "meter values must be 0 or more");
  /** The User who triggered the event (an email in older examples), or null for background jobs. */
  const user = z.union([
    z.null(),
    z.string().min(1, "triggered_by must not be empty"),
    k.obj({ id: opt(recordId()), email: opt(z.string()), first_name: opt(z.string()), last_name: opt(z.string()), name: opt(z.string()) }, "The Fleetio User who triggered the event"),
  ]);
  const onVehicle = { id: recordId(), account_id: opt(recordId()), vehicle_id: recordId(), vehicle_name: opt(z.string()), created_at: opt(k.isoTimestamp()), updated_at: opt(k.isoTimestamp()) };
  return { opt, nul, recordId, amount, meter, user, onVehicle };
}

function records(k: Kit) {
  const { z } = k;
  const p = parts(k);
  const { opt, nul } = p;
  const iso = () => k.isoTimestamp();
  const vehicle = k.obj(
    {
      id: p.recordId(),
      account_id: opt(p.recordId()),
      name: z.string().min(1, "a vehicle has a name"),
      vin: nul(z.string()),
      year: nul(z.number().int()),
      make: nul(z.string()),
      model: nul(z.string()),
      trim: nul(z.string()),
      license_plate: nul(z.string()),
      vehicle_type_name: nul(z.string()),
      vehicle_status_name: opt(z.string()),
      group_name: nul(z.string()),
      fuel_type_name: nul(z.string()),
      primary_meter_unit: opt(z.string()),
      current_meter_value: nul(p.meter()),
      current_meter_date: nul(k.isoDate()),
      created_at: opt(iso()),
      updated_at: opt(iso()),
    },
    "A Fleetio Vehicle",
  );
  const dtcAlert = k.obj({ ...p.onVehicle, vin: nul(z.string()), code: z.string().min(1, "a DTC has a code"), description: nul(z.string()), source: nul(z.string()), occurred_at: opt(iso()), meter_value: nul(p.meter()), meter_unit: opt(z.string()), resolved_at: nul(iso()) }, "A Fleetio DTC Alert (a diagnostic trouble code from a telematics integration)");
  const issue = k.obj(
    {
      ...p.onVehicle,
      number: opt(z.number().int()),
      summary: z.string().min(1, "an issue has a summary"),
      description: nul(z.string()),
      state: z.enum(["open", "resolved", "closed"], { error: "state is open, resolved or closed" }),
      priority: nul(z.string()),
      labels: opt(z.array(z.string())),
      reported_at: nul(iso()),
      reported_by_id: nul(p.recordId()),
      meter_value: nul(p.meter()),
      dtc_alert_id: nul(p.recordId()),
      work_order_id: nul(p.recordId()),
      resolved_at: nul(iso()),
      resolved_note: nul(z.string()),
    },
    "A Fleetio Issue",
  );
  const partLine = k.obj({ part_number: nul(z.string()), description: nul(z.string()), quantity: z.number().positive("quantity must be more than 0"), unit_cost: p.amount(), subtotal: p.amount() });
  const laborLine = k.obj({ technician_name: nul(z.string()), hours: z.number().min(0, "hours must be 0 or more"), hourly_rate: p.amount(), subtotal: p.amount() });
  const line = k.obj({ id: opt(p.recordId()), item_type: opt(z.string()), item_id: nul(p.recordId()), description: nul(z.string()), labor: opt(z.array(laborLine)), parts: opt(z.array(partLine)), labor_subtotal: opt(p.amount()), parts_subtotal: opt(p.amount()), subtotal: opt(p.amount()) });
  const workOrderFields = k.obj(
    {
      ...p.onVehicle,
      number: opt(z.number().int()),
      work_order_status_name: z.string().min(1, "a work order has a status"),
      issued_at: nul(iso()),
      started_at: nul(iso()),
      completed_at: nul(iso()),
      issued_by_name: nul(z.string()),
      assigned_to_name: nul(z.string()),
      starting_meter_value: nul(p.meter()),
      ending_meter_value: nul(p.meter()),
      issue_ids: opt(z.array(p.recordId())),
      work_order_line_items: opt(z.array(line)),
      labor_subtotal: opt(p.amount()),
      parts_subtotal: opt(p.amount()),
      tax_total: opt(p.amount()),
      total_amount: opt(p.amount()),
    },
    "A Fleetio Work Order (amounts in the account's currency)",
  );
  type Wo = { labor_subtotal?: number; parts_subtotal?: number; tax_total?: number; total_amount?: number };
  const sums = (v: Wo) => v.total_amount === undefined || v.labor_subtotal === undefined || v.parts_subtotal === undefined || cents(v.total_amount, v.labor_subtotal + v.parts_subtotal + (v.tax_total ?? 0));
  const workOrder = k.rule(workOrderFields, (v) => sums(v as Wo), (v) => {
    const w = v as Wo;
    const want = (w.labor_subtotal ?? 0) + (w.parts_subtotal ?? 0) + (w.tax_total ?? 0);
    return { path: ["total_amount"], message: `total_amount ${String(w.total_amount)} is not labor_subtotal + parts_subtotal + tax_total (${want.toFixed(2)})`, expected: want.toFixed(2) };
  });
  const fuelFields = k.obj(
    {
      ...p.onVehicle,
      date: iso(),
      meter_value: nul(p.meter()),
      us_gallons: nul(z.number().positive("us_gallons must be more than 0")),
      liters: nul(z.number().positive("liters must be more than 0")),
      volume_unit: opt(z.string()),
      price_per_volume_unit: nul(p.amount()),
      cost: nul(p.amount()),
      fuel_type_name: nul(z.string()),
      partial: opt(z.boolean()),
      reset: opt(z.boolean()),
      personal: opt(z.boolean()),
      vendor_name: nul(z.string()),
      reference: nul(z.string()),
    },
    "A Fleetio Fuel Entry (cost = volume × price per unit, in the account's currency)",
  );
  type Fuel = { us_gallons?: number | null; liters?: number | null; volume_unit?: unknown; price_per_volume_unit?: number | null; cost?: number | null };
  const volumeOf = (v: Fuel) => (v.volume_unit === "l" || v.volume_unit === "L" || v.volume_unit === "liters" ? v.liters : (v.us_gallons ?? undefined)) ?? undefined;
  const costAddsUp = (v: Fuel) => {
    const vol = volumeOf(v);
    if (typeof vol !== "number" || typeof v.price_per_volume_unit !== "number" || typeof v.cost !== "number") return true;
    return cents(v.cost, Math.round(vol * v.price_per_volume_unit * 100) / 100);
  };
  const fuelEntry = k.rule(fuelFields, (v) => costAddsUp(v as Fuel), (v) => {
    const f = v as Fuel;
    const want = (Math.round((volumeOf(f) ?? 0) * (f.price_per_volume_unit ?? 0) * 100) / 100).toFixed(2);
    return { path: ["cost"], message: `cost ${String(f.cost)} is not the volume × price_per_volume_unit (${want})`, expected: want };
  });
  return { p, vehicle, dtcAlert, issue, workOrder, fuelEntry };
}

/** The envelope around `payload`. */
function envelope(k: Kit, event: z.ZodType, payload: z.ZodType, description: string) {
  const { z } = k;
  const p = parts(k);
  return k.obj({ id: z.number().int("id is an integer (the delivery's id)"), event, timestamp: k.isoTimestamp(), triggered_by: p.user, payload }, description);
}

export function fleetioSchemas(k: Kit): Record<string, z.ZodType> {
  const r = records(k);
  const payloadOf = (event: string): z.ZodType => {
    if (event.startsWith("vehicle_")) return r.vehicle;
    if (event.startsWith("dtc_alert_")) return r.dtcAlert;
    if (event.startsWith("issue_")) return r.issue;
    if (event.startsWith("work_order_")) return r.workOrder;
    return r.fuelEntry;
  };
  const out: Record<string, z.ZodType> = {};
  for (const e of FLEETIO_EVENTS) out[e] = envelope(k, k.z.literal(e), payloadOf(e), `Fleetio webhook "${e}": the record in payload. Dedupe on id (the delivery's); timestamp is in the account's time zone.`);
  return out;
}

/** Fleetio's other events (contact_created, part_updated, …): the envelope around any record. */
function otherFleetio(k: Kit): z.ZodType {
  const { z } = k;
  const event = k.rule(z.string().min(1, "event cannot be empty"), hasFleetioPrefix, (v) => ({ message: `"${v}" is not <record>_<action> of a Fleetio record kind`, expected: "e.g. contact_created" }));
  return envelope(k, event, z.record(z.string(), z.unknown()), "A Fleetio webhook of another event");
}

export const schemaSet: SchemaSet = { events: fleetioSchemas, otherEvents: { label: "Fleetio", schema: otherFleetio } };
