#!/usr/bin/env node
// A stand-in for nvidia-smi that replays a recorded fixture (fixtures/nvidia-smi/*.json)
// the way a real driver answers: it knows only that fixture's fields (and their aliases),
// rejects the whole query when one field is unknown, and prints values verbatim.
//
// Fixture: $FAKE_NVIDIA_SMI_FIXTURE, else the path in `fixture.txt` beside this script.
// Mode: $FAKE_NVIDIA_SMI_MODE or `mode.txt` beside it: `hang` (never answers) or `fail`
// (driver not loaded). Every call is appended to `calls.log` beside it.
//
// `-lms N` (or `-l S`) replays the fixture every N ms, as the driver's loop mode does, and
// appends its pid to `pids.log`. Before each refresh it reads the mode again, so a test can
// change it mid-run: `hang` stops printing (the process stays), `fail` exits 9, `split` writes
// each line in two chunks, `cut` (after the first refresh) ends a refresh with an unfinished
// line and exits, `no-loop` refuses loop mode (one-off queries still answer).
// `gpu-count.txt` beside it, when present, limits a refresh to its first N GPUs.
import { appendFileSync, existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

const here = path.dirname(process.argv[1]);
const args = process.argv.slice(2);

function sidecar(name) {
  const file = path.join(here, name);
  return existsSync(file) ? readFileSync(file, 'utf8').trim() : undefined;
}

try {
  appendFileSync(path.join(here, 'calls.log'), `${args.join(' ')}\n`);
} catch {
  // a read-only directory only loses the call log
}

const currentMode = () => process.env.FAKE_NVIDIA_SMI_MODE || sidecar('mode.txt');
const hang = () => setTimeout(() => process.exit(0), 120_000);

function failLikeTheDriver() {
  process.stdout.write(
    "NVIDIA-SMI has failed because it couldn't communicate with the NVIDIA driver. " +
      'Make sure that the latest NVIDIA driver is installed and running.\n\n',
  );
  process.exit(9);
}

const mode = currentMode();
if (mode === 'hang') {
  hang();
} else if (mode === 'fail') {
  failLikeTheDriver();
} else {
  main();
}

function loopIntervalMs() {
  const lms = args.indexOf('-lms');
  if (lms >= 0) return Number(args[lms + 1]);
  const l = args.indexOf('-l');
  return l >= 0 ? Number(args[l + 1]) * 1000 : undefined;
}

function replay(intervalMs, render) {
  if (currentMode() === 'no-loop') {
    process.stdout.write('fake nvidia-smi: loop mode refused\n');
    process.exit(2);
  }
  appendFileSync(path.join(here, 'pids.log'), `${process.pid}\n`);
  let refreshes = 0;
  const refresh = () => {
    const now = currentMode();
    if (now === 'hang') return hang();
    if (now === 'fail') return failLikeTheDriver();
    const count = sidecar('gpu-count.txt');
    const text = render(count === undefined ? undefined : Number(count));
    if (now === 'cut' && refreshes > 0) {
      // Every cell there, the last one cut short: only the missing line break tells.
      process.stdout.write(text + text.slice(0, text.indexOf('\n') - 4), () => process.exit(0));
      return;
    }
    refreshes += 1;
    if (now === 'split') writeInHalves(text.split(/(?<=\n)/));
    else process.stdout.write(text);
    setTimeout(refresh, intervalMs);
  };
  refresh();
}

function writeInHalves(lines) {
  const [line, ...rest] = lines;
  if (line === undefined) return;
  const half = Math.floor(line.length / 2);
  process.stdout.write(line.slice(0, half));
  setTimeout(() => {
    process.stdout.write(line.slice(half));
    writeInHalves(rest);
  }, 5);
}

function main() {
  const fixtureFile = process.env.FAKE_NVIDIA_SMI_FIXTURE || sidecar('fixture.txt');
  if (!fixtureFile) {
    process.stderr.write('fake nvidia-smi: no fixture chosen\n');
    process.exit(2);
  }
  const fixture = JSON.parse(readFileSync(fixtureFile, 'utf8'));
  const aliasFile = path.join(path.dirname(fixtureFile), 'help-query-gpu.fields.json');
  const aliases = existsSync(aliasFile) ? JSON.parse(readFileSync(aliasFile, 'utf8')).aliases : {};
  const gpus = fixture.gpus;
  const keys = Object.keys(gpus[0] ?? {});

  // name as queried -> key in the fixture
  const known = new Map();
  const helpEntries = [];
  for (const key of keys) {
    const names = [key];
    if (!(key in aliases)) {
      for (const [alias, canonical] of Object.entries(aliases)) {
        if (canonical === key && !keys.includes(alias)) names.push(alias);
      }
    }
    for (const name of names) known.set(name, key);
    helpEntries.push(names);
  }

  if (args.includes('--help-query-gpu')) {
    let text = 'List of valid properties to query for the switch "--query-gpu":\n\n';
    for (const names of helpEntries) {
      text += `${names.map((name) => `"${name}"`).join(' or ')}\n`;
      text += 'Recorded by the fake nvidia-smi.\n\n';
    }
    process.stdout.write(text);
    process.exit(0);
  }

  const query = args.find((arg) => arg.startsWith('--query-gpu='));
  const format = args.find((arg) => arg.startsWith('--format='));
  if (!query || !format) {
    process.stdout.write('fake nvidia-smi: only --help-query-gpu and --query-gpu are recorded\n');
    process.exit(2);
  }
  const fields = query.slice('--query-gpu='.length).split(',');
  for (const field of fields) {
    if (!known.has(field)) {
      process.stdout.write(`Field "${field}" is not a valid field to query.\n\n`);
      process.exit(2);
    }
  }
  const formats = format.slice('--format='.length).split(',');
  const render = (count) => {
    let out = '';
    if (!formats.includes('noheader')) out += `${fields.map((f) => known.get(f)).join(', ')}\n`;
    for (const gpu of gpus.slice(0, count)) {
      out += `${fields.map((field) => gpu[known.get(field)] ?? '[N/A]').join(', ')}\n`;
    }
    return out;
  };
  const intervalMs = loopIntervalMs();
  if (intervalMs !== undefined) return replay(intervalMs, render);
  process.stdout.write(render());
  process.exit(0);
}
