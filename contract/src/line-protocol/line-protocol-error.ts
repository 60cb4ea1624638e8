/** The one error the parser throws: `line 3: invalid field value "abc" for field "temp"`. */
export class LineProtocolError extends Error {
  constructor(
    readonly line: number,
    /** The problem without the line prefix, for InfluxDB-style error bodies. */
    readonly reason: string,
  ) {
    super(`line ${line}: ${reason}`);
    this.name = 'LineProtocolError';
  }
}
