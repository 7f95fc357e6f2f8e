/**
 * Samsara Webhooks 2.0 payloads. The envelope and the `data` of each event follow Samsara's event
 * schema pages (https://developers.samsara.com/docs/geofenceentry, .../geofenceexit,
 * .../enginefaulton, .../enginefaultoff, .../severespeedingstarted, .../vehicleupdated,
 * .../alert-webhook-payload) and, for events without such a page here, the data shapes of Samsara's
 * Kafka connector reference (samsarahq/api-docs): DriverCreated/Updated, DvirSubmitted,
 * RouteStopArrival/Departure, SevereSpeedingEnded. SuddenFuelLevelDrop and GatewayUnplugged are
 * listed by Samsara without an example: their `data` is any object. zod comes from the Kit.
 */
import type { z } from "zod";
import type { Kit, Shape } from "../../schemas/common.js";
import type { SchemaSet } from "../types.js";
import { SAMSARA_EVENTS, SAMSARA_WITHOUT_SAMPLE } from "./index.js";

function parts(k: Kit) {
  const { z, id } = k;
  const opt = (t: z.ZodType) => t.optional();
  const externalIds = z.record(z.string(), z.string());
  const point = k.obj({ latitude: k.latitude(), longitude: k.longitude() });
  const geofence = k.obj({
    circle: opt(k.obj({ latitude: k.latitude(), longitude: k.longitude(), radiusMeters: z.number().min(0, "radiusMeters must be 0 or more") })),
    polygon: opt(k.obj({ vertices: z.array(point) })),
    settings: opt(z.record(z.string(), z.unknown())),
  });
  const address = k.obj({ id: id(), name: z.string(), formattedAddress: opt(z.string()), externalIds: opt(externalIds), geofence: opt(geofence) }, "A minimal Samsara address (the geofence: a circle or a polygon)");
  /** A vehicle as events carry it: `vin` in most, `vehicleVin` in the speeding events. */
  const vehicle = k.obj(
    {
      id: id(),
      name: opt(z.string()),
      assetType: opt(z.string()),
      externalIds: opt(externalIds),
      gateway: opt(k.obj({ model: opt(z.string()), serial: opt(z.string()) })),
      licensePlate: opt(z.string()),
      vin: opt(z.string()),
      vehicleVin: opt(z.string()),
    },
    "A Samsara vehicle reference",
  );
  const person = k.obj({ id: id(), name: opt(z.string()) });
  const described = k.obj({ id: id(), description: opt(z.string()) });
  const fault = k.obj(
    {
      j1939: opt(
        k.obj({
          fmi: opt(described),
          spn: opt(described),
          lamps: opt(k.obj({ emissions: opt(z.boolean()), protect: opt(z.boolean()), stop: opt(z.boolean()), warning: opt(z.boolean()) })),
          occurrenceCount: opt(k.count()),
          txId: opt(z.string()),
          vendorDtcDescription: opt(z.string()),
          volvoRepairInstructions: opt(z.string()),
        }),
      ),
      oem: opt(k.obj({ codeDescription: opt(z.string()), codeIdentifier: opt(z.string()), codeSeverity: opt(z.string()), codeSource: opt(z.string()) })),
      passenger: opt(k.obj({ dtc: opt(k.obj({ description: opt(z.string()), shortCode: opt(z.string()), troubleCode: opt(z.number()) })), lamps: opt(z.record(z.string(), z.boolean())) })),
    },
    "Faults: j1939 (heavy duty), passenger (OBD-II) or oem",
  );
  return { opt, address, vehicle, person, fault };
}

/** The Webhooks 2.0 envelope around `data`. */
function envelope(k: Kit, eventType: z.ZodType, data: z.ZodType, description: string) {
  const { z, id } = k;
  return k.obj({ eventId: id(), eventTime: k.isoTimestamp(), eventType, orgId: z.number().int("orgId is an integer"), webhookId: id(), data }, description);
}

export function samsaraSchemas(k: Kit): Record<string, z.ZodType> {
  const { z } = k;
  const p = parts(k);
  const { opt } = p;
  const iso = () => k.isoTimestamp();
  const loose = (shape: Shape) => k.obj(shape);
  const vehicleFull = k.obj({ ...p.vehicle.shape, make: opt(z.string()), model: opt(z.string()), year: opt(z.string()), notes: opt(z.string()), createdAtTime: opt(iso()), staticAssignedDriver: opt(p.person), harshAccelerationSettingType: opt(z.string()), vehicleRegulationMode: opt(z.string()) });
  const speeding = (ended: boolean) => loose({ data: loose({ startTime: iso(), tripStartTime: opt(iso()), ...(ended && { endTime: iso() }), vehicle: p.vehicle }) });
  const routeStop = loose({ driver: opt(p.person), operation: opt(z.string()), route: opt(z.record(z.string(), z.unknown())), routeStopDetails: opt(z.record(z.string(), z.unknown())), time: opt(iso()), type: opt(z.string()) });
  const data: Record<string, z.ZodType> = {
    GeofenceEntry: loose({ address: p.address, vehicle: p.vehicle }),
    GeofenceExit: loose({ address: p.address, vehicle: p.vehicle }),
    EngineFaultOn: loose({ fault: p.fault, vehicle: p.vehicle }),
    EngineFaultOff: loose({ fault: p.fault, vehicle: p.vehicle }),
    VehicleCreated: loose({ vehicle: vehicleFull }),
    VehicleUpdated: loose({ vehicle: vehicleFull }),
    DriverCreated: loose({ driver: k.obj({ id: k.id(), name: z.string() }) }),
    DriverUpdated: loose({ driver: k.obj({ id: k.id(), name: z.string() }) }),
    AlertIncident: loose({
      configurationId: k.id(),
      happenedAtTime: iso(),
      updatedAtTime: opt(iso()),
      resolvedAtTime: opt(iso()),
      incidentUrl: z.string(),
      isResolved: z.boolean(),
      conditions: z.array(k.obj({ description: z.string(), details: z.record(z.string(), z.unknown()), triggerId: opt(z.number().int()) })),
    }),
    DvirSubmitted: loose({ dvir: opt(z.record(z.string(), z.unknown())), driver: opt(p.person), vehicle: opt(p.vehicle) }),
    RouteStopArrival: routeStop,
    RouteStopDeparture: routeStop,
    SevereSpeedingStarted: speeding(false),
    SevereSpeedingEnded: speeding(true),
    SuddenFuelLevelDrop: z.record(z.string(), z.unknown()),
    GatewayUnplugged: z.record(z.string(), z.unknown()),
  };
  const out: Record<string, z.ZodType> = {};
  for (const e of SAMSARA_EVENTS) {
    const sample = SAMSARA_WITHOUT_SAMPLE.includes(e) ? " (listed by Samsara; no sample payload in the documents: data is any object)" : "";
    out[e] = envelope(k, z.literal(e), data[e]!, `Samsara webhook (Webhooks 2.0) "${e}"${sample}. Dedupe on eventId.`);
  }
  return out;
}

/** Samsara's other event types (AddressCreated, FormSubmitted, …): the envelope. */
function otherSamsara(k: Kit): z.ZodType {
  return envelope(k, k.z.string().min(1, "eventType cannot be empty"), k.z.record(k.z.string(), k.z.unknown()), "A Samsara webhook (Webhooks 2.0) of another type");
}

export const schemaSet: SchemaSet = { events: samsaraSchemas, otherEvents: { label: "Samsara", schema: otherSamsara } };
