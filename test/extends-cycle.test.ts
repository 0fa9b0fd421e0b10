/**
 * An extends cycle, in compose-go's words (loader/loader.go cycleTracker.Add 226-253): the pairs
 * tracker.Add was given, the extending service's name and `extends.file` as written or else the
 * file being loaded (loader/extends.go applyServiceExtends 63-103), the repeated one last.
 */
import t from 'tap';
import { loadProject } from '../src/load/project.js';

function cycle(files: Record<string, string>): string | undefined {
  const p = loadProject({ files }, { files: ['compose.yaml'] });
  return p.diagnostics.find((d) => d.code === 'extends-cycle')?.message;
}

t.test('the chain of extending services, as cycleTracker prints it', async (t) => {
  t.equal(
    cycle({ 'compose.yaml': 'services:\n  a:\n    extends: b\n  b:\n    extends: a\n' }),
    'Circular reference:\n  a in compose.yaml\n  extends b in compose.yaml\n  extends a in compose.yaml',
  );
  t.equal(
    cycle({ 'compose.yaml': 'services:\n  a:\n    extends: a\n' }),
    'Circular reference:\n  a in compose.yaml\n  extends a in compose.yaml',
  );
  // the file of a pair is where the base is looked up (`extends.file`), the name the extending service's
  t.equal(
    cycle({
      'compose.yaml': 'services:\n  a:\n    extends: {file: other.yaml, service: b}\n',
      'other.yaml': 'services:\n  b:\n    extends: {file: compose.yaml, service: a}\n',
    }),
    'Circular reference:\n  a in other.yaml\n  extends b in compose.yaml\n  extends a in other.yaml',
  );
});
