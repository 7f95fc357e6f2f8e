/** send against our own listen: every provider's events arrive verified, valid and logged. */
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, expect, it } from "vitest";
import { ndjson } from "../helpers/spawn-cli.js";
import { type Proc, runMain, startProc } from "../helpers/main.js";

let listener: Proc | undefined;
afterEach(async () => {
  listener?.kill("SIGKILL");
  await listener?.exit();
});

it("every scenario sent to listen is verified, valid and in its log", async () => {
  const dir = mkdtempSync(join(tmpdir(), "telematics-send-listen-"));
  const log = join(dir, "events.ndjson");
  listener = startProc(["listen", "--port", "0", "--secret", "shared-secret-1", "--token", "shared-secret-1", "--log", log, "--late-after", "2h"]);
  await listener.waitFor(({ stderr }) => /receiving webhooks at (http:\/\/\S+)/.test(stderr));
  const url = /receiving webhooks at (http:\/\/\S+)/.exec(listener.stderr())![1]!;
  let sent = 0;
  for (const scenario of ["zubie-trip", "uber-shift", "events-push-run", "automatic-drive"]) {
    const r = await runMain(["send", "--scenario", scenario, "--to", url, "--secret", "shared-secret-1", "--json"]);
    expect(r.code, r.stderr).toBe(0);
    sent += ndjson(r.stdout).length;
  }
  const records = ndjson<{ provider: string; status: number; verification: { verdict: string }; validation?: { valid: boolean; errors: string[] }; late_by_ms?: number }>(readFileSync(log, "utf8"));
  expect(records).toHaveLength(sent);
  for (const rec of records) {
    expect(rec.status).toBe(200);
    expect(rec.verification.verdict).toBe(rec.provider === "automatic" ? "unsigned" : "valid");
    expect(rec.validation?.errors ?? []).toEqual([]);
    expect(rec.late_by_ms).toBeUndefined(); // --pace fast: the last event is now, the first up to ~50 min earlier
  }
  expect(new Set(records.map((r) => r.provider))).toEqual(new Set(["zubie", "uber", "events-push", "automatic"]));
});
