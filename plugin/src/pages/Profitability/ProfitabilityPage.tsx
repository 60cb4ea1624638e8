import React from 'react';
import { PluginPage } from '@grafana/runtime';

export default function ProfitabilityPage() {
  return <PluginPage>Profitability</PluginPage>;
}
