/** Display formatting: every number leaves here with its unit. */

// BigInt() rather than literals: the plugin build targets ES2015.
const LAMPORTS_PER_SOL = BigInt(1_000_000_000);
const ZERO = BigInt(0);
const DASH = '—';

/** `1500000000` → `1.5 SOL`; up to 4 decimals unless the amount is smaller. */
export function formatSol(lamports: string | number | bigint | null | undefined): string {
  if (lamports === null || lamports === undefined) return DASH;
  const value = BigInt(lamports);
  const negative = value < ZERO;
  const abs = negative ? -value : value;
  const whole = abs / LAMPORTS_PER_SOL;
  const fraction = (abs % LAMPORTS_PER_SOL).toString().padStart(9, '0');
  const significant = whole === ZERO && fraction.slice(0, 4) === '0000' ? 9 : 4;
  const trimmed = fraction.slice(0, significant).replace(/0+$/, '');
  const number = `${whole.toLocaleString('en-US')}${trimmed ? `.${trimmed}` : ''}`;
  return `${negative ? '−' : ''}${number} SOL`;
}

/** A rate in lamports (an integer string) as SOL to 3 significant digits: `0.000429 SOL`. */
export function formatSolRate(lamports: string | null | undefined): string {
  if (lamports === null || lamports === undefined) return DASH;
  const sol = Number(lamports) / 1e9;
  return `${sol.toLocaleString('en-US', { maximumSignificantDigits: 3 })} SOL`;
}

/** A SOL amount in a currency at a price per SOL, e.g. `≈ 12.40 USD`. */
export function formatSolValue(
  lamports: string | bigint,
  solPrice: string | null,
  currency: string,
) {
  if (!solPrice) return undefined;
  const sol = Number(BigInt(lamports)) / 1e9;
  return `≈ ${formatMoney(sol * Number(solPrice), currency)}`;
}

export function formatMoney(amount: string | number | null | undefined, currency: string): string {
  if (amount === null || amount === undefined || amount === '') return DASH;
  const value = Number(amount);
  if (!Number.isFinite(value)) return DASH;
  const digits = Math.abs(value) < 1 && value !== 0 ? 4 : 2;
  return `${value.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: digits })} ${currency}`;
}

function withUnit(value: number | null | undefined, unit: string, digits = 0): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return DASH;
  return `${value.toLocaleString('en-US', { maximumFractionDigits: digits })} ${unit}`;
}

export const formatTemperature = (celsius: number | null | undefined) => withUnit(celsius, '°C');
export const formatPower = (watts: number | null | undefined) =>
  watts !== null && watts !== undefined && watts >= 10_000
    ? withUnit(watts / 1000, 'kW', 1)
    : withUnit(watts, 'W');
export const formatPercent = (percent: number | null | undefined, digits = 0) =>
  withUnit(percent, '%', digits).replace(' %', '%');
export const formatMiB = (mib: number | null | undefined) =>
  mib !== null && mib !== undefined && mib >= 1024
    ? withUnit(mib / 1024, 'GiB', 1)
    : withUnit(mib, 'MiB');
/** kWh with the precision small figures need: `0.00329 kWh`, `18.5 kWh`. */
export function formatKwh(kwh: number): string {
  const digits = kwh !== 0 && Math.abs(kwh) < 1 ? 3 : 2;
  const text = kwh.toLocaleString('en-US', {
    maximumSignificantDigits: Math.abs(kwh) < 1 ? digits : undefined,
    maximumFractionDigits: Math.abs(kwh) < 1 ? undefined : digits,
  });
  return `${text} kWh`;
}

const BYTE_UNITS = ['B', 'KB', 'MB', 'GB', 'TB'];

/** Decimal units, as network rates are quoted: `1.2 MB/s`. */
export function formatBytes(bytes: number | null | undefined, suffix = ''): string {
  if (bytes === null || bytes === undefined || !Number.isFinite(bytes)) return DASH;
  let value = bytes;
  let unit = 0;
  while (Math.abs(value) >= 1000 && unit < BYTE_UNITS.length - 1) {
    value /= 1000;
    unit += 1;
  }
  return `${value.toLocaleString('en-US', { maximumFractionDigits: unit === 0 ? 0 : 1 })} ${BYTE_UNITS[unit]}${suffix}`;
}

/** `5 s ago`, `3 min ago`, `2 h ago`, `4 d ago`; `never` for null. */
export function formatAgo(iso: string | null | undefined, now = Date.now()): string {
  if (!iso) return 'never';
  const seconds = Math.max(0, Math.round((now - Date.parse(iso)) / 1000));
  if (seconds < 60) return `${seconds} s ago`;
  if (seconds < 3600) return `${Math.floor(seconds / 60)} min ago`;
  if (seconds < 86_400) return `${Math.floor(seconds / 3600)} h ago`;
  return `${Math.floor(seconds / 86_400)} d ago`;
}

/** A date and time in the account's time zone, e.g. `25 Nov 2026, 14:03`. */
export function formatDateTime(iso: string | null | undefined, timeZone?: string): string {
  if (!iso) return DASH;
  return new Date(iso).toLocaleString('en-GB', {
    timeZone,
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
  });
}

export function formatDuration(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined || !Number.isFinite(seconds)) return DASH;
  const s = Math.round(seconds);
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min ${s % 60} s`;
  if (s < 86_400) return `${Math.floor(s / 3600)} h ${Math.floor((s % 3600) / 60)} min`;
  return `${Math.floor(s / 86_400)} d ${Math.floor((s % 86_400) / 3600)} h`;
}
