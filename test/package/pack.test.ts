/**
 * The package as users get it: `npm pack` (the files package.json lists, dist/ as built by
 * `npm test`), installed into an empty folder, then run through npx: --help, a signature check,
 * and the files that must ship (the config file's JSON Schema, the inspector page, the fixtures).
 */
import { execFile } from "node:child_process";
import { createHmac } from "node:crypto";
import { existsSync, mkdtempSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { expect, it } from "vitest";
import { ROOT } from "../helpers/run-cli.js";

const run = promisify(execFile);

it("packs, installs into an empty folder and runs with npx", async () => {
  const dir = mkdtempSync(join(tmpdir(), "telematics-pack-"));
  // dist/ is built by `npm test` before the suite runs: pack it as it is.
  await run("npm", ["pack", "--ignore-scripts", "--pack-destination", dir], { cwd: ROOT });
  const tarball = readdirSync(dir).find((f) => f.endsWith(".tgz"))!;
  expect(tarball).toMatch(/^telematics-\d+\.\d+\.\d+\.tgz$/);
  const app = join(dir, "app");
  await run("mkdir", ["-p", app]);
  writeFileSync(join(app, "package.json"), JSON.stringify({ name: "app", private: true }));
  await run("npm", ["install", "--no-audit", "--no-fund", "--prefer-offline", join(dir, tarball)], { cwd: app, timeout: 120_000 });

  const help = await run("npx", ["--no-install", "telematics", "--help"], { cwd: app });
  expect(help.stdout).toContain("Usage: telematics [options] [command]");
  expect(help.stdout).toContain("verify-signature");

  const body = '{"event":"trip_end","user_key":"u1"}';
  writeFileSync(join(app, "body.json"), body);
  const sig = createHmac("sha256", "pack-secret").update(body).digest("base64");
  const ok = await run("npx", ["--no-install", "telematics", "verify-signature", "--provider", "zubie", "--secret", "pack-secret", "--signature", sig, "--payload", "body.json"], { cwd: app });
  expect(ok.stderr).toContain("✓ valid zubie");
  const bad = await run("npx", ["--no-install", "telematics", "verify-signature", "--provider", "zubie", "--secret", "other", "--signature", sig, "--payload", "body.json"], { cwd: app }).catch((e: { code: number; stderr: string }) => e);
  expect((bad as { code: number }).code).toBe(1);

  const installed = join(app, "node_modules", "telematics");
  for (const f of ["dist/config.schema.json", "dist/ui/index.html", "fixtures/zubie/trip_end.json", "README.md"]) expect(existsSync(join(installed, f)), f).toBe(true);
  expect(existsSync(join(installed, "src"))).toBe(false);
}, 180_000);
