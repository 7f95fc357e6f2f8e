#!/usr/bin/env node
// Thin launcher: the CLI lives in dist/cli.js; main() decides the exit code.
import { main } from "../dist/cli.js";

process.exitCode = await main(process.argv.slice(2));
