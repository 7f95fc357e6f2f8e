/**
 * A secret given in any way (--secret, --secret-env, --secret-file, TELEMATICS_SECRET) never
 * appears in stdout or stderr, whatever the outcome and output mode.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runMain } from "../helpers/main.js";

const dir = mkdtempSync(join(tmpdir(), "telematics-secrets-"));
const bodyFile = join(dir, "body.json");
writeFileSync(bodyFile, '{"event":"trip_start"}');
const SECRET = "s3cr3t-never-print-me-91";
const secretFile = join(dir, "secret.txt");
writeFileSync(secretFile, SECRET + "\n");

const sources: [string, string[], Record<string, string>][] = [
  ["--secret", ["--secret", SECRET], {}],
  ["--secret-env", ["--secret-env", "MY_ZUBIE_SECRET"], { MY_ZUBIE_SECRET: SECRET }],
  ["--secret-file", ["--secret-file", secretFile], {}],
  ["TELEMATICS_SECRET", [], { TELEMATICS_SECRET: SECRET }],
];

const scenarios: [string, string[]][] = [
  ["verify valid", ["verify-signature", "--provider", "zubie", "--payload", bodyFile]],
  ["verify wrong sig", ["verify-signature", "--provider", "zubie", "--signature", "AAAA", "--payload", bodyFile]],
  ["verify bearer", ["verify-signature", "--provider", "events-push", "--signature", "wrong-token", "--payload", bodyFile]],
  ["verify bearer echo", ["verify-signature", "--provider", "events-push", "--header", `Authorization: Basic ${SECRET}`, "--payload", bodyFile]],
  ["verify bad file", ["verify-signature", "--provider", "zubie", "--signature", "AAAA", "--payload", join(dir, "missing")]],
  ["sign", ["sign", "--provider", "zubie", "--payload", bodyFile]],
  ["sign bearer", ["sign", "--provider", "events-push", "--payload", bodyFile]],
  ["sign bad option", ["sign", "--provider", "hmac", "--algorithm", "md5", "--payload", bodyFile]],
];

describe.each(sources)("secret from %s", (_, secretArgs, env) => {
  it.each(scenarios)("%s never prints it, in human or --json mode", async (_name, args) => {
    for (const json of [[], ["--json"]]) {
      let full = [...args, ...secretArgs, ...json];
      if (args[0] === "verify-signature" && !args.includes("--signature") && !args.includes("--header")) {
        const signed = await runMain(["sign", "--provider", "zubie", "--payload", bodyFile, ...secretArgs], { env });
        const sig = /Zubie-Signature: (\S+)/.exec(signed.stdout)![1]!;
        full = [...full, "--signature", sig];
      }
      const r = await runMain(full, { env });
      expect(r.stdout + r.stderr).not.toContain(SECRET);
      expect(r.stdout + r.stderr).not.toContain(SECRET.slice(0, 12));
    }
  });
});
