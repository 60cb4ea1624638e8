/** The one registry of data-testids, shared by component and end-to-end tests. */
export const testIds = {
  appConfig: {
    apiUrl: 'data-testid ac-api-url',
    testConnection: 'data-testid ac-test-connection',
    submit: 'data-testid ac-submit',
  },
  signIn: {
    form: 'data-testid sign-in-form',
    secondStep: 'data-testid sign-in-second-step',
  },
  /** The pages reachable without a session: forgot and reset password, the mailed links. */
  account: {
    page: 'data-testid account-page',
  },
  verifyEmailBanner: 'data-testid verify-email-banner',
  home: {
    overview: 'data-testid home-overview',
    deviceTable: 'data-testid home-device-table',
  },
  device: {
    header: 'data-testid device-header',
    charts: 'data-testid device-charts',
    uptimeBar: 'data-testid device-uptime-bar',
    notFound: 'data-testid device-not-found',
    gpuTable: 'data-testid device-gpu-table',
    traffic: 'data-testid device-traffic',
    services: 'data-testid device-services',
    jobs: 'data-testid device-jobs',
    notifications: 'data-testid device-notifications',
    mute: 'data-testid device-mute',
    /** One per chart, with a `data-points` attribute: the number of points it draws. */
    chart: (id: string) => `data-testid device-chart-${id}`,
  },
  earnings: {
    summary: 'data-testid earnings-summary',
    payouts: 'data-testid earnings-payouts',
    wallet: 'data-testid earnings-wallet',
    history: 'data-testid earnings-history',
    downloadCsv: 'data-testid earnings-download-csv',
  },
  profitability: {
    measured: 'data-testid profitability-measured',
    estimate: 'data-testid profitability-estimate',
    estimateResult: 'data-testid profitability-estimate-result',
  },
  addDevice: {
    command: 'data-testid add-device-command',
    status: 'data-testid add-device-status',
    steps: 'data-testid add-device-steps',
    gpus: 'data-testid add-device-gpus',
  },
  settings: {
    preferences: 'data-testid settings-preferences',
    wallet: 'data-testid settings-wallet',
    walletAddress: 'data-testid settings-wallet-address',
    password: 'data-testid settings-password',
    sessions: 'data-testid settings-sessions',
    notifications: 'data-testid settings-notifications',
    channelList: 'data-testid settings-channel-list',
    channelSecret: 'data-testid settings-channel-secret',
    notificationRules: 'data-testid settings-notification-rules',
    recentAlerts: 'data-testid settings-recent-alerts',
    security: 'data-testid settings-security',
    twoFactor: 'data-testid settings-two-factor',
    totpSecret: 'data-testid settings-totp-secret',
    recoveryCodes: 'data-testid settings-recovery-codes',
    emailChange: 'data-testid settings-email-change',
    passkeys: 'data-testid settings-passkeys',
    apiTokens: 'data-testid settings-api-tokens',
    createdToken: 'data-testid settings-created-token',
    securityLog: 'data-testid settings-security-log',
  },
};
