/**
 * JUnit XML, for CI systems that show test reports (GitLab's `artifacts:reports:junit`, Jenkins,
 * Azure DevOps, CircleCI): one testsuite per file, one testcase per finding, failed (`<failure
 * type="severity">`), or skipped when suppressed; a Compose file without findings is one passing
 * testcase, so a clean run reports its files as passed rather than no test at all. Valid against
 * the Jenkins xUnit plugin's junit-10.xsd (test/formats.test.ts), which allows no `file` attribute
 * on a testcase: the file is its classname. Every string is escaped for XML (xmlText, xmlLines).
 */
import type { ReportItem } from './findings.js';
import { compareItems, environmentsOf, groupByFile, mergeEnvironments, ruleOf } from './findings.js';
import { xmlLines, xmlText } from './escape.js';
import { addMarkupPattern, memberValues } from '../redact/markup.js';

const TOOL = 'compose-review';
const PASSED = 'no findings';
// ours in the rendered report (src/redact/markup.ts): the names of ours, a failure's type, its line's severity
memberValues(['name'], [TOOL, PASSED]);
memberValues(['type'], ['error', 'warning', 'info']);
addMarkupPattern(/:\d+:\d+: (?:error|warning|info) /);

const COMPOSE_FILE = /(^|\/)(docker-)?compose(\.[^/]*)?\.ya?ml$/;

export function formatJunit(
  list: readonly ReportItem[],
  files: Record<string, string>,
  opts: { fallbackFile?: string } = {},
): string {
  const items = mergeEnvironments(list).sort(compareItems);
  const fallback = opts.fallbackFile ?? items.find((d) => d.file)?.file ?? 'compose.yaml';
  const byFile = groupByFile(items.map((d) => (d.file ? d : { ...d, file: fallback })));
  for (const f of Object.keys(files).sort()) if (COMPOSE_FILE.test(f) && !byFile.has(f)) byFile.set(f, []);
  let suites = '';
  let tests = 0;
  let failures = 0;
  for (const [file, group] of [...byFile].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    const name = xmlText(file);
    let cases = '';
    let failed = 0;
    let skipped = 0;
    for (const d of group) {
      const envs = environmentsOf(d);
      const where = `${d.file}:${d.line}:${d.column}`;
      const title = xmlText(`${ruleOf(d)} at ${where}`);
      if (d.suppressed) {
        skipped++;
        const why = `suppressed by ${d.suppressed.by}${d.suppressed.reason ? `: ${d.suppressed.reason}` : ''}`;
        cases += `    <testcase name="${title}" classname="${name}">\n      <skipped message="${xmlText(why)}"/>\n    </testcase>\n`;
        continue;
      }
      failed++;
      const fix = d.fix?.description ?? d.hint;
      const body = [
        `${where}: ${d.severity} ${d.message} [${ruleOf(d)}]${envs.length ? ` (${envs.join(', ')})` : ''}`,
        ...(fix ? [`fix: ${fix}`] : []),
      ]
        .map((l) => l.replace(/\n/g, ' '))
        .join('\n');
      cases += `    <testcase name="${title}" classname="${name}">\n      <failure type="${d.severity}" message="${xmlText(d.message)}">${xmlLines(body)}</failure>\n    </testcase>\n`;
    }
    if (group.length === 0) cases += `    <testcase name="${PASSED}" classname="${name}"/>\n`;
    const count = Math.max(1, group.length);
    tests += count;
    failures += failed;
    suites += `  <testsuite name="${name}" tests="${count}" failures="${failed}" errors="0" skipped="${skipped}">\n${cases}  </testsuite>\n`;
  }
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="${TOOL}" tests="${tests}" failures="${failures}" errors="0">\n${suites}</testsuites>\n`;
}
