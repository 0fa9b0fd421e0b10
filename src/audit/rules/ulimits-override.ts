import type { Rule } from '../types.js';
import { services, obj, str } from '../model.js';

/** Above Docker's usual default hard limit for open files. */
const NOFILE_MAX = 1048576;

function unbounded(name: string, v: unknown): boolean {
  const s = str(v)?.trim().toLowerCase();
  if (s === undefined) return false;
  if (s === '-1' || s === 'unlimited' || s === 'infinity') return true;
  return name === 'nofile' && Number(s) > NOFILE_MAX;
}

const rule: Rule = {
  meta: {
    id: 'ulimits-override',
    title: 'Unbounded ulimit',
    severity: 'info',
    category: 'resources',
    environments: 'all',
    references: { cis: '5.18' },
    description: '`ulimits` lifts a limit to unlimited (-1) or `nofile` above the usual default hard limit (1048576).',
    fix: 'keep the defaults unless the service documents the need (e.g. `memlock` for Elasticsearch)',
  },
  check({ model }, report) {
    for (const [name, svc] of services(model)) {
      const u = obj(svc.ulimits);
      if (!u) continue;
      for (const k of Object.keys(u)) {
        const v = u[k];
        const o = obj(v);
        const bad = o ? ['soft', 'hard'].some((x) => unbounded(k, o[x])) : unbounded(k, v);
        if (bad)
          report({
            path: ['services', name, 'ulimits', k],
            message: `service "${name}" raises ulimit ${k} to ${o ? `${str(o.soft)}/${str(o.hard)}` : str(v)}`,
          });
      }
    }
  },
};
export default rule;
