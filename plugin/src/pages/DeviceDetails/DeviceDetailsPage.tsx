import React from 'react';
import { PluginPage } from '@grafana/runtime';

export default function DeviceDetailsPage() {
  return <PluginPage>DeviceDetails</PluginPage>;
}
