// ESLint with typescript-eslint's type-aware rules over every TypeScript file: `npm run lint`, zero warnings.
import js from '@eslint/js';
import { defineConfig } from 'eslint/config';
import tseslint from 'typescript-eslint';

export default defineConfig(
  { ignores: ['node_modules/', 'dist/', 'docs/api/', 'docs/playground/build/', 'results/', '.spec-out/', 'coverage/'] },
  js.configs.recommended,
  tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      // Shapes and lists print as `2,3` in messages on purpose; everything else in a template must be a string or number.
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true, allowBoolean: true, allowNullish: true, allowArray: true }],
      // `import { type A }` still loads its module at run time (verbatimModuleSyntax); type-only imports say `import type`,
      // so scripts/import-graph.ts sees the same edges the runtime does.
      '@typescript-eslint/no-import-type-side-effects': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      // Seeded randomness only: every random draw takes an Rng.
      'no-restricted-properties': ['error', { object: 'Math', property: 'random', message: 'Use a seeded Rng (lib/random.ts).' }],
    },
  },
  {
    // The runner's configs, results and rows are discriminated unions: a cast there would hide a wrong field.
    files: ['bench/runner/**/*.ts'],
    rules: { '@typescript-eslint/consistent-type-assertions': ['error', { assertionStyle: 'never' }] },
  },
  { files: ['eslint.config.js'], ...tseslint.configs.disableTypeChecked },
);
