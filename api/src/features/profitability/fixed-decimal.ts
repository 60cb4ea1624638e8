/**
 * Exact decimal arithmetic on bigints, for money: a value is `units × 10^-scale`.
 * Sums and products are exact; only `divide` rounds (half away from zero), so a figure is
 * rounded once, where it is shown.
 *
 * @example formatFiat(multiply(parseFixed('26.90625'), parseFixed('0.2345'))) // "6.309516"
 */
export type Fixed = { readonly units: bigint; readonly scale: number };

const DECIMAL_TEXT = /^(-?)(\d+)(?:\.(\d+))?$/;
const FIAT_PLACES = 6;

export function fixed(units: bigint, scale = 0): Fixed {
  return { units, scale };
}

/** Reads a plain decimal ("0.150000", "-3", "12.5"); exponents and blanks are refused. */
export function parseFixed(text: string): Fixed {
  const match = DECIMAL_TEXT.exec(text.trim());
  if (!match) throw new RangeError(`not a plain decimal: ${JSON.stringify(text)}`);
  const [, sign, whole = '0', fraction = ''] = match;
  const units = BigInt(`${whole}${fraction}`);
  return { units: sign ? -units : units, scale: fraction.length };
}

function pow10(exponent: number): bigint {
  return 10n ** BigInt(exponent);
}

function aligned(a: Fixed, b: Fixed): [bigint, bigint, number] {
  const scale = Math.max(a.scale, b.scale);
  return [a.units * pow10(scale - a.scale), b.units * pow10(scale - b.scale), scale];
}

export function add(a: Fixed, b: Fixed): Fixed {
  const [x, y, scale] = aligned(a, b);
  return { units: x + y, scale };
}

export function subtract(a: Fixed, b: Fixed): Fixed {
  const [x, y, scale] = aligned(a, b);
  return { units: x - y, scale };
}

export function multiply(a: Fixed, b: Fixed): Fixed {
  return { units: a.units * b.units, scale: a.scale + b.scale };
}

export function isZero(a: Fixed): boolean {
  return a.units === 0n;
}

/** n ÷ d to the nearest integer, halves away from zero (what people expect of money). */
export function divideRounded(n: bigint, d: bigint): bigint {
  if (d === 0n) throw new RangeError('division by zero');
  const quotient = n / d;
  const remainder = n % d;
  const abs = (value: bigint) => (value < 0n ? -value : value);
  if (abs(remainder) * 2n < abs(d)) return quotient;
  return n < 0n !== d < 0n ? quotient - 1n : quotient + 1n;
}

/** a ÷ b rounded to `scale` decimal places. */
export function divide(a: Fixed, b: Fixed, scale: number): Fixed {
  const shift = scale + b.scale - a.scale;
  const numerator = shift >= 0 ? a.units * pow10(shift) : a.units;
  const denominator = shift >= 0 ? b.units : b.units * pow10(-shift);
  return { units: divideRounded(numerator, denominator), scale };
}

export function round(a: Fixed, scale: number): Fixed {
  return divide(a, fixed(1n), scale);
}

function plainString(a: Fixed, minPlaces: number): string {
  const negative = a.units < 0n;
  const digits = (negative ? -a.units : a.units).toString().padStart(a.scale + 1, '0');
  const whole = digits.slice(0, digits.length - a.scale);
  const fraction = digits.slice(digits.length - a.scale).replace(/0+$/, '');
  const places = fraction.padEnd(minPlaces, '0');
  return `${negative ? '-' : ''}${whole}${places ? `.${places}` : ''}`;
}

/** Fiat as the contract writes it: a decimal string with 2–6 places ("0.27", "529.795"). */
export function formatFiat(a: Fixed): string {
  return plainString(round(a, FIAT_PLACES), 2);
}

/** A non-money quantity (kWh) for JSON: rounded to `places`, then a number. */
export function toNumber(a: Fixed, places: number): number {
  return Number(plainString(round(a, places), 0));
}
