import { describe, expect, it } from "vitest";
import { UsageError } from "../../../src/core/errors.js";
import {
  detectEvent,
  formatPath,
  listSchemas,
  luhnCheckDigit,
  luhnValid,
  parseSchemaRef,
  toJsonSchema,
  validateEvent,
  type ValidateOptions,
} from "../../../src/core/schemas/index.js";
import { AUTOMATIC_SPEEDING, copy, EVENTS_PUSH, UBER, ZUBIE_MAINTENANCE, ZUBIE_OVER_SPEEDING, ZUBIE_TRIP_END } from "./samples.js";

/** The errors as "$.path: message" strings. */
function errors(payload: unknown, options?: ValidateOptions): string[] {
  return validateEvent(payload, options).errors.map((e) => `${formatPath(e.path)}: ${e.message}`);
}

function only(payload: unknown, options?: ValidateOptions): { path: string; message: string; expected?: string; found?: string } {
  const v = validateEvent(payload, options);
  expect(v.valid).toBe(false);
  expect(v.errors).toHaveLength(1);
  const e = v.errors[0]!;
  return { path: formatPath(e.path), message: e.message, ...(e.expected === undefined ? {} : { expected: e.expected }), ...(e.found === undefined ? {} : { found: e.found }) };
}

describe("detectEvent", () => {
  it("finds each provider by its own type field", () => {
    expect(detectEvent(ZUBIE_TRIP_END)).toEqual({ provider: "zubie", event: "trip_end" });
    expect(detectEvent(UBER)).toEqual({ provider: "uber", event: "REALTIME_DRIVER_STATUS_CHANGE" });
    expect(detectEvent(EVENTS_PUSH)).toEqual({ provider: "events-push", event: "overspeed" });
    expect(detectEvent(AUTOMATIC_SPEEDING)).toEqual({ provider: "automatic", event: "notification:speeding" });
  });

  it("recognises vehicle_maintenance, whose sample has no user_key or account_key", () => {
    expect(detectEvent(ZUBIE_MAINTENANCE)).toEqual({ provider: "zubie", event: "vehicle_maintenance" });
  });

  it("detects an unknown Zubie event by its user_key, and an empty Events Push Event", () => {
    expect(detectEvent({ event: "vehicle_teleported", user_key: "u" })).toEqual({ provider: "zubie", event: "vehicle_teleported" });
    expect(detectEvent({ ...EVENTS_PUSH, Event: "" })).toEqual({ provider: "events-push", event: "" });
  });

  it("returns undefined when no provider fits", () => {
    expect(detectEvent({})).toBeUndefined();
    expect(detectEvent({ event: "something" })).toBeUndefined();
    expect(detectEvent({ type: "no-colon", id: "x" })).toBeUndefined();
    expect(detectEvent({ type: "trip:finished" })).toBeUndefined();
    expect(detectEvent([ZUBIE_TRIP_END])).toBeUndefined();
    expect(detectEvent(null)).toBeUndefined();
    expect(detectEvent("trip_end")).toBeUndefined();
  });
});

describe("formatPath", () => {
  it("writes JSONPath-like paths", () => {
    expect(formatPath([])).toBe("$");
    expect(formatPath(["trip", "distance"])).toBe("$.trip.distance");
    expect(formatPath(["dtcs", 0, "code"])).toBe("$.dtcs[0].code");
    expect(formatPath(["a b", "x-y", "_ok"])).toBe('$["a b"]["x-y"]._ok');
  });
});

describe("the seed samples are valid", () => {
  it.each([
    ["zubie trip_end (car, older trip shape)", ZUBIE_TRIP_END],
    ["zubie trip_over_speeding (vehicle, newer trip and point shapes)", ZUBIE_OVER_SPEEDING],
    ["zubie vehicle_maintenance", ZUBIE_MAINTENANCE],
    ["uber", UBER],
    ["events push", EVENTS_PUSH],
    ["automatic", AUTOMATIC_SPEEDING],
  ])("%s", (_name, payload) => {
    expect(validateEvent(payload)).toMatchObject({ valid: true, errors: [], warnings: [] });
    expect(validateEvent(payload, { strict: true })).toMatchObject({ valid: true, errors: [], warnings: [] });
  });
});

describe("Zubie rules", () => {
  it("timestamps are ISO 8601 with an offset", () => {
    const p = copy(ZUBIE_TRIP_END);
    p.timestamp = "2019-09-27T13:35:35";
    expect(only(p)).toMatchObject({ path: "$.timestamp", message: expect.stringContaining("ISO 8601 timestamp with a UTC offset"), found: '"2019-09-27T13:35:35"' });
    p.timestamp = "2019-09-27 13:35:35-04:00";
    expect(only(p).path).toBe("$.timestamp");
  });

  it("types are checked: a string distance is an error with what was expected and found", () => {
    const p = copy(ZUBIE_TRIP_END) as Record<string, unknown> & { trip: Record<string, unknown> };
    p.trip.distance = "far";
    expect(only(p)).toEqual({ path: "$.trip.distance", message: 'expected number, found string "far"', expected: "number", found: '"far"' });
  });

  it("nullability follows the documents: trip.distance may be null, trip.key may not", () => {
    const p = copy(ZUBIE_TRIP_END) as Record<string, unknown> & { trip: Record<string, unknown> };
    p.trip.distance = null;
    expect(errors(p)).toEqual([]);
    p.trip.key = null;
    expect(only(p)).toMatchObject({ path: "$.trip.key", message: "expected string, found null" });
  });

  it("a missing required field is named", () => {
    const p = copy(ZUBIE_TRIP_END) as Record<string, unknown>;
    delete p.user_key;
    expect(only(p)).toEqual({ path: "$.user_key", message: "required field is missing (expected string)", expected: "string", found: "missing" });
  });

  it("needs a `car` or a `vehicle`, and accepts either shape", () => {
    const p = copy(ZUBIE_TRIP_END) as Record<string, unknown>;
    delete p.car;
    expect(only(p)).toMatchObject({ path: "$.car", message: "expected a `car` (older shape) or a `vehicle` (newer shape) object" });
    p.vehicle = copy(ZUBIE_OVER_SPEEDING.vehicle);
    expect(errors(p)).toEqual([]);
  });

  it("reports the missing car/vehicle even when another field also fails", () => {
    const p = copy(ZUBIE_TRIP_END) as Record<string, unknown> & { trip: Record<string, unknown> };
    delete p.car;
    p.trip.hard_brakes = -1;
    expect(errors(p)).toEqual(["$.trip.hard_brakes: must be 0 or more", "$.car: expected a `car` (older shape) or a `vehicle` (newer shape) object"]);
  });

  it("checks the newer vehicle shape's nested location", () => {
    const p = copy(ZUBIE_OVER_SPEEDING);
    p.vehicle.vehicle_location.point.lat = 144.5;
    expect(only(p)).toMatchObject({ path: "$.vehicle.vehicle_location.point.lat", message: "latitude must be between -90 and 90", expected: "<= 90", found: "144.5" });
  });

  it("reports the closest trip shape, not both", () => {
    const p = copy(ZUBIE_OVER_SPEEDING) as unknown as { trip: Record<string, unknown> };
    p.trip.hard_brake_count = "two";
    expect(only(p)).toMatchObject({ path: "$.trip.hard_brake_count", message: 'expected number, found string "two"' });
    const q = copy(ZUBIE_TRIP_END) as unknown as { trip: Record<string, unknown> };
    q.trip.started_timestamp = "yesterday";
    expect(only(q)).toMatchObject({ path: "$.trip.started_timestamp", message: expect.stringContaining("ISO 8601") });
  });

  it("vehicle_maintenance's next_service_date is a date", () => {
    const p = copy(ZUBIE_MAINTENANCE);
    p.maintenance.next_service_date = "12/10/2015";
    expect(only(p)).toMatchObject({ path: "$.maintenance.next_service_date", message: "expected a date YYYY-MM-DD, e.g. 2015-12-10" });
  });

  it("an unknown Zubie event type is an error that names the known ones", () => {
    const p = { ...copy(ZUBIE_TRIP_END), event: "trip_ended" };
    const e = only(p);
    expect(e.path).toBe("$.event");
    expect(e.message).toMatch(/^unknown zubie event type "trip_ended" \(known: trip_start, trip_end, /);
    expect(e.message).toContain("device_vehicle_change");
  });
});

describe("Uber rules", () => {
  it("status is one of the four documented values", () => {
    expect(only({ ...UBER, status: "DRIVER_STATUS_BUSY" })).toMatchObject({
      path: "$.status",
      message: 'expected one of "DRIVER_STATUS_ONLINE", "DRIVER_STATUS_OFFLINE", "DRIVER_STATUS_ENROUTE", "DRIVER_STATUS_ONTRIP", found "DRIVER_STATUS_BUSY"',
    });
  });

  it("event_time is Unix milliseconds, and seconds are called out", () => {
    expect(only({ ...UBER, event_time: 1697253089 })).toMatchObject({ path: "$.event_time", message: "expected Unix milliseconds (13 digits); 1697253089 looks like seconds" });
    expect(only({ ...UBER, event_time: "1697253089123" })).toMatchObject({ path: "$.event_time", message: 'expected number, found string "1697253089123"' });
    expect(only({ ...UBER, event_time: 1697253089123.5 })).toMatchObject({ path: "$.event_time", message: "expected Unix milliseconds (an integer)" });
  });

  it("webhook_meta.webhook_msg_timestamp is Unix seconds, and milliseconds are called out", () => {
    const p = copy(UBER);
    p.webhook_meta.webhook_msg_timestamp = 1699877427000;
    expect(only(p)).toMatchObject({ path: "$.webhook_meta.webhook_msg_timestamp", message: "expected Unix seconds (10 digits); 1699877427000 looks like milliseconds" });
  });

  it("location is in range and resource_href is a URL", () => {
    expect(only({ ...UBER, location: { latitude: 38.9, longitude: -222.4 } })).toMatchObject({ path: "$.location.longitude", message: "longitude must be between -180 and 180" });
    expect(only({ ...UBER, resource_href: "not a url" })).toMatchObject({ path: "$.resource_href", message: "expected a URL" });
  });

  it("an unknown event_type is an error naming the known one", () => {
    expect(only({ ...UBER, event_type: "TRIP_STATUS_CHANGE" })).toMatchObject({
      path: "$.event_type",
      message: 'unknown uber event type "TRIP_STATUS_CHANGE" (known: REALTIME_DRIVER_STATUS_CHANGE)',
    });
  });
});

describe("Events Push rules", () => {
  it("IMEI is numeric and 15 digits", () => {
    expect(only({ ...EVENTS_PUSH, IMEI: "35061207519593" })).toMatchObject({ path: "$.IMEI", message: "IMEI must be numeric and 15 digits", expected: "15 digits" });
    expect(only({ ...EVENTS_PUSH, IMEI: "35061207519593X" })).toMatchObject({ path: "$.IMEI", message: "IMEI must be numeric and 15 digits" });
    expect(only({ ...EVENTS_PUSH, IMEI: 350612075195931 })).toMatchObject({ path: "$.IMEI", message: "expected string, found number 350612075195931" });
  });

  it("IMEI has a valid Luhn check digit", () => {
    expect(only({ ...EVENTS_PUSH, IMEI: "350612075195932" })).toEqual({
      path: "$.IMEI",
      message: "IMEI check digit is wrong (Luhn): expected 1 as the 15th digit",
      expected: "a valid Luhn check digit",
      found: '"350612075195932"',
    });
  });

  it("Coordinates is an in-range \"lat,lng\"", () => {
    expect(only({ ...EVENTS_PUSH, Coordinates: "22.927968 75.533275" })).toMatchObject({ path: "$.Coordinates", message: 'expected "latitude,longitude", e.g. "22.927968,75.533275"' });
    expect(only({ ...EVENTS_PUSH, Coordinates: "122.9,75.5" })).toMatchObject({ path: "$.Coordinates", message: "latitude 122.9 is out of range (-90 to 90)" });
    expect(only({ ...EVENTS_PUSH, Coordinates: "22.9,-195.5" })).toMatchObject({ path: "$.Coordinates", message: "longitude -195.5 is out of range (-180 to 180)" });
    expect(errors({ ...EVENTS_PUSH, Coordinates: "-90,180" })).toEqual([]);
  });

  it("timestamps use YYYY-MM-DDTHH:MM:SS.SSSSSS+0000", () => {
    expect(only({ ...EVENTS_PUSH, Device_Time: "2024-06-28T17:52:13+00:00" })).toMatchObject({
      path: "$.Device_Time",
      message: "expected YYYY-MM-DDTHH:MM:SS.SSSSSS+0000 (UTC), e.g. 2024-06-28T17:52:13.000000+0000",
      expected: "YYYY-MM-DDTHH:MM:SS.SSSSSS+0000",
    });
    expect(only({ ...EVENTS_PUSH, Server_Time: "2024-13-28T18:49:45.000000+0000" }).path).toBe("$.Server_Time");
  });

  it("Device_Time is not later than Server_Time", () => {
    expect(only({ ...EVENTS_PUSH, Device_Time: "2024-06-28T18:49:45.000001+0000" })).toEqual({
      path: "$.Device_Time",
      message: "Device_Time must not be later than Server_Time (2024-06-28T18:49:45.000000+0000)",
      expected: "<= 2024-06-28T18:49:45.000000+0000",
      found: '"2024-06-28T18:49:45.000001+0000"',
    });
    expect(errors({ ...EVENTS_PUSH, Device_Time: EVENTS_PUSH.Server_Time })).toEqual([]);
  });

  it("Event is not empty", () => {
    expect(only({ ...EVENTS_PUSH, Event: "" })).toMatchObject({ path: "$.Event", message: "Event cannot be empty", expected: "a non-empty string" });
  });

  it("Changes is an integer and Geofence_Name a string or null", () => {
    expect(only({ ...EVENTS_PUSH, Changes: 5.5 })).toMatchObject({ path: "$.Changes", message: "Changes must be an integer" });
    expect(only({ ...EVENTS_PUSH, Geofence_Name: 3 })).toMatchObject({ path: "$.Geofence_Name", message: "expected string, found number 3" });
  });

  it("geofence events name their geofence", () => {
    expect(only({ ...EVENTS_PUSH, Event: "geofence_enter" })).toMatchObject({ path: "$.Geofence_Name", message: "expected string, found null" });
    expect(errors({ ...EVENTS_PUSH, Event: "geofence_enter", Geofence_Name: "Depot" })).toEqual([]);
  });

  it("an Event outside the indicative list is validated and flagged with a warning", () => {
    const v = validateEvent({ ...EVENTS_PUSH, Event: "harsh_cornering" });
    expect(v.valid).toBe(true);
    expect(v.warnings.map((w) => `${formatPath(w.path)}: ${w.message}`)).toEqual([
      '$.Event: "harsh_cornering" is not one of the documented Events Push events (overspeed, fuel_fill, fuel_drain, geofence_enter, geofence_exit, tampering, power_cut, sos)',
    ]);
    expect(only({ ...EVENTS_PUSH, Event: "harsh_cornering", IMEI: "1" }).path).toBe("$.IMEI");
  });
});

describe("Automatic rules", () => {
  it("created_at is ISO 8601 and the type-specific fields are checked", () => {
    expect(only({ ...AUTOMATIC_SPEEDING, created_at: "1457974965000" })).toMatchObject({ path: "$.created_at", message: expect.stringContaining("ISO 8601") });
    const p = copy(AUTOMATIC_SPEEDING) as Record<string, unknown>;
    delete p.velocity_kph;
    expect(only(p)).toMatchObject({ path: "$.velocity_kph", message: "required field is missing (expected number)" });
  });

  it("an unknown type is an error naming the known ones", () => {
    const e = only({ ...AUTOMATIC_SPEEDING, type: "trip:teleported" });
    expect(e.path).toBe("$.type");
    expect(e.message).toMatch(/^unknown automatic event type "trip:teleported" \(known: trip:finished, ignition:on, /);
  });
});

describe("payloads of no known provider", () => {
  it("say what was looked for", () => {
    const e = only({ hello: "world" });
    expect(e.path).toBe("$");
    expect(e.message).toContain("not an event of a known provider");
    expect(e.message).toContain("Uber `event_type`");
    expect(e.message).toContain("Events Push `Event` with `IMEI`");
    expect(e.message).toContain("--schema provider/event");
    expect(validateEvent({ hello: "world" }).ref).toBeUndefined();
  });

  it("non-objects are not events", () => {
    expect(only([1, 2])).toMatchObject({ path: "$", message: "expected a JSON object (an event), found array(2)" });
    expect(only("text")).toMatchObject({ message: 'expected a JSON object (an event), found "text"' });
    expect(only(null)).toMatchObject({ message: "expected a JSON object (an event), found null" });
  });
});

describe("options", () => {
  it("extra fields pass by default and are warnings with strict", () => {
    const p = { ...copy(ZUBIE_TRIP_END), extra: 1 } as Record<string, unknown> & { trip: Record<string, unknown> };
    p.trip.note = "x";
    expect(validateEvent(p)).toMatchObject({ valid: true, warnings: [] });
    const v = validateEvent(p, { strict: true });
    expect(v.valid).toBe(true);
    expect(v.warnings.map((w) => `${formatPath(w.path)}: ${w.message}`).sort()).toEqual(['$.extra: unexpected field "extra" (not in the schema)', '$.trip.note: unexpected field "note" (not in the schema)']);
  });

  it("strict keeps real errors as errors", () => {
    const v = validateEvent({ ...UBER, status: "X", extra: true }, { strict: true });
    expect(v.valid).toBe(false);
    expect(v.errors.map((e) => formatPath(e.path))).toEqual(["$.status"]);
    expect(v.warnings.map((e) => formatPath(e.path))).toEqual(["$.extra"]);
  });

  it("--schema forces one schema", () => {
    const v = validateEvent(ZUBIE_TRIP_END, { schema: { provider: "uber", event: "REALTIME_DRIVER_STATUS_CHANGE" } });
    expect(v.ref).toEqual({ provider: "uber", event: "REALTIME_DRIVER_STATUS_CHANGE" });
    expect(v.valid).toBe(false);
    expect(v.errors.map((e) => formatPath(e.path))).toContain("$.event_type");
    const w = validateEvent({ ...ZUBIE_TRIP_END, event: "trip_start" }, { schema: { provider: "zubie", event: "trip_end" } });
    expect(w.errors.map((e) => `${formatPath(e.path)}: ${e.message}`)).toEqual(['$.event: expected "trip_end", found "trip_start"']);
  });
});

describe("parseSchemaRef", () => {
  it("accepts provider/event, fixture-style names and a lone provider with one schema", () => {
    expect(parseSchemaRef("zubie/trip_end")).toEqual({ provider: "zubie", event: "trip_end" });
    expect(parseSchemaRef("automatic/trip:finished")).toEqual({ provider: "automatic", event: "trip:finished" });
    expect(parseSchemaRef("automatic/trip_finished")).toEqual({ provider: "automatic", event: "trip:finished" });
    expect(parseSchemaRef("uber")).toEqual({ provider: "uber", event: "REALTIME_DRIVER_STATUS_CHANGE" });
    expect(parseSchemaRef("Events-Push/SOS")).toEqual({ provider: "events-push", event: "sos" });
  });

  it("rejects unknown providers and events with a usage error listing the choices", () => {
    expect(() => parseSchemaRef("stripe/charge")).toThrow(UsageError);
    expect(() => parseSchemaRef("stripe/charge")).toThrow('--schema stripe/charge: unknown provider "stripe" (expected provider/event with provider one of zubie, uber, events-push, automatic, smartcar, samsara, traccar, motive, fleetio)');
    expect(() => parseSchemaRef("zubie/trip_ended")).toThrow(/unknown zubie event "trip_ended" \(known: trip_start, /);
    expect(() => parseSchemaRef("zubie")).toThrow(/unknown zubie event ""/);
  });
});

describe("luhn", () => {
  it("matches known IMEIs", () => {
    expect(luhnValid("350612075195931")).toBe(true);
    expect(luhnValid("490154203237518")).toBe(true);
    expect(luhnValid("490154203237519")).toBe(false);
    expect(luhnCheckDigit("35061207519593")).toBe(1);
    expect(luhnCheckDigit("49015420323751")).toBe(8);
  });
});

describe("listSchemas and toJsonSchema", () => {
  it("lists every provider's catalogue", () => {
    const ids = listSchemas().map((r) => `${r.provider}/${r.event}`);
    expect(ids).toHaveLength(105);
    expect(ids).toContain("zubie/vehicle_location_update");
    expect(ids).toContain("uber/REALTIME_DRIVER_STATUS_CHANGE");
    expect(ids).toContain("events-push/sos");
    expect(ids).toContain("automatic/vehicle:status_report");
    expect(ids).toContain("motive/vehicle_location_updated");
    expect(ids).toContain("fleetio/work_order_completed");
  });

  it("exports draft 2020-12 with the car-or-vehicle rule and the non-exportable rules named", () => {
    const zubie = toJsonSchema({ provider: "zubie", event: "trip_end" });
    expect(zubie.$schema).toBe("https://json-schema.org/draft/2020-12/schema");
    expect(zubie.title).toBe("zubie/trip_end");
    expect(zubie.anyOf).toEqual([
      { properties: { car: true }, required: ["car"] },
      { properties: { vehicle: true }, required: ["vehicle"] },
    ]);
    const push = toJsonSchema({ provider: "events-push", event: "overspeed" });
    expect(push.description).toContain("IMEI Luhn check digit; Device_Time <= Server_Time");
    expect(() => toJsonSchema({ provider: "zubie", event: "nope" })).toThrow(UsageError);
  });
});
