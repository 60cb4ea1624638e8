import {
  isMeasurement,
  type FieldOf,
  type FieldsOfType,
  type Measurement,
  type TagOf,
} from '@ioworker/contract/telemetry';

/**
 * A field of the rollup policies (the API's metric-rollups, docs/metrics.md): each number `f` of
 * the raw series is `f_mean`, `f_max` and `f_last` there, each string `f_last` only.
 */
export type RollupFieldOf<M extends Measurement> =
  `${FieldsOfType<M, 'float' | 'int'>}_${'mean' | 'max'}` | `${FieldOf<M>}_last`;

/** An InfluxQL duration literal. */
export type Duration = `${number}${'s' | 'm' | 'h' | 'd' | 'w'}`;
export type Fill = 'null' | 'none' | 'previous' | 'linear' | number;
export type Comparison = '<' | '<=' | '=' | '!=' | '>=' | '>';

/**
 * An expression over the fields `F`. The type parameter only records which fields it reads, so
 * that a query over `gpu` refuses `mean('uptime_s')` at compile time.
 */
export type Expr<F extends string = string> = {
  readonly text: string;
  readonly fields: readonly F[];
  /** Whether it needs parentheses inside a larger arithmetic expression. */
  readonly compound: boolean;
  /** Names the column; an outer query reads a subquery's columns by these names. */
  as<A extends string>(alias: A): Selection<F, A>;
};

export type Selection<F extends string = string, A extends string = string> = {
  readonly expr: Expr<F>;
  readonly alias: A;
};

type Arg<F extends string> = F | Expr<F>;

export function quoteIdentifier(name: string): string {
  return `"${name.replaceAll('\\', '\\\\').replaceAll('"', '\\"')}"`;
}

function expr<F extends string>(text: string, fields: readonly F[], compound = false): Expr<F> {
  const self: Expr<F> = { text, fields, compound, as: (alias) => ({ expr: self, alias }) };
  return self;
}

function toExpr<F extends string>(arg: Arg<F>): Expr<F> {
  return typeof arg === 'string' ? field(arg) : arg;
}

/** A field read as is (in a raw selection or inside a function). */
export function field<F extends string>(name: F): Expr<F> {
  return expr(quoteIdentifier(name), [name]);
}

function call<F extends string>(fn: string, arg: Arg<F>, ...params: (number | string)[]): Expr<F> {
  const inner = toExpr(arg);
  return expr(`${fn}(${[inner.text, ...params.map(String)].join(', ')})`, inner.fields);
}

export const mean = <F extends string>(arg: Arg<F>) => call('mean', arg);
export const max = <F extends string>(arg: Arg<F>) => call('max', arg);
export const min = <F extends string>(arg: Arg<F>) => call('min', arg);
export const sum = <F extends string>(arg: Arg<F>) => call('sum', arg);
export const last = <F extends string>(arg: Arg<F>) => call('last', arg);
export const count = <F extends string>(arg: Arg<F>) => call('count', arg);
export const top = <F extends string>(arg: Arg<F>, n: number) => call('top', arg, n);

/** Per-`unit` rate of a counter; a counter reset (a reboot) is skipped instead of going negative. */
export const nonNegativeDerivative = <F extends string>(arg: Arg<F>, unit: Duration = '1s') =>
  call('non_negative_derivative', arg, unit);
/** Increase of a counter between consecutive values; resets are skipped. */
export const nonNegativeDifference = <F extends string>(arg: Arg<F>) =>
  call('non_negative_difference', arg);
export const movingAverage = <F extends string>(arg: Arg<F>, points: number) =>
  call('moving_average', arg, points);

function operand(value: Expr<string> | number): string {
  if (typeof value === 'number') return String(value);
  return value.compound ? `(${value.text})` : value.text;
}

function binary<F extends string, G extends string>(
  operator: string,
  left: Expr<F>,
  right: Expr<G> | number,
): Expr<F | G> {
  const fields = typeof right === 'number' ? left.fields : [...left.fields, ...right.fields];
  return expr(`${operand(left)} ${operator} ${operand(right)}`, fields, true);
}

export const times = <F extends string, G extends string = never>(
  a: Expr<F>,
  b: Expr<G> | number,
) => binary('*', a, b);
export const divide = <F extends string, G extends string = never>(
  a: Expr<F>,
  b: Expr<G> | number,
) => binary('/', a, b);

type State = {
  readonly source: string;
  readonly selections: readonly (Expr | Selection)[];
  readonly tagColumns: readonly string[];
  readonly conditions: readonly string[];
  readonly interval: string | undefined;
  readonly groupTags: readonly string[];
  readonly fill: Fill | undefined;
  readonly limit: number | undefined;
};

const EMPTY: Omit<State, 'source'> = {
  selections: [],
  tagColumns: [],
  conditions: [],
  interval: undefined,
  groupTags: [],
  fill: undefined,
  limit: undefined,
};

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- inference helpers only
type AnyQuery = InfluxQuery<any, any, any, any>;
type ColumnsOf<Q> = Q extends InfluxQuery<string, string, infer O, string> ? O : never;
type GroupsOf<Q> = Q extends InfluxQuery<string, string, string, infer G> ? G : never;

/**
 * An immutable InfluxQL SELECT. `F` are the fields it may read, `T` the tags it may filter and
 * group by, `Out` the column aliases it selects and `G` the tags it groups by — the last two are
 * what an outer query over it may read.
 *
 * @example
 * InfluxQuery.from('gpu')
 *   .select(mean('temperature_c').as('temperature'))
 *   .forDevices().timeFilter()
 *   .groupByTime().groupBy('device', 'gpu').fill('null')
 *   .toString();
 * // SELECT mean("temperature_c") AS "temperature" FROM "gpu" WHERE "device" =~ /^$device$/
 * //   AND $timeFilter GROUP BY time($__interval), "device", "gpu" fill(null)
 */
export class InfluxQuery<
  F extends string,
  T extends string,
  Out extends string = never,
  G extends string = never,
> {
  /** The aliased columns, as an outer query sees them. */
  readonly columns: readonly Out[];
  /** The tags it groups by, which an outer query over it can use. */
  readonly groupTags: readonly G[];

  private constructor(private readonly state: State) {
    this.columns = state.selections.flatMap((s) => ('alias' in s ? [s.alias as Out] : []));
    this.groupTags = state.groupTags as G[];
  }

  static from<M extends Measurement>(measurement: M): InfluxQuery<FieldOf<M>, TagOf<M>> {
    if (!isMeasurement(measurement)) throw new Error(`unknown measurement ${measurement}`);
    return new InfluxQuery({ ...EMPTY, source: quoteIdentifier(measurement) });
  }

  /**
   * Reads a measurement's rollup in a retention policy (a name, or a variable like `$rollup`):
   * the same tags as the raw series, and the rollup's fields.
   */
  static fromRollup<M extends Measurement>(
    measurement: M,
    policy: string,
  ): InfluxQuery<RollupFieldOf<M>, TagOf<M>> {
    if (!isMeasurement(measurement)) throw new Error(`unknown measurement ${measurement}`);
    const source = `${quoteIdentifier(policy)}.${quoteIdentifier(measurement)}`;
    return new InfluxQuery({ ...EMPTY, source });
  }

  /** Reads the union of the subqueries' rows (InfluxQL `FROM (SELECT …), (SELECT …)`). */
  static fromSubqueries<Q extends [AnyQuery, ...AnyQuery[]]>(
    ...queries: Q
  ): InfluxQuery<ColumnsOf<Q[number]>, GroupsOf<Q[number]>> {
    const source = queries.map((query) => `(${query.toString()})`).join(', ');
    return new InfluxQuery({ ...EMPTY, source });
  }

  private with<
    F2 extends string = F,
    T2 extends string = T,
    O2 extends string = Out,
    G2 extends string = G,
  >(change: Partial<State>): InfluxQuery<F2, T2, O2, G2> {
    return new InfluxQuery({ ...this.state, ...change });
  }

  select<A extends string = never>(
    ...items: (Expr<F> | Selection<F, A>)[]
  ): InfluxQuery<F, T, A, G> {
    return this.with<F, T, A, G>({ selections: items });
  }

  /** Tag columns beside a selector such as `top()`, which returns one row per point. */
  selectTags(...tags: T[]): this {
    return this.with({ tagColumns: [...this.state.tagColumns, ...tags] }) as this;
  }

  /** `"tag" =~ /^$variable$/`: Grafana expands a multi-value variable into `(a|b)`. */
  matching(tag: T, variable: string): this {
    const condition = `${quoteIdentifier(tag)} =~ /^$${variable}$/`;
    return this.with({ conditions: [...this.state.conditions, condition] }) as this;
  }

  /** Only the devices chosen in the dashboard's `device` variable. */
  forDevices(this: InfluxQuery<F, T | 'device', Out, G>): this {
    return this.matching('device', 'device') as this;
  }

  /** The dashboard's (or the alert query's relative) time range. */
  timeFilter(): this {
    return this.with({ conditions: [...this.state.conditions, '$timeFilter'] }) as this;
  }

  /** A window ending now, whatever the dashboard's range: `time > now() - 30s`. */
  since(window: Duration): this {
    const condition = `time > now() - ${window}`;
    return this.with({ conditions: [...this.state.conditions, condition] }) as this;
  }

  whereField(name: F, comparison: Comparison, value: number): this {
    const condition = `${quoteIdentifier(name)} ${comparison} ${value}`;
    return this.with({ conditions: [...this.state.conditions, condition] }) as this;
  }

  groupByTime(interval: Duration | '$__interval' = '$__interval'): this {
    return this.with({ interval }) as this;
  }

  groupBy<G2 extends T>(...tags: G2[]): InfluxQuery<F, T, Out, G | G2> {
    return this.with<F, T, Out, G | G2>({ groupTags: [...this.state.groupTags, ...tags] });
  }

  fill(fill: Fill): this {
    return this.with({ fill }) as this;
  }

  limit(rows: number): this {
    return this.with({ limit: rows }) as this;
  }

  toString(): string {
    const { selections, tagColumns, conditions, interval, groupTags, fill, limit } = this.state;
    if (selections.length === 0) throw new Error(`a query on ${this.state.source} selects nothing`);
    const columns = [
      ...selections.map((s) =>
        'alias' in s ? `${s.expr.text} AS ${quoteIdentifier(s.alias)}` : s.text,
      ),
      ...tagColumns.map(quoteIdentifier),
    ];
    const groups = [...(interval ? [`time(${interval})`] : []), ...groupTags.map(quoteIdentifier)];
    return [
      `SELECT ${columns.join(', ')} FROM ${this.state.source}`,
      conditions.length > 0 ? `WHERE ${conditions.join(' AND ')}` : '',
      groups.length > 0 ? `GROUP BY ${groups.join(', ')}` : '',
      fill === undefined ? '' : `fill(${fill})`,
      limit === undefined ? '' : `LIMIT ${limit}`,
    ]
      .filter(Boolean)
      .join(' ');
  }
}
