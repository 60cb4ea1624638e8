import React, { useId, useMemo } from 'react';
import { PluginPage } from '@grafana/runtime';
import { Text, useStyles2 } from '@grafana/ui';
import { unwrap } from '../../api/client';
import { useRequest } from '../../api/hooks';
import { modelSuggestions } from './estimate-form';
import { EstimateForm } from './EstimateForm';
import { MeasuredProfit } from './MeasuredProfit';
import { getStyles } from './styles';

/** What the devices earn after power, measured; and what other GPUs would, estimated. */
export default function ProfitabilityPage() {
  const styles = useStyles2(getStyles);
  const headingId = useId();
  const devices = useRequest(
    (client, signal) => unwrap(client.v1.devices.$get(undefined, { init: { signal } })),
    [],
  );
  const suggestions = useMemo(() => modelSuggestions(devices.data?.devices ?? []), [devices.data]);
  return (
    <PluginPage>
      <MeasuredProfit devices={devices} />
      <section aria-labelledby={headingId} className={styles.section}>
        <div className={styles.header}>
          <div>
            <Text element="h2" variant="h4" id={headingId}>
              Estimate
            </Text>
            <div className={styles.description}>
              <Text variant="bodySmall" color="secondary">
                What GPUs would earn after power, from the rate card&apos;s indicative rental
                prices. In USD.
              </Text>
            </div>
          </div>
        </div>
        <EstimateForm suggestions={suggestions} />
      </section>
    </PluginPage>
  );
}
