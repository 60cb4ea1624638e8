#!/usr/bin/env node
// A stand-in for nvidia-smi that replays a recorded fixture (fixtures/nvidia-smi/*.json)
// the way a real driver answers: it knows only that fixture's fields (and their aliases),
// rejects the whole query when one field is unknown, and prints values verbatim.
//
// Fixture: $FAKE_NVIDIA_SMI_FIXTURE, else the path in `fixture.txt` beside this script.
// Mode: $FAKE_NVIDIA_SMI_MODE or `mode.txt` beside it: `hang` (never answers) or `fail`
// (driver not loaded). Every call is appended to `calls.log` beside it.
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

const mode = process.env.FAKE_NVIDIA_SMI_MODE || sidecar('mode.txt');
if (mode === 'hang') {
  setTimeout(() => process.exit(0), 120_000);
} else if (mode === 'fail') {
  process.stdout.write(
    "NVIDIA-SMI has failed because it couldn't communicate with the NVIDIA driver. " +
      'Make sure that the latest NVIDIA driver is installed and running.\n\n',
  );
  process.exit(9);
} else {
  main();
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
  let out = '';
  if (!formats.includes('noheader')) out += `${fields.map((f) => known.get(f)).join(', ')}\n`;
  for (const gpu of gpus) {
    out += `${fields.map((field) => gpu[known.get(field)] ?? '[N/A]').join(', ')}\n`;
  }
  process.stdout.write(out);
  process.exit(0);
}
