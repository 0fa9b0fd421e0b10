import { loadProject } from '../../src/load/project.js';
import { isObject } from '../../src/yaml/located.js';
import type { CorpusSet } from './corpus.js';

/** What loading a corpus set gives, in a form worth committing and reviewing. */
export function corpusOutcome(set: CorpusSet) {
  const r = loadProject(set.bundle, set.spec, { defaultProjectName: set.id.split('/').pop() });
  return {
    files: set.spec.files,
    loaded: r.model !== undefined,
    services: r.model && isObject(r.model.services) ? Object.keys(r.model.services).sort() : [],
    errors: r.diagnostics
      .filter((d) => d.severity === 'error')
      .map((d) => `${d.file}:${d.line}:${d.column} ${d.code}: ${d.message}`),
    warnings: r.diagnostics
      .filter((d) => d.severity === 'warning')
      .map((d) => `${d.file}:${d.line}:${d.column} ${d.code}`),
  };
}
