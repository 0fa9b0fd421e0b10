/**
 * Input: drop a folder or files, pick them, paste YAML, or open a bundled example; then the
 * environments as the service detected them, editable (files in -f order, env files, profiles, role).
 */
import type { JSX, RefObject } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import type { Analysis } from '../analysis.js';
import { call } from '../api.js';
import { fromDrop, fromFileList, isEnvFile, toFragment, type Intake } from '../bundle.js';
import { plural } from '../format.js';
import type { Bundle, EnvironmentSpec } from '../types.js';
import { copyText } from './copy.js';

export interface Example {
  id: string;
  title: string;
  description: string;
  url: string;
}

interface Props {
  bundle: Bundle;
  analysis?: Analysis;
  examples: Example[];
  token: string;
  /** `show`: a new project, to be shown merged once analysed; else an edit, the input stays */
  onBundle: (b: Bundle, notice?: string, show?: boolean) => void;
  onExample: (e: Example) => void;
}

const ROLES = ['production', 'development'];
const ENV_COLUMNS = ['Name', 'Compose files', 'Env files', 'Profiles'];
/** The header of a column of remove buttons: named for screen readers only. */
const REMOVE = <span class="sr-only">Remove</span>;

function Head({ columns }: { columns: (string | JSX.Element)[] }) {
  return (
    <thead>
      <tr>
        {columns.map((c) => (
          <th scope="col">{c}</th>
        ))}
      </tr>
    </thead>
  );
}

function kindOf(path: string, bundle: Bundle): string {
  if (path.endsWith('.compose-review.yaml') || path.endsWith('.compose-review.yml')) return 'policy';
  if (isEnvFile(path, bundle.environments)) return 'env file';
  return 'YAML';
}

function skippedNote(intake: Intake): string | undefined {
  return intake.skipped.length ? `Left out: ${intake.skipped.join(', ')}.` : undefined;
}

/** Whether the service takes `role` per environment: its OpenAPI document says so for the bundle. */
async function rolesSupported(token: string): Promise<boolean> {
  type Schema = { properties?: Record<string, Schema>; additionalProperties?: Schema };
  try {
    const doc = await call<{
      paths?: Record<string, Record<string, { requestBody?: { content?: Record<string, { schema?: Schema }> } }>>;
    }>('openapi.json', { token });
    const body = doc.paths?.['/v1/validate']?.post?.requestBody?.content?.['application/json']?.schema;
    return !!body?.properties?.environments?.additionalProperties?.properties?.role;
  } catch {
    return false;
  }
}

interface Row {
  name: string;
  files: string;
  envFiles: string;
  profiles: string;
  role: string;
}

const list = (s: string) =>
  s
    .split(',')
    .map((x) => x.trim())
    .filter(Boolean);

function EnvironmentEditor({
  bundle,
  analysis,
  token,
  onBundle,
  onDone,
}: {
  bundle: Bundle;
  analysis?: Analysis;
  token: string;
  onBundle: Props['onBundle'];
  onDone: () => void;
}) {
  const start = (): Row[] =>
    Object.entries(bundle.environments ?? analysis?.environments ?? {}).map(([name, e]) => ({
      name,
      files: e.files.join(', '),
      envFiles: (e.envFiles ?? []).join(', '),
      profiles: (e.profiles ?? []).join(', '),
      role: (bundle.environments?.[name]?.role as string | undefined) ?? '',
    }));
  const [rows, setRows] = useState<Row[]>(start);
  const [roles, setRoles] = useState(false);
  const [problem, setProblem] = useState<string>();
  useEffect(() => {
    void rolesSupported(token).then(setRoles);
  }, []);
  const set = (i: number, key: keyof Row, value: string) =>
    setRows(rows.map((r, j) => (j === i ? { ...r, [key]: value } : r)));
  const apply = (e: Event) => {
    e.preventDefault();
    const environments: Record<string, EnvironmentSpec> = {};
    for (const r of rows) {
      const name = r.name.trim();
      if (!name) return setProblem('Every environment needs a name.');
      if (Object.hasOwn(environments, name)) return setProblem(`Two environments are called ${name}.`);
      const files = list(r.files);
      const envFiles = list(r.envFiles);
      const missing = [...files, ...envFiles].filter((f) => !Object.hasOwn(bundle.files, f));
      if (!files.length) return setProblem(`${name}: name at least one Compose file.`);
      if (missing.length) return setProblem(`${name}: no file ${missing.join(', ')} in the bundle.`);
      environments[name] = {
        files,
        ...(envFiles.length ? { envFiles } : {}),
        ...(list(r.profiles).length ? { profiles: list(r.profiles) } : {}),
        ...(roles && r.role ? { role: r.role } : {}),
      };
    }
    if (!rows.length) return setProblem('Keep at least one environment, or use the detected ones.');
    setProblem(undefined);
    onBundle({ ...bundle, environments }, undefined, false);
    onDone();
  };
  return (
    <form class="env-editor" onSubmit={apply}>
      <p id="env-help" class="muted">
        Files in <code>docker compose -f</code> order (base first) and env files, separated by commas; profiles as{' '}
        <code>--profile</code>.
      </p>
      <table>
        <Head columns={[...ENV_COLUMNS, ...(roles ? ['Role'] : []), REMOVE]} />
        <tbody>
          {rows.map((r, i) => (
            <tr>
              {(['name', 'files', 'envFiles', 'profiles'] as const).map((key) => (
                <td>
                  <input
                    value={r[key]}
                    aria-label={`${key === 'envFiles' ? 'env files' : key} of environment ${i + 1}`}
                    aria-describedby="env-help"
                    onInput={(e) => set(i, key, (e.currentTarget as HTMLInputElement).value)}
                  />
                </td>
              ))}
              {roles ? (
                <td>
                  <select
                    value={r.role}
                    aria-label={`role of environment ${i + 1}`}
                    onChange={(e) => set(i, 'role', (e.currentTarget as HTMLSelectElement).value)}
                  >
                    <option value="">from the name</option>
                    {ROLES.map((x) => (
                      <option value={x}>{x}</option>
                    ))}
                  </select>
                </td>
              ) : null}
              <td>
                <button type="button" class="small" onClick={() => setRows(rows.filter((_, j) => j !== i))}>
                  Remove<span class="sr-only"> environment {r.name}</span>
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {problem ? (
        <p class="alert" role="alert">
          {problem}
        </p>
      ) : null}
      <div class="row">
        <button
          type="button"
          onClick={() => setRows([...rows, { name: '', files: '', envFiles: '', profiles: '', role: '' }])}
        >
          Add environment
        </button>
        <button type="submit" class="primary">
          Apply
        </button>
        <button type="button" onClick={onDone}>
          Cancel
        </button>
      </div>
    </form>
  );
}

/** A hidden file input, opened by a button through `inputRef`. */
function Picker({
  inputRef,
  testId,
  onFiles,
}: {
  inputRef: RefObject<HTMLInputElement | null>;
  testId: string;
  onFiles: (intake: Intake) => void;
}) {
  return (
    <input
      ref={inputRef}
      type="file"
      multiple
      hidden
      data-testid={testId}
      onChange={async (e) => {
        const input = e.currentTarget as HTMLInputElement;
        if (input.files) onFiles(await fromFileList(input.files));
        input.value = '';
      }}
    />
  );
}

export function InputView({ bundle, analysis, examples, token, onBundle, onExample }: Props) {
  const [over, setOver] = useState(false);
  const [pasteName, setPasteName] = useState('compose.yaml');
  const [pasteText, setPasteText] = useState('');
  const [editing, setEditing] = useState(false);
  const [shared, setShared] = useState<string>();
  const filesInput = useRef<HTMLInputElement>(null);
  const folderInput = useRef<HTMLInputElement>(null);
  const paths = Object.keys(bundle.files).sort();

  useEffect(() => {
    // the folder picker is not in the DOM typings
    folderInput.current?.setAttribute('webkitdirectory', '');
  }, []);

  const addFiles = (intake: Intake, replace: boolean) => {
    if (!Object.keys(intake.files).length) {
      onBundle(bundle, skippedNote(intake) ?? 'No Compose, YAML or env file was found there.', false);
      return;
    }
    onBundle(
      replace ? { files: intake.files } : { ...bundle, files: { ...bundle.files, ...intake.files } },
      skippedNote(intake),
    );
  };

  const environments = bundle.environments ?? analysis?.environments;
  return (
    <div class="input">
      <div
        class={`drop${over ? ' over' : ''}`}
        onDragOver={(e) => {
          e.preventDefault();
          setOver(true);
        }}
        onDragLeave={() => setOver(false)}
        onDrop={async (e) => {
          e.preventDefault();
          setOver(false);
          if (!e.dataTransfer) return;
          const folder = Array.from(e.dataTransfer.items).some((i) => i.webkitGetAsEntry?.()?.isDirectory);
          addFiles(await fromDrop(e.dataTransfer), folder);
        }}
      >
        <h1>Drop a Compose project here</h1>
        <p class="muted">
          A folder, or its files: Compose files, <code>.env</code> files, <code>.compose-review.yaml</code>. They are
          sent to this service for each answer and kept nowhere.
        </p>
        <div class="row">
          <button type="button" class="primary" onClick={() => folderInput.current?.click()}>
            Choose a folder
          </button>
          <button type="button" onClick={() => filesInput.current?.click()}>
            Choose files
          </button>
          <Picker inputRef={folderInput} testId="folder-input" onFiles={(list) => addFiles(list, true)} />
          <Picker inputRef={filesInput} testId="files-input" onFiles={(list) => addFiles(list, false)} />
        </div>
      </div>

      <div class="columns">
        <section aria-labelledby="examples-title">
          <h2 id="examples-title">Examples</h2>
          <ul class="examples">
            {examples.map((x) => (
              <li>
                <button type="button" class="example" data-example={x.id} onClick={() => onExample(x)}>
                  <strong>{x.title}</strong>
                  <span class="muted">{x.description}</span>
                </button>
              </li>
            ))}
          </ul>
        </section>
        <section aria-labelledby="paste-title">
          <h2 id="paste-title">Paste YAML</h2>
          <form
            class="paste"
            onSubmit={(e) => {
              e.preventDefault();
              const name = pasteName.trim();
              if (!name || !pasteText) return;
              onBundle({ ...bundle, files: { ...bundle.files, [name]: pasteText } }, `Added ${name}.`, false);
              setPasteText('');
            }}
          >
            <label for="paste-name">File name</label>
            <input id="paste-name" value={pasteName} onInput={(e) => setPasteName(e.currentTarget.value)} />
            <label for="paste-text">Content</label>
            <textarea
              id="paste-text"
              rows={7}
              spellcheck={false}
              value={pasteText}
              onInput={(e) => setPasteText(e.currentTarget.value)}
            />
            <button type="submit">Add the file</button>
          </form>
        </section>
      </div>

      {paths.length ? (
        <section aria-labelledby="files-title">
          <h2 id="files-title">Files ({paths.length})</h2>
          <table class="files">
            <Head columns={['Path', 'Kind', 'Size', REMOVE]} />
            <tbody>
              {paths.map((p) => (
                <tr>
                  <td>
                    <code>{p}</code>
                  </td>
                  <td>{kindOf(p, bundle)}</td>
                  <td>{new Blob([bundle.files[p]]).size} B</td>
                  <td>
                    <button
                      type="button"
                      class="small"
                      onClick={() => {
                        const files = { ...bundle.files };
                        delete files[p];
                        onBundle({ ...bundle, files }, undefined, false);
                      }}
                    >
                      Remove<span class="sr-only"> {p}</span>
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <div class="row">
            <label for="project-name">Project name</label>
            <input
              id="project-name"
              placeholder="from the files"
              value={bundle.projectName ?? ''}
              onChange={(e) => {
                const name = (e.currentTarget as HTMLInputElement).value.trim();
                const { projectName: _, ...rest } = bundle;
                onBundle(name ? { ...rest, projectName: name } : rest, undefined, false);
              }}
            />
            <button
              type="button"
              onClick={async () => {
                const { fragment, omitted } = await toFragment(bundle);
                if (!fragment) return setShared('Too large for a link: share the files instead.');
                const url = `${location.origin}${location.pathname}#${fragment}`;
                history.replaceState(null, '', url);
                const copied = await copyText(url);
                setShared(
                  `${copied ? 'Link copied' : 'The link is in the address bar'}${omitted.length ? `; env files left out: ${omitted.join(', ')}` : ''}.`,
                );
              }}
            >
              Copy a link to these files
            </button>
            <button type="button" onClick={() => onBundle({ files: {} }, undefined, false)}>
              Clear
            </button>
            <span role="status" class="muted">
              {shared}
            </span>
          </div>
        </section>
      ) : null}

      {environments ? (
        <section aria-labelledby="envs-title">
          <h2 id="envs-title">
            Environments{' '}
            <span class="muted">
              ({bundle.environments ? 'as you set them' : 'detected by the service'},{' '}
              {plural(Object.keys(environments).length, 'environment')})
            </span>
          </h2>
          {editing ? (
            <EnvironmentEditor
              bundle={bundle}
              analysis={analysis}
              token={token}
              onBundle={onBundle}
              onDone={() => setEditing(false)}
            />
          ) : (
            <>
              <table class="envs">
                <Head columns={[...ENV_COLUMNS, 'Role', 'Loads']} />
                <tbody>
                  {Object.entries(environments).map(([name, e]) => {
                    const summary = analysis?.environments[name];
                    return (
                      <tr>
                        <th scope="row">{name}</th>
                        <td>{e.files.join(' + ')}</td>
                        <td>
                          {(summary?.envFiles ?? e.envFiles ?? []).join(', ') || <span class="muted">default</span>}
                        </td>
                        <td>{(summary?.profiles ?? e.profiles ?? []).join(', ') || <span class="muted">none</span>}</td>
                        <td>{summary?.role ?? e.role ?? ''}</td>
                        <td>{summary ? (summary.loaded ? 'yes' : 'no') : ''}</td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
              <div class="row">
                <button type="button" onClick={() => setEditing(true)}>
                  Edit environments
                </button>
                {bundle.environments ? (
                  <button
                    type="button"
                    onClick={() => {
                      const { environments: _, ...rest } = bundle;
                      onBundle(rest, undefined, false);
                    }}
                  >
                    Use the detected ones
                  </button>
                ) : null}
              </div>
            </>
          )}
        </section>
      ) : null}
    </div>
  );
}
