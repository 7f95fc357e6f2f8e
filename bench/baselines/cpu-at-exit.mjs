// Preloaded into each client of a benchmark (node --import): at exit, appends the process's own CPU
// time (user + system, µs) to the file named by BENCH_CPU_FILE. A measure of the work a client did
// that does not depend on how fast the server fed it.
import { appendFileSync } from "node:fs";

const file = process.env.BENCH_CPU_FILE;
if (file) {
  process.on("exit", () => {
    const { user, system } = process.cpuUsage();
    appendFileSync(file, `${user + system}\n`);
  });
}
