import { describe, expect, it } from 'vitest';
import { parseLineProtocol, scanLineProtocol, type ParsedPoint, type PointSpan } from './index.js';

function scanned(body: string): { point: ParsedPoint; span: PointSpan }[] {
  const points: { point: ParsedPoint; span: PointSpan }[] = [];
  scanLineProtocol(body, (point, span) => points.push({ point, span }));
  return points;
}

function slices(body: string) {
  return scanned(body).map(({ span }) => ({
    measurement: body.slice(span.start, span.tagsStart),
    tags: body.slice(span.tagsStart, span.tagsEnd),
    rest: body.slice(span.tagsEnd, span.end),
    repeatsField: span.repeatsField,
  }));
}

describe('scanLineProtocol', () => {
  it('parses what parseLineProtocol parses', () => {
    const body = 'm,a=1 v=1 5\n\n# comment\n  n w="x" 6\r\n';
    expect(scanned(body).map(({ point }) => point)).toEqual(parseLineProtocol(body));
  });

  it('names each part of each line as written, escapes and all', () => {
    const body = [
      'my\\ m,b=x\\,y,a=1 s="q\\"\\\\",i=-3i 123   ',
      '   gpu temperature_c=61.5',
      'svc,name=a v="two\nlines" 7\r',
      'm,t=1 v=1,v=2i',
    ].join('\n');
    expect(slices(body)).toEqual([
      {
        measurement: 'my\\ m',
        tags: ',b=x\\,y,a=1',
        rest: ' s="q\\"\\\\",i=-3i 123',
        repeatsField: false,
      },
      { measurement: 'gpu', tags: '', rest: ' temperature_c=61.5', repeatsField: false },
      { measurement: 'svc', tags: ',name=a', rest: ' v="two\nlines" 7', repeatsField: false },
      { measurement: 'm', tags: ',t=1', rest: ' v=1,v=2i', repeatsField: true },
    ]);
  });

  it('skips the lines a claim takes, counting them, and hands on the others', () => {
    const body = 'a v=1 1\nb v=2 2\n\nc v=3 3\nd v=oops 4';
    const claimed: [string, number][] = [];
    const visited: string[] = [];
    const takeA = (start: number, line: number) => {
      const end = body.indexOf('\n', start);
      if (!'ac'.includes(body.charAt(start))) return -1;
      claimed.push([body.slice(start, end), line]);
      return end;
    };
    expect(() => scanLineProtocol(body, (point) => visited.push(point.measurement), takeA)).toThrow(
      /line 5: invalid field value/,
    );
    expect(claimed).toEqual([
      ['a v=1 1', 1],
      ['c v=3 3', 4],
    ]);
    expect(visited).toEqual(['b']);
  });

  it('refuses a claim that does not end at a line end', () => {
    const claimTooShort = () => 3;
    expect(() => scanLineProtocol('a v=1 1\n', () => undefined, claimTooShort)).toThrow(RangeError);
  });
});
