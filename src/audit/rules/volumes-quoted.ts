import type { Rule } from '../types.js';
import { services, list, sourceText } from '../model.js';
import { valueLoc } from '../../yaml/located.js';

const rule: Rule = {
  meta: {
    id: 'volumes-quoted',
    title: 'Quoted volume',
    severity: 'info',
    category: 'style',
    environments: 'all',
    defaultOff: true,
    references: { dclint: 'no-quotes-in-volumes' },
    description:
      "A short-syntax volume written in quotes (dclint's convention: volumes unquoted). Read from the raw file text.",
    fix: 'remove the quotes',
  },
  check(ctx, report) {
    for (const [name, svc] of services(ctx.model))
      list(svc.volumes).forEach((_, i) => {
        const raw = sourceText(ctx.files, valueLoc(svc.volumes, i))?.trim();
        if (raw && /^(["']).*\1$/.test(raw))
          report({ path: ['services', name, 'volumes', i], message: `volume ${raw} of service "${name}" is quoted` });
      });
  },
};
export default rule;
