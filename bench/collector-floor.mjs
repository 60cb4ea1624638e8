// The floor under the collector's CPU (bench/collector.bench.ts): its wake-ups and I/O with none
// of its code. Every second it reads /proc (CPU, memory, network), keeps the newest output of
// one long-lived `nvidia-smi … -lms 1000` child and appends a sample's lines to a file; every
// 2 s it POSTs the lines gzipped to the API's write endpoint on a kept-alive connection, as the
// collector does at a 1 s interval. Plain JavaScript, so that no loader runs beside it.
//
// Usage: node collector-floor.mjs <api url> <device credential> <nvidia-smi> <--query-gpu=…> <log file>
import { spawn } from 'node:child_process';
import { openSync, readSync, writeSync } from 'node:fs';
import http from 'node:http';
import { gzipSync } from 'node:zlib';

const [apiUrl, credential, nvidiaSmi, query, logFile] = process.argv.slice(2);
const SEND_EVERY = 2;

let newest = '';
const child = spawn(nvidiaSmi, [query, '--format=csv,noheader,nounits', '-lms', '1000'], {
  stdio: ['ignore', 'pipe', 'ignore'],
});
child.stdout.setEncoding('utf8').on('data', (chunk) => {
  newest = chunk;
});

const procFiles = ['/proc/stat', '/proc/meminfo', '/proc/net/dev'].map((file) =>
  openSync(file, 'r'),
);
const readBuffer = Buffer.alloc(64 * 1024);
const log = openSync(logFile, 'a');
const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
let unsent = [];
let samples = 0;

function sampleLines(nowMs) {
  let procBytes = 0;
  for (const fd of procFiles) procBytes += readSync(fd, readBuffer, 0, readBuffer.length, 0);
  const rows = newest.split('\n').filter((row) => row.length > 0);
  const lines = rows.map((row, gpu) => `gpu,gpu=${gpu} row="${row.replaceAll('"', '')}" ${nowMs}`);
  lines.push(`host uptime_s=1,cpu_pct=${procBytes % 100} ${nowMs}`);
  return `${lines.join('\n')}\n`;
}

function send() {
  const body = gzipSync(unsent.join(''), { level: 1 });
  unsent = [];
  const request = http.request(`${apiUrl}/api/v2/write?precision=ms`, {
    method: 'POST',
    agent,
    headers: {
      authorization: `Token ${credential}`,
      'content-encoding': 'gzip',
      'content-length': body.length,
    },
  });
  request.on('response', (response) => response.resume());
  request.on('error', () => {});
  request.end(body);
}

function tick() {
  const nowMs = Date.now();
  const lines = sampleLines(nowMs);
  writeSync(log, lines);
  unsent.push(lines);
  samples += 1;
  if (samples % SEND_EVERY === 0) send();
  setTimeout(tick, 1000 - (Date.now() % 1000));
}

process.on('SIGTERM', () => {
  child.kill();
  process.exit(0);
});
tick();
