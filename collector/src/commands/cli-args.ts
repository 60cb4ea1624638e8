/** Wrong usage: the message, then a pointer to `--help`; exit status 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}

/** A failure the user can act on, said in one sentence; exit status 1. */
export class CommandError extends Error {
  override name = 'CommandError';
}

/** Runs a parseArgs call; its complaints (unknown option, missing value) are usage errors. */
export function usageErrors<T>(parse: () => T): T {
  try {
    return parse();
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

export function requireOption(value: string | undefined, name: string): string {
  if (value === undefined || value.trim() === '') throw new UsageError(`${name} is required`);
  return value.trim();
}

/** A numeric option within bounds, or its default when absent. */
export function numberOption(
  value: string | undefined,
  name: string,
  {
    min,
    max,
    integer = false,
    fallback,
  }: { min: number; max: number; integer?: boolean; fallback: number },
): number {
  if (value === undefined) return fallback;
  const number = Number(value);
  if (value.trim() === '' || !Number.isFinite(number) || (integer && !Number.isInteger(number))) {
    throw new UsageError(`${name} must be ${integer ? 'a whole number' : 'a number'}`);
  }
  if (number < min || number > max)
    throw new UsageError(`${name} must be between ${min} and ${max}`);
  return number;
}

export function choiceOption<T extends string>(
  value: string | undefined,
  name: string,
  choices: readonly T[],
  fallback: T,
): T {
  if (value === undefined) return fallback;
  if (!(choices as readonly string[]).includes(value)) {
    throw new UsageError(`${name} must be one of ${choices.join(', ')}`);
  }
  return value as T;
}

/** Writes to stdout and waits until it is handed to the OS (before process.exit). */
export function print(text: string): Promise<void> {
  return new Promise((resolve) => process.stdout.write(text, () => resolve()));
}
