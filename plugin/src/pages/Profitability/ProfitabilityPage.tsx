import React, { useMemo } from 'react';
import { PluginPage } from '@grafana/runtime';
import { unwrap } from '../../api/client';
import { useRequest } from '../../api/hooks';
import { Section } from '../../components/Section/Section';
import { modelSuggestions } from './estimate-form';
import { EstimateForm } from './EstimateForm';
import { MeasuredProfit } from './MeasuredProfit';

/** What the devices earn after power, measured; and what other GPUs would, estimated. */
export default function ProfitabilityPage() {
  const devices = useRequest(
    (client, signal) => unwrap(client.v1.devices.$get(undefined, { init: { signal } })),
    [],
  );
  const suggestions = useMemo(() => modelSuggestions(devices.data?.devices ?? []), [devices.data]);
  return (
    <PluginPage>
      <MeasuredProfit devices={devices} />
      <Section
        title="Estimate"
        description="What GPUs would earn after power, from the rate card's indicative rental prices. In USD."
      >
        <EstimateForm suggestions={suggestions} />
      </Section>
    </PluginPage>
  );
}
