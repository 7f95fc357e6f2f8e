#!/usr/bin/env node
// Thin launcher: main() (dist/main.js) is the error boundary and decides the exit code.
import { main } from "../dist/main.js";

process.exitCode = await main(process.argv.slice(2));
