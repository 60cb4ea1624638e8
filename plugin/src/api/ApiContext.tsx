import React, { createContext, useContext, useMemo, type ReactNode } from 'react';
import { createApiClient, type ApiClient } from './client';
import { LiveEvents } from './live-events';

interface ApiContextValue {
  baseUrl: string;
  client: ApiClient;
  live: LiveEvents;
}

const ApiContext = createContext<ApiContextValue | undefined>(undefined);

/** Provides the typed client and the tab's one live-event stream for an API URL. */
export function ApiProvider({ baseUrl, children }: { baseUrl: string; children: ReactNode }) {
  const value = useMemo(
    () => ({ baseUrl, client: createApiClient(baseUrl), live: new LiveEvents(baseUrl) }),
    [baseUrl],
  );
  return <ApiContext.Provider value={value}>{children}</ApiContext.Provider>;
}

export function useApi(): ApiContextValue {
  const value = useContext(ApiContext);
  if (!value) throw new Error('useApi() needs an <ApiProvider> above it.');
  return value;
}
