import React from 'react';
import { PluginPage } from '@grafana/runtime';

export default function EarningsPage() {
  return <PluginPage>Earnings</PluginPage>;
}
