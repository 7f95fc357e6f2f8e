/** The GPS-tracker "Events Push API" (seed 002). zod comes from the Kit (types only here). */
import type { z } from "zod";
import type { Kit } from "../../schemas/common.js";
import { luhnCheckDigit, luhnValid } from "../common/luhn.js";
import type { SchemaSet } from "../types.js";
import { EVENTS_PUSH_EVENTS, PUSH_TIME } from "./index.js";

const PUSH_TIME_MSG = "expected YYYY-MM-DDTHH:MM:SS.SSSSSS+0000 (UTC), e.g. 2024-06-28T17:52:13.000000+0000";

const COORD_FORMAT = /^-?\d+(?:\.\d+)?, ?-?\d+(?:\.\d+)?$/;
const LAT = String.raw`-?(?:90(?:\.0+)?|[1-8]?\d(?:\.\d+)?)`;
const LNG = String.raw`-?(?:180(?:\.0+)?|(?:1[0-7]\d|[1-9]?\d)(?:\.\d+)?)`;
/** lat,lng with both in range, as a pattern (so that the exported JSON Schema checks it too). */
export const COORD_RANGE = new RegExp(`^${LAT}, ?${LNG}$`);

/** The patterns' names in reports (instead of their source). */
function label(k: Kit): void {
  k.labelled(PUSH_TIME, "YYYY-MM-DDTHH:MM:SS.SSSSSS+0000");
  k.labelled(COORD_FORMAT, '"latitude,longitude"');
  k.labelled(COORD_RANGE, "latitude -90..90, longitude -180..180");
  k.labelled(IMEI_DIGITS, "15 digits");
}

const IMEI_DIGITS = /^\d{15}$/;

function coordinatesRangeMessage(input: unknown): string {
  const [lat, lng] = String(input).split(",").map((s) => Number(s.trim()));
  if (lat !== undefined && Math.abs(lat) > 90) return `latitude ${lat} is out of range (-90 to 90)`;
  if (lng !== undefined && Math.abs(lng) > 180) return `longitude ${lng} is out of range (-180 to 180)`;
  return "latitude must be -90 to 90 and longitude -180 to 180";
}

const imei = ({ z, rule }: Kit) =>
  rule(
    z.string().regex(IMEI_DIGITS, { message: "IMEI must be numeric and 15 digits", abort: true }),
    luhnValid,
    (v) => ({ message: `IMEI check digit is wrong (Luhn): expected ${luhnCheckDigit(v.slice(0, 14))} as the 15th digit`, expected: "a valid Luhn check digit" }),
  );

/** Device_Time ≤ Server_Time. Same fixed-width UTC format: string order is time order. */
function timesInOrder(v: Record<string, unknown>): boolean {
  const d = v.Device_Time;
  const s = v.Server_Time;
  return !(typeof d === "string" && typeof s === "string" && PUSH_TIME.test(d) && PUSH_TIME.test(s) && d > s);
}

const pushTime = ({ z }: Kit) => z.string().regex(PUSH_TIME, PUSH_TIME_MSG);

function schema(k: Kit, event: z.ZodType, geofenceName: z.ZodType, description: string): z.ZodType {
  const { z, rule } = k;
  label(k);
  const o = k.obj(
      {
        Event: event,
        Changes: z.number().int("Changes must be an integer"),
        Device_Time: pushTime(k),
        IMEI: imei(k),
        Server_Time: pushTime(k),
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
  const { z } = k;
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
  const { z } = k;
  return schema(k, z.string().min(1, "Event cannot be empty"), z.string().nullable(), `Events Push API event of any type. ${RULES}`);
}

export const schemaSet: SchemaSet = { events: eventsPushSchemas, otherEvents: { label: "Events Push", schema: eventsPushGeneric } };
