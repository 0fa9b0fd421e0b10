/**
 * OpenAPI 3 from the route schemas (@fastify/swagger), served at /openapi.json, with Swagger UI at
 * /docs. The documentation-only parts (request examples, the common problem answers, security) are
 * added by a transform, so the validation schemas the routes own stay untouched.
 */
import fp from 'fastify-plugin';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import { isExempt } from './plugins/auth.js';
import { packageVersion } from '../version.js';
import { isRecord } from '../records.js';

export interface OpenApiOptions {
  auth: boolean;
  authExempt: string[];
}

const EXAMPLE_BUNDLE = {
  files: {
    'compose.yaml': 'services:\n  web:\n    image: nginx:1.27\n    ports: ["8080:80"]\n    healtcheck: {}\n',
    'compose.prod.yaml': 'services:\n  web:\n    image: nginx:1.27.3\n    restart: always\n',
  },
  environments: {
    development: { files: ['compose.yaml'] },
    production: { files: ['compose.yaml', 'compose.prod.yaml'], env: { TAG: '1.4.2' } },
  },
  projectName: 'shop',
};

/** Examples per route; routes not named here get one built from their body schema. */
const EXAMPLES: Record<string, unknown> = {
  '/v1/validate': { files: { 'compose.yaml': EXAMPLE_BUNDLE.files['compose.yaml'] } },
  '/v1/config': EXAMPLE_BUNDLE,
};

/** A body for a (JSON) schema: the example bundle where it is bundle-shaped, first enum values where required. */
function exampleFor(schema: unknown): unknown {
  if (!isRecord(schema) || !isRecord(schema.properties)) return undefined;
  if (schema.properties.files) return EXAMPLE_BUNDLE;
  const required = Array.isArray(schema.required) ? schema.required : [];
  const out: Record<string, unknown> = {};
  for (const [k, s] of Object.entries(schema.properties)) {
    const v: unknown =
      exampleFor(s) ?? (required.includes(k) && isRecord(s) && Array.isArray(s.enum) ? s.enum[0] : undefined);
    if (v !== undefined) out[k] = v;
  }
  return Object.keys(out).length ? out : undefined;
}

const ARCHIVE = {
  schema: {
    type: 'string',
    format: 'binary',
    description: 'the bundle files as a tar archive (gzipped for application/gzip)',
  },
};

/** Whether an operation's JSON body is a bundle (or a base/head pair): its schema has `files`. */
function takesBundle(content: Record<string, unknown>): boolean {
  const json = content['application/json'];
  return isRecord(json) && isRecord(json.schema) && isRecord(json.schema.properties) && !!json.schema.properties.files;
}

/** Adds multipart and tar bodies to the operations whose JSON body is a bundle (or a base/head pair). */
function withUploadFormats<D extends { paths?: object }>(doc: D): D {
  for (const [path, operations] of Object.entries(doc.paths ?? {})) {
    if (!isRecord(operations)) continue;
    for (const op of Object.values(operations)) {
      const content = isRecord(op) && isRecord(op.requestBody) ? op.requestBody.content : undefined;
      if (!isRecord(content) || !takesBundle(content)) continue;
      const pair =
        path === '/v1/review'
          ? ' Or, for a change review, exactly two tar / tar.gz parts named `base` and `head` (plus the optional `bundle` part).'
          : '';
      content['multipart/form-data'] = {
        schema: {
          type: 'object',
          description: `One part per file, the field name being its bundle path; an optional \`bundle\` part holds {"environments", "projectName"} as JSON.${pair}`,
          additionalProperties: { type: 'string', format: 'binary' },
        },
      };
      content['application/gzip'] = ARCHIVE;
      content['application/x-tar'] = ARCHIVE;
    }
  }
  return doc;
}

const PROBLEMS: Record<string, string> = {
  400: 'The request is malformed (not JSON, wrong shape, a path escaping the bundle)',
  401: 'Missing or invalid bearer token',
  408: 'The body arrived slower than the minimum rate (COMPOSE_REVIEW_MIN_BODY_RATE), or not in full within the request timeout; the connection is closed',
  413: 'The body or the bundle is too large',
  415: 'Unsupported content type',
  429: 'Rate limit exceeded (see Retry-After)',
};

/**
 * The one inline <style> Swagger UI renders: the one of its topbar logo (an SVG in
 * swagger-ui-standalone-preset.js), allowed by its hash; test/access.test.ts recomputes it from the
 * served file, so an upgrade that changes it fails there rather than in a browser console.
 */
export const DOCS_STYLE_HASHES = ["'sha256-RL3ie0nH+Lzz2YNqQN83mnU0J1ot4QL7b99vMdIX99w='"];

/**
 * The CSP of /docs. Swagger UI's markup has no inline script and its styles come from its stylesheet,
 * the style property (which CSP does not restrict) and the logo's <style> above; unlike
 * @fastify/swagger-ui's default it names no outside host and does not upgrade requests to https (the
 * service may be reached over plain http).
 */
export const DOCS_CSP =
  `default-src 'none'; script-src 'self'; style-src 'self' ${DOCS_STYLE_HASHES.join(' ')}; img-src 'self' data:; ` +
  "font-src 'self' data:; connect-src 'self'; form-action 'self'; base-uri 'none'; object-src 'none'; " +
  "frame-ancestors 'none'";

export const openApiPlugin = fp<OpenApiOptions>(
  async (app, { auth, authExempt }) => {
    await app.register(swagger, {
      openapi: {
        openapi: '3.0.3',
        info: {
          title: 'compose-review',
          version: packageVersion(),
          description:
            'Validate, merge, diff and audit Docker Compose bundles. Bodies are a JSON bundle, or the same files as ' +
            '`multipart/form-data` (one part per file, named by its path, plus an optional `bundle` JSON part with ' +
            '`environments` / `projectName`) or as a tar / tar.gz archive (`application/gzip`, `application/x-tar`). ' +
            'A change review (/v1/review) also takes two archives as multipart parts named `base` and `head`. ' +
            'Every 4xx/5xx is `application/problem+json` (RFC 9457).',
        },
        components: auth ? { securitySchemes: { bearerAuth: { type: 'http', scheme: 'bearer' } } } : {},
      },
      // the upload formats of plugins/upload.ts beside JSON, for every route that takes a bundle
      transformObject: (document) => withUploadFormats('openapiObject' in document ? document.openapiObject : {}),
      // components keep their $id (`Problem`) rather than def-0
      refResolver: {
        buildLocalReference: (json, _baseUri, _fragment, i) => (typeof json.$id === 'string' ? json.$id : `def-${i}`),
      },
      transform: ({ schema, url, route }) => {
        if (!schema || schema.hide) return { schema, url };
        const out: Record<string, unknown> = { ...schema };
        const body = schema.body;
        const example = EXAMPLES[url] ?? exampleFor(body);
        if (isRecord(body) && example !== undefined) out.body = { ...body, examples: [example] };
        const guarded = !isExempt(url, authExempt);
        if (auth && guarded) out.security = [{ bearerAuth: [] }];
        const post = [route.method].flat().includes('POST');
        const codes = [
          ...(guarded ? (auth ? ['401', '429'] : ['429']) : []),
          ...(post ? ['400', '408', '413', '415'] : []),
        ];
        const response: Record<string, unknown> = isRecord(schema.response) ? { ...schema.response } : {};
        for (const code of codes)
          response[code] ??= {
            description: PROBLEMS[code],
            content: { 'application/problem+json': { schema: { $ref: 'Problem#' } } },
          };
        if (Object.keys(response).length) out.response = response;
        return { schema: out, url };
      },
    });
    // served from this service alone: no online validator badge, and a CSP allowing exactly what the
    // page loads (scripts, styles, fonts, images and the OpenAPI document from here; the data: images
    // of the stylesheet and the logo)
    await app.register(swaggerUi, { routePrefix: '/docs', validatorUrl: false, staticCSP: DOCS_CSP });
    app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());
  },
  { name: 'compose-review-openapi' },
);
