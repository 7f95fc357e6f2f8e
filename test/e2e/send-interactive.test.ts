/** send's prompts, driven through a real pseudo-terminal (python3's pty module). */
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { afterEach, expect, it } from "vitest";
import { startSink } from "../helpers/sink.js";
import { BIN, runCli } from "../helpers/run-cli.js";

const DRIVER = fileURLToPath(new URL("../helpers/pty-drive.py", import.meta.url));
let close: (() => Promise<void>) | undefined;
afterEach(async () => close?.());

it("asks for the provider, the event, the URL and the secret on a terminal", async () => {
  const sink = await startSink({ secret: "typed-secret-1" });
  close = sink.close;
  const spec = {
    argv: [process.execPath, BIN, "send"],
    steps: [
      ["Provider", "\x1b[B\x1b[B\x1b[B\r"], // automatic, events-push, uber, zubie → zubie
      ["Event", "\r"], // the first zubie fixture
      ["URL", `${sink.url}\r`],
      ["app secret", "typed-secret-1\r"],
    ],
  };
  const env: NodeJS.ProcessEnv = { ...process.env };
  delete env.CI;
  delete env.TELEMATICS_SECRET;
  // Asynchronously: the sink answers from this process's event loop.
  const r = await new Promise<{ stdout: string }>((resolve) => {
    const child = spawn("python3", [DRIVER, JSON.stringify(spec)], { env });
    let stdout = "";
    child.stdout.setEncoding("utf8").on("data", (d: string) => (stdout += d));
    child.on("close", () => resolve({ stdout }));
  });
  expect(r.stdout).toMatch(/EXIT 0/);
  expect(sink.received).toHaveLength(1);
  expect(sink.received[0]!.json!.event).toBe("device_claim_success");
  expect(sink.received[0]!.verified).toBe(true);
  expect(r.stdout).not.toContain("typed-secret-1"); // masked while typed, never printed
  expect(r.stdout).toContain("**************");
});

it("without a terminal, names the missing flag and exits 2", async () => {
  const r = await runCli(["send"]);
  expect(r.code).toBe(2);
  expect(r.stderr).toContain("give what to send: --fixture NAME, --file PATH, --from-log FILE or --scenario NAME");
});
