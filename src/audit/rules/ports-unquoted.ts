import { serviceRule } from '../rule.js';
import { list } from '../model.js';
import { sourceText } from '../source.js';
import { valueLoc } from '../../yaml/located.js';

export default serviceRule(
  {
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
    messages: { unquoted: 'port {{port}} of service "{{service}}" is not quoted' },
  },
  (svc, _name, report, ctx) =>
    list(svc.ports).forEach((_, i) => {
      const port = sourceText(ctx.files, valueLoc(svc.ports, i))?.trim();
      if (port && /^[\d.:[\]a-fA-F-]*:[\d-]+(\/\w+)?$/.test(port))
        report({ path: ['ports', i], messageId: 'unquoted', data: { port } });
    }),
);
