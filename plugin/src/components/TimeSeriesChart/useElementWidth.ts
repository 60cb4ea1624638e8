import { useCallback, useState } from 'react';

/**
 * The content width of an element, kept current with a ResizeObserver: uPlot draws on a canvas
 * of a fixed size, so a chart has to be told its width.
 */
export function useElementWidth(): [
  (element: HTMLElement | null) => (() => void) | undefined,
  number,
] {
  const [width, setWidth] = useState(0);
  const ref = useCallback((element: HTMLElement | null) => {
    if (!element) return undefined;
    setWidth(Math.floor(element.getBoundingClientRect().width));
    const observer = new ResizeObserver((entries) => {
      const entry = entries[0];
      if (entry) setWidth(Math.floor(entry.contentRect.width));
    });
    observer.observe(element);
    return () => observer.disconnect();
  }, []);
  return [ref, width];
}
