import React, { type ReactNode } from 'react';
import { Alert } from '@grafana/ui';
import { useFocusOnMount } from '../../hooks/useFocusOnMount';

interface Props {
  severity: 'success' | 'error' | 'warning';
  title: string;
  children?: ReactNode;
}

/** How a request ended, in place of the form or button that made it; it takes the focus. */
export function Outcome({ severity, title, children }: Props) {
  const ref = useFocusOnMount<HTMLDivElement>();
  return (
    <div ref={ref} tabIndex={-1}>
      <Alert severity={severity} title={title}>
        {children}
      </Alert>
    </div>
  );
}
