/**
 * The escaping of every bundle string for the format it goes into lives in src/escape.ts, below
 * both the formatters and the secret masking (which masks each value in every format's encoding).
 */
export * from '../escape.js';
export * from '../escape-runner.js';
