import type { Rule } from '../types.js';
import { services, obj, str, serviceFix } from '../model.js';

const ROTATION = { 'max-size': '10m', 'max-file': '3' };

const rule: Rule = {
  meta: {
    id: 'log-rotation-missing',
    title: 'No log rotation',
    severity: 'warning',
    category: 'logging',
    environments: 'production',
    references: { cwe: 'CWE-400' },
    description:
      'No `logging`, or the `json-file` driver without `options.max-size`: container logs grow until the disk is full (unless the daemon sets log-opts). The `local` driver rotates by default and is not flagged.',
    fix: '`logging: {driver: json-file, options: {max-size: 10m, max-file: "3"}}`',
  },
  check({ model }, report) {
    for (const [name, svc] of services(model)) {
      const logging = obj(svc.logging);
      const driver = str(logging?.driver)?.trim() || 'json-file';
      if (logging && (driver !== 'json-file' || str(obj(logging.options)?.['max-size'])?.trim())) continue;
      report({
        path: ['services', name, 'logging', ...(logging ? ['options'] : [])],
        message: logging
          ? `service "${name}" logs with json-file without max-size`
          : `service "${name}" has no logging configuration: json-file logs grow unbounded unless the daemon rotates them`,
        fix: serviceFix(name, 'rotate the json-file logs', {
          logging: { driver: 'json-file', options: { ...ROTATION } },
        }),
      });
    }
  },
};
export default rule;
