/** The shape of a rule page's content (src/rule-docs/content/index.ts), and the helper that writes its YAML. */
export interface Example {
  /** bundle path → content */
  files: Readonly<Record<string, string>>;
  /** variables the command runs with (a password the good example interpolates) */
  env?: Readonly<Record<string, string>>;
}

export interface RuleDoc {
  /** why the rule matters: what goes wrong, concretely (markdown) */
  why: string;
  bad: string | Example;
  good: string | Example;
  /** the bad example's line the finding points at, trimmed (the first line of the files equal to it) */
  at: string;
  /**
   * the code of the error Compose's own checks give the bad example at that line, when Compose
   * refuses such a project before the audit can see it (the rule then fires only on models audited
   * without the loader's checks)
   */
  refusedBy?: string;
}

/** A YAML block written indented in this file: the common indentation and the first newline removed. */
export function yaml(strings: TemplateStringsArray): string {
  const lines = strings.join('').replace(/^\n/, '').split('\n');
  if (lines.at(-1)?.trim() === '') lines.pop();
  const indent = Math.min(...lines.filter((l) => l.trim()).map((l) => /^ */.exec(l)![0].length));
  return lines.map((l) => l.slice(indent)).join('\n') + '\n';
}

/** The example most pages start from: one service with a pinned image and nothing else set. */
export const BARE_API = yaml`
  services:
    api:
      image: example/api:1.4.2
`;

/** The same for a web server's pages. */
export const BARE_WEB = yaml`
  services:
    web:
      image: nginx:1.27.2
`;
