import {
  ContactPointBuilder,
  NotificationPolicyBuilder,
} from '@grafana/grafana-foundation-sdk/alerting';
import { OPERATOR_LABEL, platformRules } from './platform-rules.js';
import { ALERT_RULES } from './rules.js';
import { thresholdRule, toProvisionedRule, type ThresholdRuleSpec } from './threshold-rule.js';

const ORG_ID = 1;
export const ALERT_FOLDER = 'IO Worker';
export const RECEIVER = 'IO Worker API';
export const OPERATORS = 'IO Worker operators';

function group(name: string, specs: readonly ThresholdRuleSpec[]) {
  return {
    orgId: ORG_ID,
    name,
    folder: ALERT_FOLDER,
    interval: '1m',
    rules: specs.map((spec) => toProvisionedRule(thresholdRule(spec))),
  };
}

/** `provisioning/alerting/rules.yaml`: Grafana-managed rules, file provisioning format. */
export function rulesFile() {
  return {
    apiVersion: 1,
    groups: [
      group('IO Worker devices', ALERT_RULES.devices),
      group('IO Worker GPUs', ALERT_RULES.gpus),
    ],
  };
}

/**
 * `provisioning/alerting/platform-rules.yaml`: the platform's own health, on Prometheus (the
 * API's and the worker's GET /metrics), for the operators rather than the fleet's owners.
 */
export function platformRulesFile() {
  return {
    apiVersion: 1,
    groups: [
      {
        orgId: ORG_ID,
        name: 'IO Worker platform',
        folder: ALERT_FOLDER,
        interval: '1m',
        rules: platformRules().map(toProvisionedRule),
      },
    ],
  };
}

/** The operators' mailbox (`OPERATOR_EMAIL`, Grafana's SMTP settings send it). */
function operatorContactPoint() {
  return {
    orgId: ORG_ID,
    name: OPERATORS,
    receivers: [
      {
        uid: 'ioworker-operators-email',
        type: 'email',
        settings: { addresses: '${OPERATOR_EMAIL}', singleEmail: true },
        disableResolveMessage: false,
      },
    ],
  };
}

/**
 * `provisioning/alerting/contact-points.yaml`: the API's webhook, and the operators' mailbox. Grafana expands `${…}` from its
 * environment in contact point settings (not in rule queries, so `$timeFilter` stays intact).
 * Grafana's server calls it, so it takes the API's address as seen from Grafana
 * (`IOWORKER_API_INTERNAL_URL`, `http://api:8080` in compose), not the browser's `IOWORKER_API_URL`.
 */
export function contactPointsFile() {
  const webhook = new ContactPointBuilder()
    .uid('ioworker-api-webhook')
    .name(RECEIVER)
    .type('webhook')
    .settings({
      url: '${IOWORKER_API_INTERNAL_URL}/v1/alerts/grafana',
      httpMethod: 'POST',
      authorization_scheme: 'Bearer',
      authorization_credentials: '${ALERTS_TOKEN}',
    })
    .disableResolveMessage(false)
    .build();
  const { uid, type, settings, disableResolveMessage } = webhook;
  return {
    apiVersion: 1,
    contactPoints: [
      {
        orgId: ORG_ID,
        name: RECEIVER,
        receivers: [{ uid, type, settings: settings as unknown, disableResolveMessage }],
      },
      operatorContactPoint(),
    ],
  };
}

/**
 * `provisioning/alerting/policies.yaml`: every alert to the API, one notification group per
 * device and rule (the API files each alert under its `device` label); the platform's own
 * alerts (no device: the API would drop them) to the operators instead.
 */
export function policiesFile() {
  const [label, value] = Object.entries(OPERATOR_LABEL)[0] ?? [];
  const operators = new NotificationPolicyBuilder()
    .receiver(OPERATORS)
    .objectMatchers([[label ?? '', '=', value ?? '']])
    .groupBy(['alertname'])
    .repeatInterval('1h');
  const policy = new NotificationPolicyBuilder()
    .receiver(RECEIVER)
    .groupBy(['device', 'alertname'])
    .groupWait('30s')
    .groupInterval('5m')
    .repeatInterval('4h')
    .routes([operators])
    .build();
  return { apiVersion: 1, policies: [{ orgId: ORG_ID, ...policy }] };
}
