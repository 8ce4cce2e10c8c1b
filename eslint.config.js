import tseslint from 'typescript-eslint';
import wharf from './eslint/layers.js';

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'bin/', '.wharf/', 'eslint.config.js', 'eslint/'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/ban-ts-comment': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['src/**/*.ts'],
    plugins: { wharf },
    rules: { 'wharf/layers': 'error' },
  },
);
