import React, { useState } from 'react';
import { css } from '@emotion/css';
import type { GrafanaTheme2 } from '@grafana/data';
import {
  Alert,
  Badge,
  Button,
  Combobox,
  EmptyState,
  LinkButton,
  Stack,
  useStyles2,
  type ComboboxOption,
} from '@grafana/ui';
import Skeleton from 'react-loading-skeleton';
import { useApi } from '../../api/ApiContext';
import { unwrap } from '../../api/client';
import { useRequest } from '../../api/hooks';
import { ApiErrorAlert } from '../../components/ApiErrorAlert/ApiErrorAlert';
import { getTableStyles } from '../../components/DataTable/table-styles';
import { Section } from '../../components/Section/Section';
import { testIds } from '../../testIds';
import { formatDateTime, formatKwh, formatMoney, formatSol } from '../../utils/format';
import { shortenAddress, signedSol } from './amounts';
import type { Statement, StatementPayout } from './types';

const PRINT_ROOT = 'data-statement-print';

// While the statement is on screen, printing shows it alone: Grafana's menus, the other
// sections and the controls stay off the paper.
const PRINT_CSS = `@media print {
  body * { visibility: hidden; }
  [${PRINT_ROOT}], [${PRINT_ROOT}] * { visibility: visible; }
  [${PRINT_ROOT}] { position: absolute; inset: 0 auto auto 0; width: 100%; color: #000; }
  [${PRINT_ROOT}] [data-no-print] { display: none; }
  [${PRINT_ROOT}] table { page-break-inside: auto; }
  [${PRINT_ROOT}] tr { page-break-inside: avoid; }
}`;

/** A month's statement: balances, credits and energy by device, payouts checked on chain. */
export function StatementSection() {
  const months = useRequest(
    (client, signal) => unwrap(client.v1.statements.$get(undefined, { init: { signal } })),
    [],
  );
  const [picked, setPicked] = useState<string>();
  const month = picked ?? months.data?.months[0]?.month;
  const options: Array<ComboboxOption<string>> = (months.data?.months ?? []).map((entry) => ({
    value: entry.month,
    label: entry.complete ? entry.month : `${entry.month} (in progress)`,
  }));
  return (
    <Section
      title="Statements"
      description={`Monthly statements in your time zone${months.data ? ` (${months.data.timezone})` : ''}, with every payout checked against the chain.`}
      testId={testIds.earnings.statement}
    >
      {months.error && !months.data ? (
        <ApiErrorAlert error={months.error} title="Could not load your statements" />
      ) : !months.data ? (
        <Skeleton height={36} />
      ) : !month ? (
        <EmptyState variant="call-to-action" hideImage message="No statements yet" />
      ) : (
        <>
          <div data-no-print>
            <Combobox
              aria-label="Statement month"
              options={options}
              value={month}
              onChange={(option) => setPicked(option.value)}
              width="auto"
              minWidth={16}
            />
          </div>
          <MonthStatement month={month} />
        </>
      )}
    </Section>
  );
}

/** Asked without `format=csv`, the route answers JSON: the CSV alternatives are ruled out. */
function asStatement(body: Statement | string | Response | undefined): Statement {
  if (!body || typeof body === 'string' || body instanceof Response) {
    throw new Error('The statement did not come as JSON.');
  }
  return body;
}

function MonthStatement({ month }: { month: string }) {
  const { client } = useApi();
  const statement = useRequest(
    (api, signal) =>
      unwrap(
        api.v1.statements[':month'].$get({ param: { month }, query: {} }, { init: { signal } }),
      ).then(asStatement),
    [month],
  );
  const csvUrl = client.v1.statements[':month']
    .$url({ param: { month }, query: { format: 'csv' } })
    .toString();
  if (statement.error && !statement.data) {
    return <ApiErrorAlert error={statement.error} title="Could not load this statement" />;
  }
  if (!statement.data || statement.data.month !== month) return <Skeleton height={36} count={4} />;
  return (
    <div {...{ [PRINT_ROOT]: '' }}>
      <style>{PRINT_CSS}</style>
      <Stack direction="row" wrap="wrap" gap={1} data-no-print>
        <LinkButton
          href={csvUrl}
          download={`io-worker-statement-${month}.csv`}
          variant="secondary"
          icon="download-alt"
          data-testid={testIds.earnings.statementCsv}
        >
          Download CSV
        </LinkButton>
        <Button variant="secondary" icon="file-alt" onClick={() => window.print()}>
          Print
        </Button>
      </Stack>
      <StatementBody statement={statement.data} />
    </div>
  );
}

function StatementBody({ statement }: { statement: Statement }) {
  const styles = useStyles2(getStyles);
  const table = useStyles2(getTableStyles);
  const { reconciliation, energy } = statement;
  return (
    <>
      <h3 className={styles.title}>
        Statement {statement.month} ({statement.timezone})
        {!statement.complete && ' — month in progress'}
      </h3>
      {reconciliation.status === 'mismatch' && (
        <Alert
          severity="error"
          title={`${reconciliation.mismatches} payout(s) do not match the chain`}
        >
          The lines marked below differ from what the chain recorded. We have been alerted too.
        </Alert>
      )}
      <dl className={styles.totals}>
        <dt>Opening balance</dt>
        <dd>{formatSol(statement.openingBalanceLamports)}</dd>
        <dt>Credits</dt>
        <dd>{signedSol(statement.creditsLamports).text}</dd>
        <dt>Payouts</dt>
        <dd>{signedSol(statement.payoutsLamports).text}</dd>
        <dt>Closing balance</dt>
        <dd>{formatSol(statement.closingBalanceLamports)}</dd>
        <dt>Energy</dt>
        <dd>
          {formatKwh(energy.kwh)} · {formatMoney(energy.cost, energy.currency)} at{' '}
          {energy.electricityPrice} {energy.currency}/kWh
        </dd>
      </dl>
      <div className={table.frame}>
        <table className={table.table}>
          <caption className={styles.caption}>Credits and energy by device</caption>
          <thead>
            <tr>
              <th scope="col">Device</th>
              <th scope="col" className={table.numeric}>
                Credits
              </th>
              <th scope="col" className={table.numeric}>
                Energy
              </th>
              <th scope="col" className={table.numeric}>
                Cost
              </th>
            </tr>
          </thead>
          <tbody>
            {statement.devices.map((device) => (
              <tr key={device.deviceId}>
                <td>{device.name}</td>
                <td className={table.numeric}>{formatSol(device.creditsLamports)}</td>
                <td className={table.numeric}>{formatKwh(device.energyKwh)}</td>
                <td className={table.numeric}>{formatMoney(device.energyCost, energy.currency)}</td>
              </tr>
            ))}
            {statement.unassignedCreditsLamports !== '0' && (
              <tr>
                <td>Adjustments not tied to a device</td>
                <td className={table.numeric}>{formatSol(statement.unassignedCreditsLamports)}</td>
                <td />
                <td />
              </tr>
            )}
          </tbody>
        </table>
      </div>
      {statement.payouts.length > 0 && <PayoutLines payouts={statement.payouts} />}
    </>
  );
}

const CHECK_BADGE = {
  matched: <Badge color="green" icon="check" text="Matches chain" />,
  mismatch: <Badge color="red" icon="exclamation-triangle" text="Mismatch" />,
  unverifiable: <Badge color="orange" text="Not verifiable" />,
  unchecked: <Badge color="orange" text="Not checked" />,
  not_applicable: null,
} as const;

function PayoutLines({ payouts }: { payouts: StatementPayout[] }) {
  const styles = useStyles2(getStyles);
  const table = useStyles2(getTableStyles);
  return (
    <div className={table.frame}>
      <table className={table.table}>
        <caption className={styles.caption}>Payouts</caption>
        <thead>
          <tr>
            <th scope="col">Booked</th>
            <th scope="col" className={table.numeric}>
              Amount
            </th>
            <th scope="col">Transaction</th>
            <th scope="col">Check</th>
          </tr>
        </thead>
        <tbody>
          {payouts.map((payout) => (
            <tr key={payout.payoutId ?? payout.at}>
              <td>{formatDateTime(payout.at)}</td>
              <td className={table.numeric}>{signedSol(payout.ledgerLamports).text}</td>
              <td>
                {payout.explorerUrl && payout.signature ? (
                  <a
                    href={payout.explorerUrl}
                    target="_blank"
                    rel="noopener noreferrer"
                    className={styles.mono}
                  >
                    {shortenAddress(payout.signature, 6)}
                  </a>
                ) : (
                  (payout.status ?? '—')
                )}
                <div className={styles.print}>{payout.signature}</div>
              </td>
              <td className={styles.wrap}>
                {CHECK_BADGE[payout.reconciliation.status]}
                {payout.reconciliation.problems.map((problem) => (
                  <div key={problem.code} className={styles.problem}>
                    {problem.message}
                  </div>
                ))}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  title: css({ margin: theme.spacing(2, 0, 1) }),
  totals: css({
    display: 'grid',
    gridTemplateColumns: 'max-content 1fr',
    gap: theme.spacing(0.5, 2),
    margin: theme.spacing(0, 0, 2),
    dd: { margin: 0, fontVariantNumeric: 'tabular-nums', overflowWrap: 'anywhere' },
    dt: { color: theme.colors.text.secondary },
  }),
  caption: css({
    textAlign: 'left',
    padding: theme.spacing(1, 1.5),
    fontWeight: theme.typography.fontWeightMedium,
  }),
  mono: css({ fontFamily: theme.typography.fontFamilyMonospace }),
  wrap: css({ '&&': { whiteSpace: 'normal', minWidth: 160 } }),
  problem: css({ color: theme.colors.error.text, fontSize: theme.typography.bodySmall.fontSize }),
  // The full signature, on paper only: a printed link cannot be clicked.
  print: css({
    display: 'none',
    '@media print': { display: 'block', fontSize: 9, wordBreak: 'break-all' },
  }),
});
