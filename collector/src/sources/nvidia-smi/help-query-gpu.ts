/**
 * The field names a driver accepts in `--query-gpu`, from `nvidia-smi --help-query-gpu`.
 * Each field is introduced by a line of quoted names: `"clocks.current.sm" or "clocks.sm"`.
 * Descriptions never start with a quote, so only those lines count.
 */
export function parseHelpQueryGpu(helpText: string): Set<string> {
  const known = new Set<string>();
  for (const rawLine of helpText.split(/\r?\n/)) {
    const line = rawLine.trim();
    if (!/^"[^"\s]+"( or "[^"\s]+")*$/.test(line)) continue;
    for (const match of line.matchAll(/"([^"\s]+)"/g)) {
      if (match[1]) known.add(match[1]);
    }
  }
  return known;
}
