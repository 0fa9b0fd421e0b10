/** The page: input, then four views of one analysis (merged, diff, findings, source), a header with the verdict. */
import { useCallback, useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { analyze, defaultPair, loadDiff, type Analysis } from './analysis.js';
import { saveToken, savedToken } from './api.js';
import { fromFragment } from './bundle.js';
import { Page } from './context.js';
import { markAnswer, markAsk } from './perf.js';
import type { Bundle, Location } from './types.js';
import { DiffView } from './views/diff.js';
import { FindingsView, groupsOf } from './views/findings.js';
import { Header } from './views/header.js';
import { InputView, type Example } from './views/input.js';
import { MergedView } from './views/merged.js';
import { SourceView } from './views/source.js';

declare const __EXAMPLES__: Example[];

type Tab = 'input' | 'merged' | 'diff' | 'findings' | 'source';
const TABS: { id: Tab; label: string }[] = [
  { id: 'input', label: 'Input' },
  { id: 'merged', label: 'Merged' },
  { id: 'diff', label: 'Diff' },
  { id: 'findings', label: 'Findings' },
  { id: 'source', label: 'Source' },
];

export function App() {
  const [bundle, setBundle] = useState<Bundle>({ files: {} });
  const [token, setToken] = useState(savedToken);
  const [analysis, setAnalysis] = useState<Analysis>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const [notice, setNotice] = useState<string>();
  const [tab, setTab] = useState<Tab>('input');
  const [env, setEnv] = useState<string>();
  const [pair, setPair] = useState<{ from: string; to: string }>();
  const [sourceAt, setSourceAt] = useState<{ file: string; line: number }>();
  const [runs, setRuns] = useState(0);
  const run = useRef(0);
  /** after a new project, show the merged view once its answer is in */
  const showMerged = useRef(false);

  /**
   * `show`: a new project (files, folder, example, link), not an edit of the current one. A bundle
   * not read from the link drops the link's fragment, so a reload does not bring the old one back.
   */
  const loadBundle = useCallback((next: Bundle, message?: string, show = true, fromLink = false) => {
    if (!fromLink && /(?:^#|&)(b|example)=/.test(location.hash))
      history.replaceState(null, '', location.pathname + location.search);
    showMerged.current = show;
    setNotice(message);
    setBundle(next);
  }, []);

  const openExample = useCallback(async (example: Example, fromLink = false) => {
    setError(undefined);
    try {
      const response = await fetch(example.url, { credentials: 'omit' });
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      const { files } = (await response.json()) as { files: Record<string, string> };
      loadBundle({ files }, `Example: ${example.title}.`, true, fromLink);
    } catch (e) {
      setError(`The example could not be loaded: ${(e as Error).message}`);
    }
  }, []);

  // a link's fragment: a shared bundle (#b=...) or an example (#example=seed)
  useEffect(() => {
    const hash = location.hash.slice(1);
    const example = /(?:^|&)example=([\w-]+)/.exec(hash)?.[1];
    const found = example && __EXAMPLES__.find((e) => e.id === example);
    if (found) void openExample(found, true);
    else if (/(?:^|&)b=/.test(hash))
      fromFragment(hash).then(
        (shared) => {
          if (!shared) return;
          const note = shared.omitted.length
            ? ` Links never carry env files: add ${shared.omitted.join(', ')} if the project needs ${shared.omitted.length === 1 ? 'it' : 'them'}.`
            : '';
          loadBundle(shared.bundle, `Opened from a link.${note}`, true, true);
        },
        () => setError('The link does not hold a bundle this page can read.'),
      );
  }, []);

  // a rule link (rules.ts) from any view: its entry is in the findings view
  useEffect(() => {
    const onHash = () => {
      if (!location.hash.startsWith('#rule-')) return;
      setTab('findings');
      requestAnimationFrame(() => document.getElementById(location.hash.slice(1))?.scrollIntoView());
    };
    addEventListener('hashchange', onHash);
    return () => removeEventListener('hashchange', onHash);
  }, []);

  useEffect(() => {
    if (Object.keys(bundle.files).length === 0) {
      setAnalysis(undefined);
      return;
    }
    const id = ++run.current;
    setBusy(true);
    setError(undefined);
    markAsk();
    analyze(bundle, token, pair).then(
      (result) => {
        if (id !== run.current) return;
        setBusy(false);
        if (!('validate' in result)) {
          setAnalysis(undefined);
          setError(
            result.status === 401
              ? 'The service needs a token: enter it in the Token field above, then choose Run again.'
              : `The service answered ${result.status}: ${result.problem.detail ?? result.problem.title ?? 'no detail'}`,
          );
          return;
        }
        markAnswer();
        const names = Object.keys(result.environments);
        setEnv((current) => (current && names.includes(current) ? current : names[0]));
        setPair((current) =>
          current && names.includes(current.from) && names.includes(current.to)
            ? current
            : defaultPair(result.environments),
        );
        setAnalysis(result);
        if (showMerged.current) {
          showMerged.current = false;
          setTab('merged');
        }
      },
      (e: Error) => {
        if (id !== run.current) return;
        setBusy(false);
        setError(`The service could not be reached: ${e.message}`);
      },
    );
  }, [bundle, runs]);

  const choosePair = useCallback(
    async (next: { from: string; to: string }) => {
      setPair(next);
      if (!analysis) return;
      const diff = await loadDiff(analysis.bundle, next.from, next.to, token);
      setAnalysis((a) => (a && a.bundle === analysis.bundle ? { ...a, diff } : a));
    },
    [analysis, token],
  );

  const openSource = useCallback((at: Pick<Location, 'file' | 'line'>) => {
    setSourceAt({ file: at.file, line: at.line });
    setTab('source');
  }, []);
  const context = useMemo(() => ({ openSource, files: bundle.files }), [openSource, bundle.files]);
  const groups = useMemo(() => (analysis ? groupsOf(analysis) : []), [analysis]);

  const tabs = useRef<HTMLDivElement>(null);
  const onTabKey = (e: KeyboardEvent) => {
    const enabled = TABS.filter((t) => t.id === 'input' || analysis);
    const at = enabled.findIndex((t) => t.id === tab);
    const step = e.key === 'ArrowRight' ? 1 : e.key === 'ArrowLeft' ? -1 : 0;
    if (!step) return;
    e.preventDefault();
    const next = enabled[(at + step + enabled.length) % enabled.length];
    setTab(next.id);
    tabs.current?.querySelector<HTMLElement>(`#tab-${next.id}`)?.focus();
  };

  return (
    <Page.Provider value={context}>
      <Header
        analysis={analysis}
        token={token}
        onToken={(t) => {
          setToken(t);
          saveToken(t);
        }}
      />
      <main>
        <div class="tabbar">
          <div class="tabs" role="tablist" aria-label="Views" ref={tabs} onKeyDown={onTabKey}>
            {TABS.map((t) => {
              const disabled = t.id !== 'input' && !analysis;
              return (
                <button
                  type="button"
                  role="tab"
                  id={`tab-${t.id}`}
                  aria-selected={tab === t.id}
                  aria-controls="view"
                  tabIndex={tab === t.id ? 0 : -1}
                  disabled={disabled}
                  onClick={() => setTab(t.id)}
                >
                  {t.label}
                  {t.id === 'findings' && analysis ? <span class="count"> {groups.length}</span> : null}
                </button>
              );
            })}
          </div>
          <span class="status" role="status" aria-live="polite">
            {busy ? 'Asking the service…' : ''}
          </span>
          {analysis && !busy ? (
            <button type="button" class="link" onClick={() => setRuns((n) => n + 1)}>
              Run again
            </button>
          ) : null}
        </div>
        {error ? (
          <p class="alert" role="alert">
            {error}{' '}
            {!busy && Object.keys(bundle.files).length ? (
              <button type="button" class="link" onClick={() => setRuns((n) => n + 1)}>
                Run again
              </button>
            ) : null}
          </p>
        ) : null}
        {notice && tab === 'input' ? <p class="notice">{notice}</p> : null}
        <section id="view" role="tabpanel" aria-labelledby={`tab-${tab}`} class={`view view-${tab}`}>
          {tab === 'input' || !analysis ? (
            <InputView
              bundle={bundle}
              analysis={analysis}
              examples={__EXAMPLES__}
              token={token}
              onBundle={loadBundle}
              onExample={openExample}
            />
          ) : tab === 'merged' ? (
            <MergedView analysis={analysis} env={env ?? ''} onEnv={setEnv} />
          ) : tab === 'diff' ? (
            <DiffView analysis={analysis} pair={pair} onPair={choosePair} />
          ) : tab === 'findings' ? (
            <FindingsView analysis={analysis} groups={groups} />
          ) : (
            <SourceView analysis={analysis} groups={groups} at={sourceAt} onAt={setSourceAt} />
          )}
        </section>
      </main>
    </Page.Provider>
  );
}
