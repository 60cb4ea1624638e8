#!/usr/bin/env node
import { setFlagsFromString } from 'node:v8';
import { main } from './commands/main.js';

// The collector runs about a millisecond of JavaScript a second, which baseline (Sparkplug) code
// runs about as fast as optimized code: Turbofan's compiles of the per-GPU code cost more CPU in
// the collector's first minutes than they save, and ~3.5 MiB of memory (bench/collector.bench.ts).
// Set before the sampling code gets hot, so it holds for all of it.
setFlagsFromString('--max-opt=1');

// `npm run collector -- …` runs in the workspace folder: resolve paths from where the user was.
if (process.env.npm_lifecycle_event === 'collector' && process.env.INIT_CWD) {
  process.chdir(process.env.INIT_CWD);
}

const status = await main(process.argv.slice(2));
// Exit now: idle keep-alive sockets (the API health check) would hold the process open.
process.exit(status);
