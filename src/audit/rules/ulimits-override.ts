import { serviceRule } from '../rule.js';
import { obj, str } from '../model.js';

/** Above Docker's usual default hard limit for open files. */
const NOFILE_MAX = 1048576;

function unbounded(name: string, v: unknown): boolean {
  const s = str(v)?.trim().toLowerCase();
  if (s === undefined) return false;
  if (s === '-1' || s === 'unlimited' || s === 'infinity') return true;
  return name === 'nofile' && Number(s) > NOFILE_MAX;
}

export default serviceRule(
  {
    id: 'ulimits-override',
    title: 'Unbounded ulimit',
    severity: 'info',
    category: 'resources',
    environments: 'all',
    references: { cis: '5.18' },
    description: '`ulimits` lifts a limit to unlimited (-1) or `nofile` above the usual default hard limit (1048576).',
    fix: 'keep the defaults unless the service documents the need (e.g. `memlock` for Elasticsearch)',
    messages: { unbounded: 'service "{{service}}" raises ulimit {{ulimit}} to {{value}}' },
  },
  (svc, _name, report) => {
    const u = obj(svc.ulimits);
    if (!u) return;
    for (const k of Object.keys(u)) {
      const v = u[k];
      const o = obj(v);
      const bad = o ? ['soft', 'hard'].some((x) => unbounded(k, o[x])) : unbounded(k, v);
      if (bad)
        report({
          path: ['ulimits', k],
          messageId: 'unbounded',
          data: { ulimit: k, value: o ? `${str(o.soft)}/${str(o.hard)}` : String(str(v)) },
        });
    }
  },
);
