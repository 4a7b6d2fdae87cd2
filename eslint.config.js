import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'test-artifacts/', 'coverage/', 'data/', 'models/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  { languageOptions: { globals: { ...globals.node } } },
  { files: ['public/**/*.js', 'src/widget/**'], languageOptions: { globals: { ...globals.browser } } },
  // Migrations are written against the schema as it was then, not today's types.
  { files: ['src/store/migrations/**'], rules: { '@typescript-eslint/no-explicit-any': 'off' } },
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
  // In the application, a value that may be missing is narrowed (a check, a default, a type that says so), not asserted.
  { files: ['src/**'], rules: { '@typescript-eslint/no-non-null-assertion': 'error' } },
);
