/** The one registry of data-testids, shared by component and end-to-end tests. */
export const testIds = {
  appConfig: {
    apiUrl: 'data-testid ac-api-url',
    testConnection: 'data-testid ac-test-connection',
    submit: 'data-testid ac-submit',
  },
  signIn: {
    form: 'data-testid sign-in-form',
  },
  home: {
    overview: 'data-testid home-overview',
    deviceTable: 'data-testid home-device-table',
  },
  device: {
    header: 'data-testid device-header',
    charts: 'data-testid device-charts',
    uptimeBar: 'data-testid device-uptime-bar',
  },
  earnings: {
    summary: 'data-testid earnings-summary',
    payouts: 'data-testid earnings-payouts',
  },
  addDevice: {
    command: 'data-testid add-device-command',
    status: 'data-testid add-device-status',
  },
};
