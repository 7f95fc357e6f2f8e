/** The GPS-tracker "Events Push API" (seed 002). */
import { z } from "zod";
import { labelled, rule, luhnCheckDigit, luhnValid, type Kit } from "./common.js";

export const EVENTS_PUSH_EVENTS = ["overspeed", "fuel_fill", "fuel_drain", "geofence_enter", "geofence_exit", "tampering", "power_cut", "sos"] as const;

/** `YYYY-MM-DDTHH:MM:SS.SSSSSS+0000`: all timestamps are UTC. */
export const PUSH_TIME = labelled(/^\d{4}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\d|3[01])T(?:[01]\d|2[0-3]):[0-5]\d:[0-5]\d\.\d{6}\+0000$/, "YYYY-MM-DDTHH:MM:SS.SSSSSS+0000");
const PUSH_TIME_MSG = "expected YYYY-MM-DDTHH:MM:SS.SSSSSS+0000 (UTC), e.g. 2024-06-28T17:52:13.000000+0000";

const COORD_FORMAT = labelled(/^-?\d+(?:\.\d+)?, ?-?\d+(?:\.\d+)?$/, "\"latitude,longitude\"");
const LAT = String.raw`-?(?:90(?:\.0+)?|[1-8]?\d(?:\.\d+)?)`;
const LNG = String.raw`-?(?:180(?:\.0+)?|(?:1[0-7]\d|[1-9]?\d)(?:\.\d+)?)`;
/** lat,lng with both in range, as a pattern (so that the exported JSON Schema checks it too). */
export const COORD_RANGE = labelled(new RegExp(`^${LAT}, ?${LNG}$`), "latitude -90..90, longitude -180..180");

function coordinatesRangeMessage(input: unknown): string {
  const [lat, lng] = String(input).split(",").map((s) => Number(s.trim()));
  if (lat !== undefined && Math.abs(lat) > 90) return `latitude ${lat} is out of range (-90 to 90)`;
  if (lng !== undefined && Math.abs(lng) > 180) return `longitude ${lng} is out of range (-180 to 180)`;
  return "latitude must be -90 to 90 and longitude -180 to 180";
}

const imei = () =>
  rule(
    z.string().regex(labelled(/^\d{15}$/, "15 digits"), { message: "IMEI must be numeric and 15 digits", abort: true }),
    luhnValid,
    (v) => ({ message: `IMEI check digit is wrong (Luhn): expected ${luhnCheckDigit(v.slice(0, 14))} as the 15th digit`, expected: "a valid Luhn check digit" }),
  );

/** Device_Time ≤ Server_Time. Same fixed-width UTC format: string order is time order. */
function timesInOrder(v: Record<string, unknown>): boolean {
  const d = v.Device_Time;
  const s = v.Server_Time;
  return !(typeof d === "string" && typeof s === "string" && PUSH_TIME.test(d) && PUSH_TIME.test(s) && d > s);
}

const pushTime = () => z.string().regex(PUSH_TIME, PUSH_TIME_MSG);

function schema(k: Kit, event: z.ZodType, geofenceName: z.ZodType, description: string): z.ZodType {
  const o = k.obj(
      {
        Event: event,
        Changes: z.number().int("Changes must be an integer"),
        Device_Time: pushTime(),
        IMEI: imei(),
        Server_Time: pushTime(),
        Coordinates: z
          .string()
          .regex(COORD_FORMAT, { message: 'expected "latitude,longitude", e.g. "22.927968,75.533275"', abort: true })
          .regex(COORD_RANGE, { error: (iss) => coordinatesRangeMessage(iss.input) }),
        Location: z.string(),
        Geofence_Name: geofenceName,
      },
      description,
    );
  return rule(o, timesInOrder, (v) => ({ path: ["Device_Time"], message: `Device_Time must not be later than Server_Time (${String(v.Server_Time)})`, expected: `<= ${String(v.Server_Time)}` }), { whenFieldsFail: true });
}

const RULES = "Rules not expressible in JSON Schema (checked by telematics validate): IMEI Luhn check digit; Device_Time <= Server_Time.";

export function eventsPushSchemas(k: Kit): Record<string, z.ZodType> {
  const out: Record<string, z.ZodType> = {};
  for (const e of EVENTS_PUSH_EVENTS) {
    const geofence = e === "geofence_enter" || e === "geofence_exit";
    out[e] = schema(
      k,
      z.literal(e),
      geofence ? z.string().min(1, `Geofence_Name must name the geofence for ${e}`) : z.string().nullable(),
      `Events Push API "${e}" event. ${RULES}`,
    );
  }
  return out;
}

/** For Events Push events outside the documented (indicative) list. */
export function eventsPushGeneric(k: Kit): z.ZodType {
  return schema(k, z.string().min(1, "Event cannot be empty"), z.string().nullable(), `Events Push API event of any type. ${RULES}`);
}
