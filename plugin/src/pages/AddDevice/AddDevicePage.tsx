import React from 'react';
import { PluginPage } from '@grafana/runtime';

export default function AddDevicePage() {
  return <PluginPage>AddDevice</PluginPage>;
}
