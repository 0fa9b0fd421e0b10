import { serviceRule } from '../rule.js';
import { list } from '../model.js';
import { sourceText } from '../source.js';
import { valueLoc } from '../../yaml/located.js';

export default serviceRule(
  {
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
    messages: { quoted: 'volume {{volume}} of service "{{service}}" is quoted' },
  },
  (svc, _name, report, ctx) =>
    list(svc.volumes).forEach((_, i) => {
      const volume = sourceText(ctx.files, valueLoc(svc.volumes, i))?.trim();
      if (volume && /^(["']).*\1$/.test(volume))
        report({ path: ['volumes', i], messageId: 'quoted', data: { volume } });
    }),
);
