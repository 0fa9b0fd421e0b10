import { serviceRule } from '../rule.js';
import { obj, str, serviceFix } from '../model.js';
import { ownFragment, ownText } from '../vocabulary.js';

const ROTATION = { 'max-size': '10m', 'max-file': '3' };
/** shared by every finding: serviceFix copies it when a patch is read */
const FRAGMENT = ownFragment({ logging: { driver: 'json-file', options: ROTATION } });

export default serviceRule(
  {
    id: 'log-rotation-missing',
    title: 'No log rotation',
    severity: 'warning',
    category: 'logging',
    environments: 'production',
    wholeProject: true,
    scope: 'project',
    summary: 'rotate their logs',
    references: { cwe: 'CWE-400' },
    description:
      'No `logging`, or the `json-file` driver without `options.max-size`: container logs grow until the disk is full (unless the daemon sets log-opts). The `local` driver rotates by default and is not flagged.',
    fix: '`logging: {driver: json-file, options: {max-size: 10m, max-file: "3"}}`',
    messages: {
      noLogging:
        'service "{{service}}" has no logging configuration: json-file logs grow unbounded unless the daemon rotates them',
      noMaxSize: 'service "{{service}}" logs with json-file without max-size',
    },
  },
  (svc, name, report) => {
    const logging = obj(svc.logging);
    const driver = str(logging?.driver)?.trim() || 'json-file';
    if (logging && (driver !== 'json-file' || str(obj(logging.options)?.['max-size'])?.trim())) return;
    report({
      path: logging ? ['logging', 'options'] : ['logging'],
      messageId: logging ? 'noMaxSize' : 'noLogging',
      fix: serviceFix(name, ownText('rotate the json-file logs'), FRAGMENT),
    });
  },
);
