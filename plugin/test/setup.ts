import '@testing-library/jest-dom/vitest';
import { cleanup } from '@testing-library/react';
import { afterEach, vi } from 'vitest';

// jsdom lacks what @grafana/ui's layout and uPlot reach for.
window.matchMedia ??= (query: string) =>
  ({
    matches: false,
    media: query,
    onchange: null,
    addListener: () => {},
    removeListener: () => {},
    addEventListener: () => {},
    removeEventListener: () => {},
    dispatchEvent: () => false,
  }) as MediaQueryList;

globalThis.ResizeObserver ??= class {
  observe() {}
  unobserve() {}
  disconnect() {}
};

// Grafana's Combobox watches its list with an IntersectionObserver (for its scroll hints)...
globalThis.IntersectionObserver ??= class implements IntersectionObserver {
  readonly root = null;
  readonly rootMargin = '';
  readonly scrollMargin = '';
  readonly thresholds = [];
  observe() {}
  unobserve() {}
  disconnect() {}
  takeRecords() {
    return [];
  }
};

// ...and measures its options' text on a canvas, which jsdom has not: a rough width per
// character is all its layout needs. Assigned rather than spied on, so that a test restoring
// its mocks keeps it.
const textOnlyContext = {
  font: '',
  measureText: (text: string) => ({ width: text.length * 7 }),
};
HTMLCanvasElement.prototype.getContext = (() =>
  textOnlyContext) as unknown as HTMLCanvasElement['getContext'];

// The files share one worker and its modules (isolate: false in vitest.config.ts), so each test
// puts back what it replaced: a stubbed fetch or a measured box must not reach the next file.
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
});
