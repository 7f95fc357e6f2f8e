import { mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runMain } from "../helpers/main.js";

describe("telematics schemas (e2e)", () => {
  it("lists the schemas with their fixture counts", async () => {
    const r = await runMain(["schemas"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/│ zubie\/trip_end\s+│ zubie\s+│ trip_end\s+│ 1\s+│/);
    expect(r.stdout).toMatch(/│ zubie\/vehicle_impact\s+│ zubie\s+│ vehicle_impact\s+│ 0\s+│ no sample in the documents/);
    expect(r.stdout).toMatch(/│ uber\/REALTIME_DRIVER_STATUS_CHANGE\s+│ uber\s+│ REALTIME_DRIVER_STATUS_CHANGE\s+│ 4\s+│/);
    expect(r.stdout).toMatch(/│ motive\/fault_code_opened\s+│ motive\s+│ fault_code_opened\s+│ 1\s+│/);
    expect(r.stderr).toContain("105 schemas");
  });

  it("export --out writes one draft 2020-12 JSON Schema per event", async () => {
    const out = mkdtempSync(join(tmpdir(), "telematics-schemas-"));
    const r = await runMain(["schemas", "export", "--out", out]);
    expect(r.code).toBe(0);
    expect(readdirSync(out).sort()).toEqual(["automatic", "events-push", "fleetio", "motive", "samsara", "smartcar", "traccar", "uber", "zubie"]);
    expect(readdirSync(join(out, "automatic"))).toContain("trip_finished.json");
    const files = ["automatic", "events-push", "fleetio", "motive", "samsara", "smartcar", "traccar", "uber", "zubie"].flatMap((p) => readdirSync(join(out, p)));
    expect(files).toHaveLength(105);
    const schema = JSON.parse(readFileSync(join(out, "uber", "REALTIME_DRIVER_STATUS_CHANGE.json"), "utf8")) as Record<string, unknown>;
    expect(schema).toMatchObject({ $schema: "https://json-schema.org/draft/2020-12/schema", title: "uber/REALTIME_DRIVER_STATUS_CHANGE", type: "object" });
    expect(r.stdout.trim().split("\n")).toHaveLength(105);
    expect(r.stderr).toContain("wrote 105 JSON Schema files (draft 2020-12)");
  });

  it("export without --out prints the selected schemas as NDJSON", async () => {
    const r = await runMain(["schemas", "export", "--provider", "uber"]);
    expect(r.code).toBe(0);
    const lines = r.stdout.trim().split("\n");
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0]!)).toMatchObject({ title: "uber/REALTIME_DRIVER_STATUS_CHANGE" });
    const two = await runMain(["schemas", "export", "zubie/trip_end", "automatic/trip:finished"]);
    expect(two.stdout.trim().split("\n").map((l) => (JSON.parse(l) as { title: string }).title)).toEqual(["zubie/trip_end", "automatic/trip:finished"]);
  });

  it("bad selections exit 2", async () => {
    const p = await runMain(["schemas", "--provider", "stripe"]);
    expect(p.code).toBe(2);
    expect(p.stderr).toBe("error: --provider stripe: no schemas for this provider (one of: zubie, uber, events-push, automatic, smartcar, samsara, traccar, motive, fleetio)\n");
    const n = await runMain(["schemas", "export", "zubie/nope"]);
    expect(n.code).toBe(2);
    expect(n.stderr).toMatch(/^error: schemas export zubie\/nope: unknown zubie event "nope"/);
  });
});
