import React, { createContext, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import type { ReactNode } from 'react';
import { useApi } from './ApiContext';
import { unwrap, type Me } from './client';
import { toApiError, type ApiRequestError } from './errors';

type SessionState =
  | { status: 'loading' }
  | { status: 'signed-out'; reason?: string }
  | { status: 'signed-in'; me: Me }
  | { status: 'failed'; error: ApiRequestError };

interface SessionContextValue {
  state: SessionState;
  /** After sign-in or registration: loads the account. */
  refresh: () => Promise<void>;
  signOut: () => Promise<void>;
  /** Every failed request passes through here: a 401 means the session is gone. */
  handleError: (error: ApiRequestError) => void;
  setMe: (me: Me) => void;
}

const SessionContext = createContext<SessionContextValue | undefined>(undefined);

export function SessionProvider({ children }: { children: ReactNode }) {
  const { client } = useApi();
  const [state, setState] = useState<SessionState>({ status: 'loading' });

  const refresh = useCallback(async () => {
    try {
      const me = await unwrap(client.v1.me.$get());
      setState({ status: 'signed-in', me });
    } catch (error) {
      const apiError = toApiError(error);
      setState(
        apiError.kind === 'unauthorized'
          ? { status: 'signed-out' }
          : { status: 'failed', error: apiError },
      );
    }
  }, [client]);

  useEffect(() => {
    void refresh();
  }, [refresh]);

  const signOut = useCallback(async () => {
    await client.v1.auth.logout.$post().catch(() => undefined);
    setState({ status: 'signed-out' });
  }, [client]);

  const handleError = useCallback((error: ApiRequestError) => {
    if (error.kind !== 'unauthorized') return;
    setState((current) =>
      current.status === 'signed-in'
        ? { status: 'signed-out', reason: 'Your session has ended. Sign in again.' }
        : current,
    );
  }, []);

  const setMe = useCallback((me: Me) => setState({ status: 'signed-in', me }), []);

  const value = useMemo(
    () => ({ state, refresh, signOut, handleError, setMe }),
    [state, refresh, signOut, handleError, setMe],
  );
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionContextValue {
  const value = useContext(SessionContext);
  if (!value) throw new Error('useSession() needs a <SessionProvider> above it.');
  return value;
}

/** The signed-in account; only for components under the signed-in part of the app. */
export function useMe(): Me {
  const { state } = useSession();
  if (state.status !== 'signed-in') throw new Error('useMe() outside a signed-in session.');
  return state.me;
}
