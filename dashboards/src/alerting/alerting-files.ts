import {
  ContactPointBuilder,
  NotificationPolicyBuilder,
} from '@grafana/grafana-foundation-sdk/alerting';
import { ALERT_RULES } from './rules.js';
import { thresholdRule, toProvisionedRule, type ThresholdRuleSpec } from './threshold-rule.js';

const ORG_ID = 1;
export const ALERT_FOLDER = 'IO Worker';
export const RECEIVER = 'IO Worker API';

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
 * `provisioning/alerting/contact-points.yaml`: the API's webhook. Grafana expands `${…}` from its
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
    ],
  };
}

/**
 * `provisioning/alerting/policies.yaml`: every alert to the API, one notification group per
 * device and rule (the API files each alert under its `device` label).
 */
export function policiesFile() {
  const policy = new NotificationPolicyBuilder()
    .receiver(RECEIVER)
    .groupBy(['device', 'alertname'])
    .groupWait('30s')
    .groupInterval('5m')
    .repeatInterval('4h')
    .build();
  return { apiVersion: 1, policies: [{ orgId: ORG_ID, ...policy }] };
}
