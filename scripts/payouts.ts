/**
 * `npm run payouts`: asks the API for a payout run (`POST /v1/admin/payouts/run` with
 * ADMIN_TOKEN). It never opens the database itself: the API holds the lock and the treasury.
 */
const apiUrl = (process.env.API_URL ?? process.env.PUBLIC_URL ?? 'http://127.0.0.1:8080').replace(
  /\/+$/,
  '',
);
const token = process.env.ADMIN_TOKEN;
if (!token) {
  console.error(
    'ADMIN_TOKEN is not set: it is the API’s admin token, needed to start a payout run.',
  );
  process.exit(1);
}

type Payout = {
  id: string;
  amountLamports: string;
  address: string;
  status: string;
  explorerUrl: string | null;
};

const response = await fetch(`${apiUrl}/v1/admin/payouts/run`, {
  method: 'POST',
  headers: { authorization: `Bearer ${token}` },
}).catch((error: Error) => {
  console.error(`Cannot reach the API at ${apiUrl}: ${error.message}`);
  process.exit(1);
});
const body = (await response.json().catch(() => ({}))) as {
  payouts?: Payout[];
  network?: string | null;
  error?: { message: string };
};
if (!response.ok) {
  console.error(`Payout run refused (${response.status}): ${body.error?.message ?? 'no details'}`);
  process.exit(1);
}
const payouts = body.payouts ?? [];
console.log(
  `${payouts.length} payout(s)${body.network === 'local-ledger' ? ' on the LOCAL DEVELOPMENT LEDGER' : ''}.`,
);
if (payouts.length > 0) {
  console.table(
    payouts.map((payout) => ({
      status: payout.status,
      SOL: (Number(payout.amountLamports) / 1e9).toFixed(9),
      address: payout.address,
      explorer: payout.explorerUrl ?? '',
    })),
  );
}
if (payouts.some((payout) => payout.status === 'failed')) process.exit(2);
