// Imported, not read at run time, so the one-file bundle the install scripts deploy carries it.
import manifest from '../../package.json' with { type: 'json' };

/** The collector's version, as its package.json says. */
export function agentVersion(): string {
  return manifest.version;
}
