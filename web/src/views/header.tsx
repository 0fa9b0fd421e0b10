/** The page's header: the verdict and counts of the review, and the token field. */
import { useState } from 'preact/hooks';
import type { Analysis } from '../analysis.js';
import type { Counts } from '../types.js';

export function CountChips({ counts }: { counts: Counts }) {
  return (
    <span class="counts">
      <span class="chip sev-error">{counts.error} errors</span>
      <span class="chip sev-warning">{counts.warning} warnings</span>
      <span class="chip sev-info">{counts.info} info</span>
      {counts.suppressed ? <span class="chip">{counts.suppressed} suppressed</span> : null}
    </span>
  );
}

export function Header({
  analysis,
  token,
  onToken,
}: {
  analysis?: Analysis;
  token: string;
  onToken: (t: string) => void;
}) {
  const [shown, setShown] = useState(false);
  const review = analysis?.review;
  const field = {
    id: 'token',
    autocomplete: 'off',
    spellcheck: false,
    value: token,
    placeholder: 'only if the service asks',
    'aria-describedby': 'token-note',
    onInput: (e: Event) => onToken((e.currentTarget as HTMLInputElement).value.trim()),
  };
  return (
    <header class="top">
      <p class="brand">
        <strong>compose-review</strong> <span class="muted">merge preview</span>
      </p>
      <div class="verdict" aria-live="polite">
        {review?.ok ? (
          <>
            <span class={`badge verdict-${review.value.verdict.status}`}>
              {review.value.verdict.status === 'pass' ? 'Pass' : 'Fail'}
            </span>
            <span class="reason">{review.value.verdict.reason}</span>
            <CountChips counts={review.value.counts} />
          </>
        ) : review && !review.ok ? (
          <span class="muted">No verdict: {review.problem.detail ?? `HTTP ${review.status}`}</span>
        ) : null}
      </div>
      <div class="token">
        <label for="token">Token</label>
        {/* two elements: the typings tie `type` to the attributes each input type allows */}
        {shown ? <input type="text" {...field} /> : <input type="password" {...field} />}
        <button type="button" class="small" aria-pressed={shown} onClick={() => setShown(!shown)}>
          {shown ? 'Hide' : 'Show'}
        </button>
        <span id="token-note" class="sr-only">
          kept in this tab's session storage only
        </span>
      </div>
    </header>
  );
}
