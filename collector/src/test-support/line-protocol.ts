/** A parsed line of InfluxDB line protocol, strict enough to catch encoding mistakes. */
export type ParsedLine = {
  measurement: string;
  tags: Record<string, string>;
  /** Field values: ints (`1i`) and floats as numbers, strings unquoted. */
  fields: Record<string, number | string>;
  /** Fields written as integers (`i` suffix). */
  intFields: string[];
  timestamp: number;
};

/** Splits on `separator` outside double quotes, honouring backslash escapes. */
function splitUnescaped(text: string, separator: string): string[] {
  const parts: string[] = [];
  let current = '';
  let quoted = false;
  for (let i = 0; i < text.length; i += 1) {
    const char = text[i] as string;
    if (char === '\\' && i + 1 < text.length) {
      current += char + (text[i + 1] as string);
      i += 1;
    } else if (char === '"') {
      quoted = !quoted;
      current += char;
    } else if (char === separator && !quoted) {
      parts.push(current);
      current = '';
    } else {
      current += char;
    }
  }
  parts.push(current);
  return parts;
}

const unescape = (text: string) => text.replace(/\\(.)/g, '$1');

export function parseLine(line: string): ParsedLine {
  const [key, fieldText, time, ...rest] = splitUnescaped(line, ' ');
  if (!key || !fieldText || !time || rest.length > 0) throw new Error(`malformed line: ${line}`);
  const [measurement, ...tagPairs] = splitUnescaped(key, ',');
  const tags: Record<string, string> = {};
  for (const pair of tagPairs) {
    const [name, value, ...extra] = splitUnescaped(pair, '=');
    if (!name || value === undefined || extra.length > 0) throw new Error(`bad tag in ${line}`);
    tags[unescape(name)] = unescape(value);
  }
  const fields: Record<string, number | string> = {};
  const intFields: string[] = [];
  for (const pair of splitUnescaped(fieldText, ',')) {
    const at = pair.indexOf('=');
    const name = unescape(pair.slice(0, at));
    const value = pair.slice(at + 1);
    if (at <= 0 || value === '') throw new Error(`bad field in ${line}`);
    if (/^-?\d+i$/.test(value)) {
      fields[name] = Number(value.slice(0, -1));
      intFields.push(name);
    } else if (value.startsWith('"') && value.endsWith('"')) {
      fields[name] = value.slice(1, -1).replace(/\\(["\\])/g, '$1');
    } else if (/^-?\d+(\.\d+)?(e[-+]?\d+)?$/i.test(value)) {
      fields[name] = Number(value);
    } else {
      throw new Error(`bad field value ${value} in ${line}`);
    }
  }
  if (!/^\d+$/.test(time)) throw new Error(`bad timestamp in ${line}`);
  return {
    measurement: unescape(measurement ?? ''),
    tags,
    fields,
    intFields,
    timestamp: Number(time),
  };
}
