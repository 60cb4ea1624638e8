import React from 'react';
import { PluginPage } from '@grafana/runtime';

export default function SettingsPage() {
  return <PluginPage>Settings</PluginPage>;
}
