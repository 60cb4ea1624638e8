import React from 'react';
import { PluginPage } from '@grafana/runtime';

export default function HomePage() {
  return <PluginPage>Home</PluginPage>;
}
