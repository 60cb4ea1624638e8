import React, { type ReactNode } from 'react';
import { TextLink } from '@grafana/ui';
import { prefixRoute, ROUTES } from '../../constants';

/** To the app: its pages when a session is open, the sign-in form otherwise. */
export function SignInLink({ children }: { children: ReactNode }) {
  return (
    <TextLink href={prefixRoute(ROUTES.Home)} inline={false}>
      {children}
    </TextLink>
  );
}
