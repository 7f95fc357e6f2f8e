/** The contract every command keeps: help with examples, version, colour switches, usage errors. */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { spawn } from "node:child_process";
import { BIN, ROOT, cleanEnv, runCli } from "../helpers/run-cli.js";
import { runMain } from "../helpers/main.js";

describe("telematics", () => {
  // The real binary for --help, --version and a closed pipe (bin wiring); main() in-process for the rest.
  it("prints help with examples and exit codes", async () => {
    const r = await runCli(["--help"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("Usage: telematics");
    expect(r.stdout).toContain("Examples:");
    expect(r.stdout).toContain("Exit codes: 0 ok · 1 check failed · 2 usage error · 130 interrupted");
  });

  it("ends every command's --help with examples", async () => {
    const help = (await runMain(["--help"])).stdout;
    const commands = [...help.split("Commands:")[1]!.matchAll(/^ {2}([a-z][a-z-]*)/gm)].map((m) => m[1]!).filter((c) => c !== "help");
    expect(commands).toEqual(expect.arrayContaining(["sign", "verify-signature"]));
    for (const command of commands) {
      const r = await runMain([command, "--help"]);
      expect(r.code, command).toBe(0);
      expect(r.stdout.trimEnd(), command).toMatch(/Examples:\n( {2}\$ .*telematics .+\n?)+$/);
    }
  });

  it("prints the package version", async () => {
    const pkg = JSON.parse(readFileSync(`${ROOT}/package.json`, "utf8")) as { version: string };
    const r = await runCli(["--version"]);
    expect(r).toMatchObject({ code: 0, stdout: `${pkg.version}\n` });
  });

  it("exits 2 on an unknown command, with the message on stderr only", async () => {
    const r = await runMain(["frobnicate"]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr).toContain("unknown command 'frobnicate'");
  });

  it("colours only when asked: FORCE_COLOR on, NO_COLOR and --no-color off", async () => {
    const args = ["verify-signature", "--provider", "zubie", "--secret", "abc-secret", "--signature", "AAAA", "--payload", "-"];
    const forced = await runMain(args, { stdin: "{}", env: { FORCE_COLOR: "1" } });
    expect(forced.stderr).toContain("\u001b[");
    const plain = await runMain(args, { stdin: "{}" });
    expect(plain.stderr).not.toContain("\u001b[");
    const noColor = await runMain(args, { stdin: "{}", env: { FORCE_COLOR: "1", NO_COLOR: "1" } });
    expect(noColor.stderr).not.toContain("\u001b[");
    const flag = await runMain([...args, "--no-color"], { stdin: "{}", env: { FORCE_COLOR: "1" } });
    expect(flag.stderr).not.toContain("\u001b[");
  });

  it("stops quietly when the reader of stdout goes away (| head)", async () => {
    const child = spawn(process.execPath, [BIN, "send", "--fixture", "overspeed", "--to", "http://127.0.0.1:1/", "--dry-run", "--count", "3000"], { env: cleanEnv(), stdio: ["ignore", "pipe", "pipe"] });
    let stderr = "";
    child.stderr.setEncoding("utf8").on("data", (d: string) => (stderr += d));
    child.stdout.once("data", () => child.stdout.destroy());
    const code = await new Promise<number | null>((resolve) => child.on("close", (c) => resolve(c)));
    expect(stderr).not.toMatch(/EPIPE|\n\s+at /);
    expect(code).toBe(0);
  });
});
