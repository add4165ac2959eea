// ESLint flat config: type-aware typescript-eslint, React hooks, and the layer rules of
// DESIGN §3 (which folder may import which), enforced by a small local rule.
import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import path from 'node:path';
import tseslint from 'typescript-eslint';

const root = path.dirname(new URL(import.meta.url).pathname);

/** Where an import specifier leads: a repo folder for relative paths, else the package name. */
function target(file, spec) {
  if (spec.startsWith('.')) {
    return {
      local: path
        .relative(root, path.resolve(path.dirname(file), spec))
        .split(path.sep)
        .join('/'),
    };
  }
  return { pkg: spec };
}

const LAYERS = [
  {
    dir: 'shared/',
    allow: (t) =>
      t.local
        ? t.local.startsWith('shared/')
        : t.pkg === 'libphonenumber-js' || t.pkg.startsWith('libphonenumber-js/'),
    why: 'shared/ imports nothing outside itself (pure types and validators)',
  },
  {
    dir: 'main/engine/',
    allow: (t) =>
      t.local
        ? t.local.startsWith('main/engine/') || t.local.startsWith('shared/')
        : t.pkg !== 'electron' &&
          (!t.pkg.startsWith('node:') || ['node:zlib', 'node:crypto'].includes(t.pkg)),
    why: 'the engine does no I/O: it imports only shared/, itself, node:zlib/node:crypto and libraries',
  },
  {
    dir: 'renderer/',
    allow: (t) =>
      t.local
        ? t.local.startsWith('renderer/') || t.local.startsWith('shared/')
        : t.pkg !== 'electron' && !t.pkg.startsWith('node:'),
    why: 'the renderer is sandboxed: no node:*, no electron, nothing from main/',
  },
  {
    dir: 'main/',
    allow: (t) => (t.local ? !t.local.startsWith('renderer/') : true),
    why: 'main/ never imports the renderer',
  },
];

const layerPlugin = {
  rules: {
    'layer-imports': {
      meta: { type: 'problem', schema: [] },
      create(context) {
        const rel = path.relative(root, context.filename).split(path.sep).join('/');
        const layer = LAYERS.find((l) => rel.startsWith(l.dir));
        const electronOk = rel.startsWith('main/app/') || rel.startsWith('e2e/');
        // Tests may use the test runner, fixtures and Node; the layer rule is about product code.
        const isTest =
          /\.test\.tsx?$/.test(rel) || rel.includes('/test-support/') || rel.includes('/testing/');
        const check = (node, spec) => {
          if (typeof spec !== 'string') return;
          const t = target(context.filename, spec);
          if (isTest && (t.pkg || t.local?.startsWith('e2e/'))) return;
          if (t.pkg === 'electron' && !electronOk) {
            context.report({ node, message: `Only main/app/ may import electron (${rel}).` });
            return;
          }
          if (layer && !layer.allow(t)) context.report({ node, message: `${spec}: ${layer.why}.` });
        };
        return {
          ImportDeclaration: (n) => check(n, n.source.value),
          ExportNamedDeclaration: (n) => n.source && check(n, n.source.value),
          ExportAllDeclaration: (n) => check(n, n.source.value),
          ImportExpression: (n) => n.source.type === 'Literal' && check(n, n.source.value),
        };
      },
    },
  },
};

export default tseslint.config(
  {
    ignores: [
      'out/**',
      'dist/**',
      'node_modules/**',
      'docs/**',
      'test-results/**',
      'playwright-report/**',
      '**/*.js',
      '**/*.mjs',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: root },
    },
    plugins: { phonehome: layerPlugin },
    rules: {
      'phonehome/layer-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-floating-promises': 'error',
      // Parsers index typed arrays and DataViews heavily; these rules add noise, not safety there.
      '@typescript-eslint/restrict-template-expressions': 'off',
      '@typescript-eslint/no-unnecessary-type-assertion': 'off',
      '@typescript-eslint/no-redundant-type-constituents': 'off',
      '@typescript-eslint/require-await': 'off',
      'no-control-regex': 'off',
    },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      // TanStack Virtual (DESIGN §7's choice) returns functions the React compiler cannot
      // memoise; it then skips those components, which is correct, so the notice is noise.
      'react-hooks/incompatible-library': 'off',
      'no-restricted-syntax': [
        'error',
        {
          selector: "JSXAttribute[name.name='dangerouslySetInnerHTML']",
          message: 'Packet data is hostile: render text only.',
        },
        {
          selector: 'MemberExpression[property.name=/^(innerHTML|outerHTML)$/]',
          message: 'Packet data is hostile: render text only.',
        },
        {
          selector: "CallExpression[callee.property.name='insertAdjacentHTML']",
          message: 'Packet data is hostile: render text only.',
        },
      ],
    },
  },
  {
    files: ['**/*.test.ts', 'e2e/**/*.ts', 'bench/**/*.ts'],
    rules: {
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
);
