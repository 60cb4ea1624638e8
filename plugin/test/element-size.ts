import { vi } from 'vitest';

/**
 * Gives every element a 120 px box. Grafana's Combobox lists its options in a virtual list
 * that renders none in jsdom's zero-sized boxes; a test that opens one calls this. Not in the
 * setup for every test: with a width, the device page's charts would start drawing on a canvas
 * jsdom does not have.
 */
export function giveElementsABox(): void {
  vi.spyOn(Element.prototype, 'getBoundingClientRect').mockImplementation(() =>
    DOMRect.fromRect({ x: 0, y: 0, width: 120, height: 120 }),
  );
  for (const property of ['clientWidth', 'clientHeight', 'offsetWidth', 'offsetHeight'] as const) {
    vi.spyOn(HTMLElement.prototype, property, 'get').mockReturnValue(120);
  }
}
