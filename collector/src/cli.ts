#!/usr/bin/env node
import { main } from './commands/main.js';

// `npm run collector -- …` runs in the workspace folder: resolve paths from where the user was.
if (process.env.npm_lifecycle_event === 'collector' && process.env.INIT_CWD) {
  process.chdir(process.env.INIT_CWD);
}

const status = await main(process.argv.slice(2));
// Exit now: idle keep-alive sockets (the API health check) would hold the process open.
process.exit(status);
