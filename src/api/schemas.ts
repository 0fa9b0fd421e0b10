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
  },
} as const;

export const bundleSchema = {
  $id: 'Bundle',
  type: 'object',
  required: ['files'],
  properties: {
    files: { type: 'object', additionalProperties: { type: 'string' }, description: 'path -> file content' },
    environments: { type: 'object', additionalProperties: environmentSpecSchema },
    projectName: { type: 'string' },
  },
} as const;

export const diagnosticSchema = {
  $id: 'Diagnostic',
  type: 'object',
  required: ['code', 'severity', 'message', 'file', 'line', 'column', 'path'],
  properties: {
    code: { type: 'string' },
    severity: { type: 'string', enum: ['error', 'warning', 'info'] },
    message: { type: 'string' },
    file: { type: 'string' },
    line: { type: 'integer' },
    column: { type: 'integer' },
    endLine: { type: 'integer' },
    endColumn: { type: 'integer' },
    path: { type: 'string' },
    hint: { type: 'string' },
  },
} as const;

export const environmentSummarySchema = {
  type: 'object',
  required: ['files', 'role', 'loaded'],
  properties: {
    files: { type: 'array', items: { type: 'string' } },
    envFiles: { type: 'array', items: { type: 'string' } },
    profiles: { type: 'array', items: { type: 'string' } },
    role: { type: 'string' },
    projectName: { type: 'string' },
    loaded: { type: 'boolean' },
    services: { type: 'array', items: { type: 'string' } },
    disabledServices: { type: 'array', items: { type: 'string' } },
  },
} as const;
