/** JSON schemas shared by the routes (request bodies and responses). */
export const environmentSpecSchema = {
  type: 'object',
  required: ['files'],
  additionalProperties: false,
  properties: {
    files: { type: 'array', items: { type: 'string' }, minItems: 1, maxItems: 64 },
    envFiles: { type: 'array', items: { type: 'string' }, maxItems: 64 },
    profiles: { type: 'array', items: { type: 'string' }, maxItems: 64 },
    env: { type: 'object', additionalProperties: { type: 'string' } },
    role: {
      type: 'string',
      enum: ['production', 'development', 'other'],
      description: 'audit role (default: the policy, else the names: production-like unless they say development)',
    },
  },
} as const;

/** Which role an environment got, and why. */
export const roleProperties = {
  role: { type: 'string' },
  roleSource: { type: 'string', enum: ['flag', 'bundle', 'policy', 'name', 'file name', 'default'] },
  roleReason: { type: 'string' },
} as const;

export const bundleSchema = {
  type: 'object',
  required: ['files'],
  // a misspelled member (`enviroments`) would be ignored and the answer cover other environments
  additionalProperties: false,
  properties: {
    files: { type: 'object', additionalProperties: { type: 'string' }, description: 'path -> file content' },
    environments: { type: 'object', additionalProperties: environmentSpecSchema },
    projectName: { type: 'string' },
  },
} as const;

/** Where a diagnostic or a group is: severity, file, line and column (range), model path. */
const placeProperties = {
  severity: { type: 'string', enum: ['error', 'warning', 'info'] },
  file: { type: 'string' },
  line: { type: 'integer' },
  column: { type: 'integer' },
  endLine: { type: 'integer' },
  endColumn: { type: 'integer' },
  path: { type: 'string' },
} as const;

export const diagnosticSchema = {
  type: 'object',
  required: ['code', 'severity', 'message', 'file', 'line', 'column', 'path'],
  properties: {
    code: { type: 'string' },
    message: { type: 'string' },
    ...placeProperties,
    hint: { type: 'string' },
    /** compose-go's own message for the same problem (what `docker compose config` prints) */
    composeMessage: { type: 'string' },
  },
} as const;

export const environmentSummarySchema = {
  type: 'object',
  required: ['files', 'role', 'loaded'],
  properties: {
    files: { type: 'array', items: { type: 'string' } },
    envFiles: { type: 'array', items: { type: 'string' } },
    profiles: { type: 'array', items: { type: 'string' } },
    ...roleProperties,
    projectName: { type: 'string' },
    loaded: { type: 'boolean' },
    services: { type: 'array', items: { type: 'string' } },
    disabledServices: { type: 'array', items: { type: 'string' } },
  },
} as const;

/** A finding: a Diagnostic of a rule, in one or several environments. */
export const findingSchema = {
  type: 'object',
  required: ['code', 'severity', 'message', 'file', 'line', 'column', 'path'],
  properties: {
    ...diagnosticSchema.properties,
    rule: { type: 'string' },
    messageId: { type: 'string' },
    environment: { type: 'string' },
    environments: { type: 'array', items: { type: 'string' } },
    fix: { type: 'object', additionalProperties: true },
    suppressed: { type: 'object', properties: { by: { type: 'string' }, reason: { type: 'string' } } },
    development: { type: 'object', additionalProperties: true },
    related: { type: 'array', items: { type: 'object', additionalProperties: true } },
    partial: { type: 'boolean', description: 'found in a file audited on its own: its environment does not load' },
  },
} as const;

export const countsSchema = {
  type: 'object',
  properties: {
    error: { type: 'integer' },
    warning: { type: 'integer' },
    info: { type: 'integer' },
    suppressed: { type: 'integer' },
  },
} as const;

export const failOnSchema = { type: 'string', enum: ['error', 'warning', 'info', 'none'], default: 'error' } as const;

/** A group of findings: one rule at one place (or over the project), the services and environments it covers. */
export const groupSchema = {
  type: 'object',
  required: ['rule', 'severity', 'file', 'line', 'column', 'message', 'scope', 'services', 'environments', 'count'],
  properties: {
    rule: { type: 'string' },
    ...placeProperties,
    message: { type: 'string' },
    scope: { type: 'string', enum: ['location', 'project'] },
    services: { type: 'array', items: { type: 'string' } },
    environments: { type: 'array', items: { type: 'string' } },
    count: { type: 'integer' },
    fix: { type: 'object', additionalProperties: true },
    related: { type: 'array', items: { type: 'object', additionalProperties: true } },
    partial: { type: 'boolean' },
  },
} as const;
