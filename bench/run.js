#!/usr/bin/env node
// Runs every benchmark in bench/ (files named *.bench.js), or the ones named on the command line:
//   npm run bench            all of them
//   npm run bench -- verify  only bench/verify*.bench.js
// Each benchmark measures our command and a baseline in the same run and prints the ratio.
import { readdirSync } from "node:fs";
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { dirname, join } from "node:path";

const here = dirname(fileURLToPath(import.meta.url));
const wanted = process.argv.slice(2);
const files = readdirSync(here)
  .filter((f) => f.endsWith(".bench.js"))
  .filter((f) => wanted.length === 0 || wanted.some((w) => f.startsWith(w)))
  .sort();
if (files.length === 0) {
  console.error(`no benchmark matches ${wanted.join(", ")}`);
  process.exitCode = 2;
}
for (const file of files) {
  console.error(`\n── ${file} ──`);
  const r = spawnSync(process.execPath, [join(here, file)], { stdio: "inherit" });
  if (r.status !== 0) process.exitCode = 1;
}
