import { useEffect, useRef } from 'react';

/**
 * A ref for an element (with `tabIndex={-1}`) that takes the focus when it appears: content
 * that replaces the button the focus was on, so that keyboard and screen-reader users land in
 * it rather than at the top of the page.
 */
export function useFocusOnMount<T extends HTMLElement>() {
  const ref = useRef<T>(null);
  useEffect(() => ref.current?.focus(), []);
  return ref;
}
