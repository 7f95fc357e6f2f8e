#!/usr/bin/env node
// Thin launcher: main() (dist/main.mjs) is the error boundary and decides the exit code.
import { main } from "../dist/main.mjs";

process.exitCode = await main(process.argv.slice(2));
