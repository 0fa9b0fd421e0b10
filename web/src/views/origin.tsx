/**
 * A value with its origin: hover or focus shows the file and line that set it (and the values it
 * overrode, where known), a click opens that file at that line. Secret values are masked until the
 * user reveals them; a reveal shows only what the page already holds (the user's own files and the
 * answers to them), it never asks the service for an unmasked answer.
 */
import { useContext, useId, useState } from 'preact/hooks';
import type { Earlier } from '../analysis.js';
import { MASK } from '../analysis.js';
import { Page } from '../context.js';
import { heldValueText, inlineText, place } from '../format.js';
import type { Location } from '../types.js';

export function Origin({
  text,
  location,
  earlier,
  secret,
  block,
  reveal,
}: {
  text: string;
  location?: Location;
  earlier?: Earlier[];
  /** masked until revealed */
  secret?: boolean;
  /** a multi-line value */
  block?: boolean;
  /** what a reveal shows, when the page holds better than the source text (the merged value) */
  reveal?: string;
}) {
  const { openSource, files } = useContext(Page);
  const id = useId();
  const [revealed, setRevealed] = useState(false);
  // what a reveal may show: the value as the page holds it, else the text of the user's own file there
  const held = text.includes(MASK) ? (reveal ?? (location && heldValueText(files, location))) : text;
  const masked = (secret || text.includes(MASK)) && !revealed;
  const shown = masked ? MASK : (held ?? text);
  const cls = `val${block ? ' block' : ''}${masked ? ' masked' : ''}`;
  return (
    <span class="leaf">
      {location ? (
        <button
          type="button"
          class={cls}
          aria-describedby={id}
          data-origin={place(location)}
          onClick={() => openSource(location)}
        >
          {shown}
          {masked ? <span class="sr-only"> (secret, masked)</span> : null}
        </button>
      ) : (
        <span class={cls}>{shown}</span>
      )}
      {(secret || text.includes(MASK)) && held !== undefined ? (
        <button
          type="button"
          class="small reveal"
          aria-pressed={revealed}
          onClick={() => setRevealed(!revealed)}
          title={revealed ? 'Mask the value again' : 'Show the value from your own files'}
        >
          {revealed ? 'Hide' : 'Reveal'}
        </button>
      ) : null}
      {location ? (
        <span role="tooltip" id={id} class="tip">
          set by <strong>{place(location)}</strong>
          {earlier?.map((e) => (
            <span class="overrode">
              overrides <code>{secret ? MASK : inlineText(e.value)}</code> from {place(e.location)}
            </span>
          ))}
        </span>
      ) : null}
    </span>
  );
}
