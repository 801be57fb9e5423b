// ESLint flat config (ESLint 8.57+). `npm run lint` runs it with --max-warnings 0 and
// --report-unused-disable-directives, over src/, test/, scripts/ and the workspace packages in packages/.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import js from '@eslint/js';
import tsPlugin from '@typescript-eslint/eslint-plugin';
import tsParser from '@typescript-eslint/parser';
import prettierConfig from 'eslint-config-prettier';
import sfPlugin from 'eslint-plugin-sf-plugin';
import globals from 'globals';

const root = import.meta.dirname;

/**
 * Type-aware rules (no-floating-promises) need every linted .ts file in one of these projects: the plugin, its
 * tests and scripts (test/tsconfig.json), and each workspace package's own tsconfig.json (and test/tsconfig.json).
 */
const tsProjects = [
  './tsconfig.json',
  './test/tsconfig.json',
  ...(existsSync(join(root, 'packages')) ? readdirSync(join(root, 'packages')) : [])
    .flatMap((name) => [`./packages/${name}/tsconfig.json`, `./packages/${name}/test/tsconfig.json`])
    .filter((project) => existsSync(join(root, project))),
];

const tsFiles = ['**/*.ts', '**/*.mts', '**/*.cts'];
const testFiles = ['test/**/*.ts', 'packages/*/test/**/*.ts'];

const base = [
  {
    ignores: [
      '**/node_modules/**',
      'lib/**',
      'packages/*/lib/**',
      'packages/*/dist/**',
      'coverage/**',
      '.nyc_output/**',
      '**/*.d.ts',
    ],
  },
  {
    linterOptions: { reportUnusedDisableDirectives: true },
  },
  {
    // eslint:recommended, for the .js/.mjs config files and scripts as well as the TypeScript.
    languageOptions: { ecmaVersion: 2022, sourceType: 'module', globals: { ...globals.node, ...globals.es2021 } },
    rules: { ...js.configs.recommended.rules, 'no-console': 'error' },
  },
  {
    files: tsFiles,
    languageOptions: {
      parser: tsParser,
      parserOptions: { project: tsProjects, tsconfigRootDir: root, sourceType: 'module' },
    },
    plugins: { '@typescript-eslint': tsPlugin, 'sf-plugin': sfPlugin },
    rules: {
      // plugin:@typescript-eslint/recommended: the core rules TypeScript already checks, then the plugin's own.
      ...tsPlugin.configs['eslint-recommended'].overrides[0].rules,
      ...tsPlugin.configs.recommended.rules,
      // plugin:sf-plugin/recommended (an eslintrc config: its rules, with the plugin registered above).
      ...sfPlugin.configs.recommended.rules,
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
    },
  },
  {
    files: testFiles,
    rules: {
      'no-console': 'off',
      '@typescript-eslint/no-unused-expressions': 'off',
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
];

// ---------------------------------------------------------------------------------------------------------------
// Layers (docs/ARCHITECTURE.md). Each folder of src/ may import only the layers below it; these blocks say so with
// the core no-restricted-imports rule. A block replaces the rule's options of the blocks before it, so every
// folder's block carries its whole list, the ban on commands/ included.
// false drops the blocks (while the tree is being restructured), true makes `npm run lint` fail on a violation.
const ENFORCE_LAYERS = true;

/** The folders under src/, bottom up. */
const FOLDERS = ['model', 'keys', 'metadata', 'org', 'oauth', 'jobs', 'output', 'cli', 'commands'];
const DOMAIN = ['model', 'keys', 'metadata', 'org', 'oauth', 'jobs', 'output'];

/** The runtime dependencies in package.json: a layer allowed only a few packages is denied all the others. */
const dependencies = Object.keys(JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).dependencies ?? {});

/** A src folder, imported from a file in src/ (./), in a folder (../), or below one (../../, ../../../). */
const folderGlobs = (folder) => ['./', '../', '../../', '../../../'].map((up) => `${up}${folder}/**`);

/** Package globs (gitignore syntax: a package excludes its subpaths too; `paths` below matches an index alone). */
const PACKAGES = {
  '@salesforce/sf-plugins-core': ['@salesforce/sf-plugins-core'],
  '@oclif/*': ['@oclif/*'],
  '@salesforce/source-deploy-retrieve': ['@salesforce/source-deploy-retrieve'],
  jsforce: ['jsforce', '@jsforce/*'],
  '@salesforce/core/* but sfError': ['@salesforce/core/*', '!@salesforce/core/sfError'],
};
const named = (dep) => dep === '@salesforce/core' || dep.startsWith('@oclif/') || Object.keys(PACKAGES).includes(dep);

/**
 * The no-restricted-imports options of one layer.
 * @param {string} layer how messages name it: 'model/', 'messages.ts'
 * @param {string} why what the layer is, for the messages: 'is pure'
 * @param {object} rule
 * @param {string[]} rule.folders the src folders it may not import (commands/ is always one)
 * @param {string[]} [rule.allow] the few files of those folders it may import all the same (import paths)
 * @param {Array<keyof typeof PACKAGES>} [rule.packages] the packages it may not import
 * @param {string[]} [rule.indexes] the packages whose index (the bare name) it may not import, only subpaths
 * @param {string[]} [rule.only] the packages it may import, when it is allowed only a few: every other runtime
 *   dependency in package.json is denied too
 */
const layer = (layer, why, { folders, allow = [], packages = [], indexes = [], only }) => {
  const message = (what) => `${layer} ${why}: it may not import ${what} (see docs/ARCHITECTURE.md)`;
  const others = only ? dependencies.filter((dep) => !only.includes(dep) && !named(dep)) : [];
  return [
    'error',
    {
      paths: indexes.map((name) => ({ name, message: message(`the ${name} index (import a subpath)`) })),
      patterns: [
        ...[...new Set([...folders, 'commands'])].map((folder) => ({
          group: [...folderGlobs(folder), ...allow.map((path) => `!${path}`)],
          message: message(`${folder}/`),
        })),
        ...packages.map((name) => ({ group: PACKAGES[name], message: message(name) })),
        ...others.map((dep) => ({
          group: [dep],
          message: message(`${dep} (its packages: node builtins, ${only.join(', ')})`),
        })),
      ],
    },
  ];
};

/** What the layers with no org access may not import. */
const pure = Object.keys(PACKAGES);
const layers = [
  {
    // The default for src/, and what is left for commands/: nothing imports a command.
    files: ['src/**/*.ts'],
    rules: { 'no-restricted-imports': layer('src/', 'loads no command (oclif does)', { folders: ['commands'] }) },
  },
  {
    files: ['src/messages.ts'],
    rules: {
      'no-restricted-imports': layer('messages.ts', 'is the bottom of every layer', {
        folders: FOLDERS,
        packages: pure,
        indexes: ['@salesforce/core'],
        only: ['@salesforce/core/sfError'],
      }),
    },
  },
  {
    files: ['src/model/**/*.ts'],
    rules: {
      'no-restricted-imports': layer('model/', 'is pure', {
        folders: FOLDERS.filter((folder) => folder !== 'model'),
        packages: pure,
        indexes: ['@salesforce/core'],
        only: ['@salesforce/core/sfError'],
      }),
    },
  },
  {
    files: ['src/keys/**/*.ts'],
    rules: {
      'no-restricted-imports': layer('keys/', 'makes key pairs from the model alone', {
        folders: FOLDERS.filter((folder) => !['keys', 'model'].includes(folder)),
        packages: pure,
        indexes: ['@salesforce/core'],
        only: ['@peculiar/x509', 'reflect-metadata', '@salesforce/core/sfError'],
      }),
    },
  },
  {
    files: ['src/metadata/**/*.ts'],
    rules: {
      'no-restricted-imports': layer('metadata/', 'maps the model to and from XML files', {
        folders: FOLDERS.filter((folder) => !['metadata', 'model'].includes(folder)),
        packages: pure,
        indexes: ['@salesforce/core'],
        only: ['xml2js', '@salesforce/core/sfError'],
      }),
    },
  },
  {
    files: ['src/org/**/*.ts'],
    rules: {
      'no-restricted-imports': layer('org/', 'talks to the org, below the flows', {
        folders: ['oauth', 'jobs', 'output', 'cli', 'commands'],
      }),
    },
  },
  {
    files: ['src/oauth/**/*.ts'],
    rules: {
      'no-restricted-imports': layer('oauth/', 'runs the OAuth flows on the model alone', {
        folders: ['org', 'jobs', 'output', 'cli', 'commands', 'metadata', 'keys'],
      }),
    },
  },
  {
    files: ['src/jobs/**/*.ts'],
    rules: {
      'no-restricted-imports': layer('jobs/', 'runs a command without its terminal', {
        folders: ['output', 'cli', 'commands'],
      }),
    },
  },
  {
    files: ['src/output/**/*.ts'],
    rules: {
      'no-restricted-imports': layer('output/', 'renders results, below the command plumbing', {
        folders: ['cli', 'commands'],
      }),
    },
  },
  {
    files: ['src/cli/**/*.ts'],
    rules: {
      'no-restricted-imports': layer('cli/', 'is the command plumbing, free of the domain', {
        folders: DOMAIN,
        // The exit codes the commands share (130 for Ctrl-C) are the model's; the plumbing uses them too.
        allow: ['../model/exitCodes.js'],
        indexes: ['@salesforce/core', '@salesforce/sf-plugins-core'],
      }),
    },
  },
];
// ---------------------------------------------------------------------------------------------------------------

export default [
  ...base,
  ...(ENFORCE_LAYERS ? layers : []),
  // Last: turns off the rules that would fight prettier's formatting.
  prettierConfig,
];
