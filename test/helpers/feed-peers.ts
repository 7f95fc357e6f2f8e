/** Starts test/helpers/feed-peer.mjs in a child process and waits until it listens. */
import { spawn, type ChildProcess } from "node:child_process";
import { fileURLToPath } from "node:url";

const SCRIPT = fileURLToPath(new URL("./feed-peer.mjs", import.meta.url));

export interface Peer {
  port: number;
  child: ChildProcess;
  kill(signal?: NodeJS.Signals): Promise<void>;
}

export function startPeer(options: { kind: "sio4" | "sio2" | "raw"; port?: number; token?: string; start?: number; every?: number; count?: number; namespace?: string; ping?: number }): Promise<Peer> {
  const args = [SCRIPT, "--kind", options.kind];
  for (const key of ["port", "token", "start", "every", "count", "namespace", "ping"] as const) {
    if (options[key] !== undefined) args.push(`--${key}`, String(options[key]));
  }
  const child = spawn(process.execPath, args, { stdio: ["ignore", "pipe", "inherit"] });
  return new Promise((resolve, reject) => {
    let out = "";
    const timer = setTimeout(() => reject(new Error("feed peer did not start")), 10_000);
    child.stdout!.setEncoding("utf8").on("data", (d: string) => {
      out += d;
      const m = /port (\d+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve({
          port: Number(m[1]),
          child,
          kill: (signal = "SIGKILL") =>
            new Promise((done) => {
              if (child.exitCode !== null || child.signalCode !== null) return done();
              child.once("exit", () => done());
              child.kill(signal);
            }),
        });
      }
    });
    child.once("exit", (code) => reject(new Error(`feed peer exited with ${code}`)));
  });
}
