import React, { useEffect, useRef, type ReactNode } from 'react';
import { Alert } from '@grafana/ui';

interface Props {
  title: string;
  children?: ReactNode;
  onRemove: () => void;
}

/**
 * A success message that takes the focus when it appears, so that a screen reader reads it and
 * the submit button (whose focus style is low-contrast) lets go of the focus.
 */
export function SuccessNotice({ title, children, onRemove }: Props) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => ref.current?.focus(), []);
  return (
    <div ref={ref} tabIndex={-1}>
      <Alert severity="success" title={title} onRemove={onRemove}>
        {children}
      </Alert>
    </div>
  );
}
