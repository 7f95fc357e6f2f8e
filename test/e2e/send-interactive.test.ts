/** send's prompts, driven through a real pseudo-terminal (python3's pty module). */
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, expect, it } from "vitest";
import { startSink } from "../helpers/sink.js";
import { BIN } from "../helpers/run-cli.js";
import { runMain } from "../helpers/main.js";

const devSecrets = (project: string) => (JSON.parse(readFileSync(join(project, ".telematics", "dev-secrets.json"), "utf8")) as { secrets: Record<string, string> }).secrets;
const DRIVER = fileURLToPath(new URL("../helpers/pty-drive.py", import.meta.url));
let close: (() => Promise<void>) | undefined;
afterEach(async () => close?.());

/** Runs a command in a pseudo-terminal, answering its prompts. */
function drive(argv: string[], steps: [string, string][], cwd: string): Promise<{ stdout: string }> {
  const env: NodeJS.ProcessEnv = { ...process.env };
  delete env.CI;
  delete env.TELEMATICS_SECRET;
  // Asynchronously: the sink answers from this process's event loop.
  return new Promise((resolve) => {
    const child = spawn("python3", [DRIVER, JSON.stringify({ argv: [process.execPath, BIN, ...argv], steps })], { env, cwd });
    let stdout = "";
    child.stdout.setEncoding("utf8").on("data", (d: string) => (stdout += d));
    child.on("close", () => resolve({ stdout }));
  });
}

it("asks for the provider, the event and the URL on a terminal; towards this machine it signs with the dev secret", async () => {
  const project = mkdtempSync(join(tmpdir(), "telematics-interactive-"));
  const sink = await startSink({ secretFor: () => devSecrets(project).zubie });
  close = sink.close;
  const r = await drive(
    ["send"],
    [
      ["Provider", "\x1b[B\x1b[B\x1b[B\x1b[B\x1b[B\x1b[B\x1b[B\x1b[B\r"], // automatic, events-push, fleetio, motive, samsara, smartcar, traccar, uber, zubie → zubie
      ["Event", "\r"], // the first zubie fixture
      ["URL", `${sink.url}\r`],
    ],
    project,
  );
  expect(r.stdout).toMatch(/EXIT 0/);
  expect(r.stdout).not.toContain("app secret");
  expect(sink.received).toHaveLength(1);
  expect(sink.received[0]!.json!.event).toBe("device_claim_success");
  expect(sink.received[0]!.verified).toBe(true);
});

it("asks for the secret, masked, when the URL is another machine", async () => {
  const project = mkdtempSync(join(tmpdir(), "telematics-interactive-"));
  const r = await drive(["send", "--fixture", "zubie/trip_end", "--to", "http://hooks.unreachable.invalid/"], [["app secret", "typed-secret-1\r"]], project);
  expect(r.stdout).toContain("<<answered app secret>>");
  expect(r.stdout).toContain("**************");
  expect(r.stdout).not.toContain("typed-secret-1"); // masked while typed, never printed
  expect(r.stdout).toMatch(/host not found/);
  expect(r.stdout).toMatch(/EXIT 1/);
});

it("without a terminal, names the missing flag and exits 2", async () => {
  const r = await runMain(["send"]);
  expect(r.code).toBe(2);
  expect(r.stderr).toContain("give what to send: --fixture NAME, --file PATH, --from-log FILE or --scenario NAME");
});
