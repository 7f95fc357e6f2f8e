/** One failing case per schema rule, shared by the zod and the JSON Schema (ajv) tests. */
import { AUTOMATIC_SPEEDING, copy, EVENTS_PUSH, UBER, ZUBIE_OVER_SPEEDING, ZUBIE_TRIP_END } from "./samples.js";

export interface FailingCase {
  name: string;
  payload: unknown;
  /** formatPath of the one error. */
  path: string;
  /** Whether JSON Schema can express the rule (the exported schema then rejects it too). */
  exportable: boolean;
}

function set<T>(base: T, change: (p: T) => void): T {
  const p = copy(base);
  change(p);
  return p;
}

type Loose = Record<string, unknown>;

export const FAILING: FailingCase[] = [
  { name: "zubie timestamp without offset", payload: { ...ZUBIE_TRIP_END, timestamp: "2019-09-27T13:35:35" }, path: "$.timestamp", exportable: true },
  { name: "zubie wrong type", payload: set(ZUBIE_TRIP_END, (p) => ((p.trip as Loose).distance = "far")), path: "$.trip.distance", exportable: true },
  { name: "zubie null where not nullable", payload: set(ZUBIE_TRIP_END, (p) => ((p.trip as Loose).key = null)), path: "$.trip.key", exportable: true },
  { name: "zubie neither car nor vehicle", payload: set(ZUBIE_TRIP_END, (p) => delete (p as Loose).car), path: "$.car", exportable: true },
  { name: "zubie vehicle location out of range", payload: set(ZUBIE_OVER_SPEEDING, (p) => (p.vehicle.vehicle_location.point.lat = 144.5)), path: "$.vehicle.vehicle_location.point.lat", exportable: true },
  { name: "zubie newer trip shape, bad count", payload: set(ZUBIE_OVER_SPEEDING, (p) => ((p.trip as Loose).hard_brake_count = "two")), path: "$.trip.hard_brake_count", exportable: true },
  { name: "uber status outside the enum", payload: { ...UBER, status: "DRIVER_STATUS_BUSY" }, path: "$.status", exportable: true },
  { name: "uber event_time in seconds", payload: { ...UBER, event_time: 1697253089 }, path: "$.event_time", exportable: true },
  { name: "uber webhook_msg_timestamp in milliseconds", payload: set(UBER, (p) => (p.webhook_meta.webhook_msg_timestamp = 1699877427000)), path: "$.webhook_meta.webhook_msg_timestamp", exportable: true },
  { name: "events push IMEI of 14 digits", payload: { ...EVENTS_PUSH, IMEI: "35061207519593" }, path: "$.IMEI", exportable: true },
  { name: "events push IMEI with letters", payload: { ...EVENTS_PUSH, IMEI: "35061207519593X" }, path: "$.IMEI", exportable: true },
  { name: "events push IMEI failing the Luhn check", payload: { ...EVENTS_PUSH, IMEI: "350612075195932" }, path: "$.IMEI", exportable: false },
  { name: "events push Coordinates not lat,lng", payload: { ...EVENTS_PUSH, Coordinates: "22.927968 75.533275" }, path: "$.Coordinates", exportable: true },
  { name: "events push latitude out of range", payload: { ...EVENTS_PUSH, Coordinates: "122.9,75.5" }, path: "$.Coordinates", exportable: true },
  { name: "events push longitude out of range", payload: { ...EVENTS_PUSH, Coordinates: "22.9,-195.5" }, path: "$.Coordinates", exportable: true },
  { name: "events push timestamp format", payload: { ...EVENTS_PUSH, Server_Time: "2024-06-28T18:49:45Z" }, path: "$.Server_Time", exportable: true },
  { name: "events push Device_Time after Server_Time", payload: { ...EVENTS_PUSH, Device_Time: "2024-06-28T18:49:45.000001+0000" }, path: "$.Device_Time", exportable: false },
  { name: "events push Changes not an integer", payload: { ...EVENTS_PUSH, Changes: 5.5 }, path: "$.Changes", exportable: true },
  { name: "automatic created_at not ISO 8601", payload: { ...AUTOMATIC_SPEEDING, created_at: "1457974965000" }, path: "$.created_at", exportable: true },
  { name: "automatic speeding without velocity_kph", payload: set(AUTOMATIC_SPEEDING, (p) => delete (p as Loose).velocity_kph), path: "$.velocity_kph", exportable: true },
];
