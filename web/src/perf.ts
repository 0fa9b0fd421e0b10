/**
 * Performance marks, read by bench/page.ts: `cr:ask` when an analysis starts, `cr:answer` when its
 * last answer is in (`cr:service` between them),
 * `cr:render` from it to the first view drawn with that answer (measured after the browser painted:
 * Preact runs effects after the next frame), and `cr:view:<name>` for each render of a view.
 */
import { useEffect, useRef } from 'preact/hooks';

let answerPending = false;

export function markAsk(): void {
  performance.clearMarks('cr:ask');
  performance.mark('cr:ask');
}

export function markAnswer(): void {
  performance.clearMarks('cr:answer');
  performance.mark('cr:answer');
  performance.measure('cr:service', 'cr:ask', 'cr:answer');
  answerPending = true;
}

/** Measures the render of `view` each time `key` (the data it shows) changes. */
export function useRenderMark(view: string, key: unknown): void {
  const start = useRef(0);
  const drawn = useRef<unknown>(undefined);
  if (drawn.current !== key) start.current = performance.now();
  useEffect(() => {
    drawn.current = key;
    performance.measure(`cr:view:${view}`, { start: start.current, end: performance.now() });
    if (answerPending) {
      answerPending = false;
      performance.measure('cr:render', 'cr:answer');
    }
  }, [key]);
}
