// ESLint with typescript-eslint's type-aware rules, on src/ (npm run lint; .ci/run runs it after the
// typecheck). Formatting and line length are Prettier's (npm run format, width 120), so no stylistic
// rule is on here.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'schemas/**'] },
  {
    files: ['src/**/*.ts'],
    extends: [js.configs.recommended, ...tseslint.configs.recommendedTypeChecked],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      // fastify takes plugins, hooks and handlers as async functions, awaiting or not
      '@typescript-eslint/require-await': 'off',
      // the tolerant readers print whatever a bundle holds with String(), as the messages quote it
      '@typescript-eslint/no-base-to-string': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
);
