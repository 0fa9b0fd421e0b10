/**
 * The rule pages, served by the service itself beside its API docs (/docs), at the paths the pages
 * have in the repository: `GET /docs/rules/<id>` is the page as HTML (what a browser opening a SARIF
 * `helpUri` or a link of the PR comment wants to read), `GET /docs/rules/<id>.md` the same page as
 * markdown (what docs/rules/<id>.md holds, for tools and terminals), `GET /docs/rules/` the index.
 * HTML because a browser shows `text/markdown` as plain text or downloads it.
 *
 * The markdown is generated from the code (src/rule-docs/page.ts), not read from docs/: the service
 * never reads its disk because of a request, and an image holds no docs/ folder. It is rendered with
 * markdown-it with raw HTML off (every `<`, `&` of a page is escaped; links are checked by its
 * validateLink), once per page and process, on first request: a request can only pick one of these
 * fixed pages by its exact id. Under /docs, they need no token unless COMPOSE_REVIEW_PUBLIC_DOCS=false
 * (they hold no data), still count against the rate limits, and are left out of the OpenAPI document
 * (they are documentation, not API).
 */
import { createHash } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import MarkdownIt from 'markdown-it';
import { registry, type RuleId } from '../../audit/rules/index.js';
import { isRuleId, rulePage, rulesIndex } from '../../rule-docs/page.js';
import { problem, sendProblem } from '../problem.js';

const STYLE =
  'body{font:16px/1.5 system-ui,sans-serif;margin:0;color:#1f2328;background:#fff}' +
  'main{max-width:52rem;margin:0 auto;padding:1rem 1.5rem 3rem}' +
  'code,pre{font:0.9em ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;background:#f6f8fa;border-radius:4px}' +
  'code{padding:0.1em 0.3em}pre{padding:0.8rem 1rem;overflow:auto}pre code{padding:0;background:none}' +
  'table{border-collapse:collapse}th,td{border:1px solid #d0d7de;padding:0.3rem 0.6rem;text-align:left}' +
  'a{color:#0969da}hr{border:0;border-top:1px solid #d0d7de}' +
  '@media (prefers-color-scheme:dark){body{color:#e6edf3;background:#0d1117}code,pre{background:#161b22}' +
  'th,td{border-color:#30363d}a{color:#4493f8}}';

/** The one inline style, allowed by its hash: nothing else loads or runs. */
export const RULE_PAGE_CSP = [
  "default-src 'none'",
  `style-src 'sha256-${createHash('sha256').update(STYLE).digest('base64')}'`,
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

const md = new MarkdownIt({ html: false, linkify: false, typographer: false });

interface Rendered {
  markdown: string;
  html: string;
  etag: string;
}

const rendered = new Map<string, Rendered>();

/** A page's markdown and HTML, rendered once per process. `''` is the index. */
function page(id: RuleId | ''): Rendered {
  let p = rendered.get(id);
  if (p) return p;
  // served pages link to each other as /docs/rules/<id>; the committed files as <id>.md
  const markdown = id === '' ? rulesIndex((r) => r) : rulePage(id, { indexHref: './' });
  const title = id === '' ? 'compose-review rules' : `${id}: ${registry[id].meta.title}`;
  // the first line is a note for the committed file's editors, not for readers
  const body = md.render(markdown.replace(/^<!--.*-->\n/, ''));
  const html =
    `<!doctype html>\n<html lang="en"><head><meta charset="utf-8">` +
    `<meta name="viewport" content="width=device-width, initial-scale=1">` +
    `<title>${md.utils.escapeHtml(title)} · compose-review</title><style>${STYLE}</style></head>\n` +
    `<body><main>\n${body}</main></body></html>\n`;
  const etag = `"${createHash('sha256').update(markdown).digest('base64url').slice(0, 22)}"`;
  p = { markdown, html, etag };
  rendered.set(id, p);
  return p;
}

function send(request: FastifyRequest, reply: FastifyReply, p: Rendered, format: 'html' | 'markdown') {
  reply
    .header('etag', `${p.etag.slice(0, -1)}-${format}"`)
    .header('cache-control', 'no-cache')
    .header('content-security-policy', RULE_PAGE_CSP);
  if (request.headers['if-none-match'] === reply.getHeader('etag')) return reply.code(304).send();
  return format === 'html'
    ? reply.type('text/html; charset=utf-8').send(p.html)
    : reply.type('text/markdown; charset=utf-8').send(p.markdown);
}

export default async function rulePagesRoute(app: FastifyInstance): Promise<void> {
  const schema = { hide: true };
  app.get('/docs/rules', { schema }, async (_request, reply) => reply.redirect('/docs/rules/', 301));
  app.get('/docs/rules/', { schema }, async (request, reply) => send(request, reply, page(''), 'html'));
  app.get<{ Params: { page: string } }>('/docs/rules/:page', { schema }, async (request, reply) => {
    const name = request.params.page;
    const markdown = name.endsWith('.md');
    const id = markdown ? name.slice(0, -3) : name;
    if (!isRuleId(id)) return sendProblem(reply, problem(404, `no rule ${JSON.stringify(id)}: see /docs/rules/`));
    return send(request, reply, page(id), markdown ? 'markdown' : 'html');
  });
}
