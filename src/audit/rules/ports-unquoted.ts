import type { Rule } from '../types.js';
import { services, list, sourceText } from '../model.js';
import { valueLoc } from '../../yaml/located.js';

const rule: Rule = {
  meta: {
    id: 'ports-unquoted',
    title: 'Unquoted port mapping',
    severity: 'info',
    category: 'style',
    environments: 'all',
    defaultOff: true,
    references: { dclint: 'require-quotes-in-ports' },
    description:
      'A short-syntax `HOST:CONTAINER` port written without quotes: YAML 1.1 parsers read `22:22` as the base-60 number 1342. Read from the raw file text.',
    fix: 'quote it: `"22:22"`',
  },
  check(ctx, report) {
    for (const [name, svc] of services(ctx.model))
      list(svc.ports).forEach((_, i) => {
        const raw = sourceText(ctx.files, valueLoc(svc.ports, i))?.trim();
        if (raw && /^[\d.:[\]a-fA-F-]*:[\d-]+(\/\w+)?$/.test(raw))
          report({ path: ['services', name, 'ports', i], message: `port ${raw} of service "${name}" is not quoted` });
      });
  },
};
export default rule;
