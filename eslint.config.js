// Lint rules, including the process boundaries of CONVENTIONS.md: they fail the build when the
// engine imports electron or React, or the renderer imports Node or the engine.
import js from '@eslint/js'
import reactHooks from 'eslint-plugin-react-hooks'
import globals from 'globals'
import tseslint from 'typescript-eslint'

const nodeBuiltins = ['node:*', 'fs', 'fs/*', 'path', 'os', 'child_process', 'worker_threads', 'zlib', 'crypto', 'http', 'net', 'stream', 'url']

/** `no-restricted-imports` with the given forbidden patterns and the reason shown on failure. */
const forbid = (...groups) => ({
  'no-restricted-imports': ['error', { patterns: groups.map(([group, message]) => ({ group, message })) }],
})

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', 'test-results/**', 'playwright-report/**', 'resources/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/ban-ts-comment': 'error',
      'no-restricted-properties': ['error', { object: 'Math', property: 'random', message: 'Inject the seeded generator (src/engine/util/random.ts).' }],
    },
  },
  {
    files: ['src/cli/**'],
    rules: forbid(
      [['electron', 'electron/*'], 'The CLI runs in plain Node: never import electron.'],
      [['react', 'react-dom', 'react/*', 'ag-grid-*', '**/renderer/**', '**/main/**', '**/preload/**'], 'The CLI drives the engine, never the UI.'],
      [['better-sqlite3'], 'Only src/engine/store imports better-sqlite3.'],
    ),
  },
  {
    files: ['src/engine/**'],
    rules: forbid(
      [['electron', 'electron/*'], 'The engine runs in plain Node: never import electron.'],
      [['react', 'react-dom', 'react/*', 'ag-grid-*'], 'The engine has no UI.'],
      [['**/renderer/**', '**/main/**', '**/preload/**', '**/cli/**'], 'The engine depends on src/shared only.'],
      [['better-sqlite3'], 'Only src/engine/store imports better-sqlite3.'],
    ),
  },
  {
    files: ['src/engine/store/**'],
    rules: forbid(
      [['electron', 'electron/*'], 'The engine runs in plain Node: never import electron.'],
      [['react', 'react-dom', 'react/*', 'ag-grid-*'], 'The engine has no UI.'],
      [['**/renderer/**', '**/main/**', '**/preload/**', '**/cli/**'], 'The engine depends on src/shared only.'],
    ),
  },
  {
    files: ['src/shared/**'],
    rules: forbid(
      [nodeBuiltins, 'src/shared runs in every process, the renderer included: no Node modules.'],
      [['electron', 'react', 'better-sqlite3', '**/engine/**', '**/renderer/**', '**/main/**'], 'src/shared depends on nothing of ours.'],
    ),
  },
  {
    files: ['src/renderer/**'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      ...forbid(
        [nodeBuiltins, 'The renderer is sandboxed: no Node modules.'],
        [['electron', 'better-sqlite3', 'chokidar', '**/engine/**', '**/main/**', '**/cli/**'], 'The renderer talks to the engine only through the VigilClient of src/shared/api.ts.'],
      ),
      'no-restricted-syntax': [
        'error',
        { selector: "JSXAttribute[name.name='dangerouslySetInnerHTML']", message: 'Log text is attacker-controlled: render it as text.' },
        { selector: "MemberExpression[property.name='innerHTML']", message: 'Log text is attacker-controlled: render it as text.' },
      ],
    },
  },
  {
    files: ['src/main/**', 'src/preload/**'],
    rules: forbid([['react', 'react-dom', '**/renderer/**'], 'Main and preload never import the renderer.']),
  },
)
