/*
 * The plugin's public contract, kept as the official Salesforce CLI plugins keep theirs:
 *   command-snapshot.json   each command's id, aliases, flag names, flag aliases and flag characters,
 *                           read from oclif.manifest.json (written by `npm run build`);
 *   schemas/<topic>-<command>.json
 *                           a JSON schema of each command's `--json` result, generated from the result type
 *                           its class declares (`extends SfCommand<Result>`) with ts-json-schema-generator.
 *
 *   npx tsx scripts/contract.ts            # compare; exit 1 with the differences
 *   npx tsx scripts/contract.ts --update   # rewrite the files after an intended change (then commit them)
 *
 * test/contract.test.ts runs the comparison under `npm test`, and checks real `--json` outputs against the schemas.
 * The logic lives here (shared by the script and the test); scripts/contract.ts is the command line above.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { createGenerator } from 'ts-json-schema-generator';
import ts from 'typescript';
import { REPO_ROOT } from './repoRoot.js';

export const ROOT = REPO_ROOT;
export const SNAPSHOT_FILE = join(ROOT, 'command-snapshot.json');
export const SCHEMA_DIR = join(ROOT, 'schemas');
export const UPDATE_COMMAND = 'npx tsx scripts/contract.ts --update';
const PLUGIN = 'plugin-eca';

export type CommandSnapshot = { alias: string[]; command: string; flagAliases: string[]; flagChars: string[]; flags: string[]; plugin: string };

type ManifestFlag = { char?: string; aliases?: string[]; charAliases?: string[] };
export type Manifest = { commands: Record<string, { aliases?: string[]; flags: Record<string, ManifestFlag> }> };

const sorted = (list: Iterable<string>): string[] => [...new Set(list)].sort();

/** The snapshot of every command of a manifest, sorted by command id (the shape of the official plugins' file). */
export function snapshotOf(manifest: Manifest): CommandSnapshot[] {
  return Object.entries(manifest.commands)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([id, command]) => {
      const flags = Object.values(command.flags);
      return {
        alias: [...(command.aliases ?? [])],
        command: id,
        flagAliases: sorted(flags.flatMap((f) => f.aliases ?? [])),
        flagChars: sorted(flags.flatMap((f) => [...(f.char ? [f.char] : []), ...(f.charAliases ?? [])])),
        flags: sorted(Object.keys(command.flags)),
        plugin: PLUGIN,
      };
    });
}

export function readManifest(root = ROOT): Manifest {
  const file = join(root, 'oclif.manifest.json');
  if (!existsSync(file)) throw new Error('oclif.manifest.json is missing: run `npm run build` first');
  return JSON.parse(readFileSync(file, 'utf8')) as Manifest;
}

/** `eca:generate` → `eca-generate.json`. */
export const schemaFileName = (commandId: string): string => `${commandId.replace(/:/g, '-')}.json`;

/** `eca:generate` → src/commands/eca/generate.ts. */
export const commandSource = (commandId: string, root = ROOT): string => join(root, 'src', 'commands', ...commandId.split(':')) + '.ts';

/** The name of a command's result type and the file that declares it. */
export type ResultType = { name: string; file: string };

/** The bases a command extends with its --json result type as the type argument. */
const COMMAND_BASES = new Set(['SfCommand', 'LeanCommand', 'OrgCommand']);

/** The result type a command class declares in `extends SfCommand<Result>` (or LeanCommand<Result>, OrgCommand<Result>), and the file that declares it. */
export function resultTypeOf(commandFile: string, program = programFor([commandFile])): ResultType {
  const source = program.getSourceFile(commandFile);
  if (!source) throw new Error(`cannot read ${commandFile}`);
  const checker = program.getTypeChecker();
  for (const statement of source.statements) {
    if (!ts.isClassDeclaration(statement)) continue;
    const isDefault = statement.modifiers?.some((m) => m.kind === ts.SyntaxKind.DefaultKeyword);
    const heritage = statement.heritageClauses?.flatMap((h) => [...h.types]).find((t) => COMMAND_BASES.has(t.expression.getText(source)));
    const argument = heritage?.typeArguments?.[0];
    if (!isDefault || !argument || !ts.isTypeReferenceNode(argument)) continue;
    const name = ts.isQualifiedName(argument.typeName) ? argument.typeName.right : argument.typeName;
    let symbol = checker.getSymbolAtLocation(name);
    if (symbol && symbol.flags & ts.SymbolFlags.Alias) symbol = checker.getAliasedSymbol(symbol);
    const declaration = symbol?.declarations?.[0];
    if (!symbol || !declaration) break;
    return { name: symbol.getName(), file: declaration.getSourceFile().fileName };
  }
  throw new Error(`${relative(ROOT, commandFile)}: no \`export default class … extends SfCommand<NamedResultType>\` (or LeanCommand/OrgCommand<…>); name and export the --json result type`);
}

function programFor(files: string[]): ts.Program {
  const config = ts.getParsedCommandLineOfConfigFile(join(ROOT, 'tsconfig.json'), {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => {} });
  return ts.createProgram(files, { ...(config?.options ?? {}), noEmit: true });
}

/** The JSON schema of each command's `--json` result, by schema file name. */
export function generateSchemas(commandIds: string[], root = ROOT): Record<string, unknown> {
  const files = commandIds.map((id) => commandSource(id, root));
  const program = programFor(files);
  const generator = createGenerator({
    tsProgram: program,
    skipTypeCheck: true,
    expose: 'export',
    topRef: true,
    jsDoc: 'extended',
    additionalProperties: false,
  });
  const schemas: Record<string, unknown> = {};
  for (const id of commandIds) {
    const type = resultTypeOf(commandSource(id, root), program);
    schemas[schemaFileName(id)] = generator.createSchema(type.name);
  }
  return schemas;
}

export type Drift = { file: string; problem: string };

const readJson = (file: string): unknown => (existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as unknown) : undefined);

/** What differs between the committed contract files and the code (empty when they agree). */
export function compareContract(manifest = readManifest(), schemas = generateSchemas(Object.keys(manifest.commands))): Drift[] {
  const drifts: Drift[] = [];
  const committed = readJson(SNAPSHOT_FILE) as CommandSnapshot[] | undefined;
  const current = snapshotOf(manifest);
  if (!committed) drifts.push({ file: 'command-snapshot.json', problem: 'missing' });
  else drifts.push(...snapshotDrifts(committed, current));
  for (const [name, schema] of Object.entries(schemas)) {
    const onDisk = readJson(join(SCHEMA_DIR, name));
    if (onDisk === undefined) drifts.push({ file: `schemas/${name}`, problem: 'missing' });
    else if (!isDeepStrictEqual(onDisk, schema)) drifts.push({ file: `schemas/${name}`, problem: 'the result type changed: ' + firstDifference(onDisk, schema) });
  }
  const stale = existsSync(SCHEMA_DIR) ? readdirSync(SCHEMA_DIR).filter((f) => f.endsWith('.json') && !(f in schemas)) : [];
  stale.forEach((f) => drifts.push({ file: `schemas/${f}`, problem: 'no command has this result any more' }));
  return drifts;
}

/** One line per command whose id, aliases or flags changed. */
export function snapshotDrifts(committed: CommandSnapshot[], current: CommandSnapshot[]): Drift[] {
  const drifts: Drift[] = [];
  const byId = new Map(committed.map((c) => [c.command, c]));
  for (const now of current) {
    const before = byId.get(now.command);
    byId.delete(now.command);
    if (!before) {
      drifts.push({ file: 'command-snapshot.json', problem: `new command ${now.command}` });
      continue;
    }
    for (const key of ['alias', 'flags', 'flagAliases', 'flagChars'] as const) {
      const added = now[key].filter((x) => !before[key].includes(x));
      const removed = before[key].filter((x) => !now[key].includes(x));
      if (added.length + removed.length > 0) {
        const parts = [added.length ? `added ${added.join(', ')}` : '', removed.length ? `removed ${removed.join(', ')}` : ''].filter(Boolean);
        drifts.push({ file: 'command-snapshot.json', problem: `${now.command} ${key}: ${parts.join('; ')}` });
      }
    }
  }
  byId.forEach((_, id) => drifts.push({ file: 'command-snapshot.json', problem: `command ${id} is gone` }));
  return drifts;
}

/** The JSON path of the first difference between two values, for a readable drift message. */
export function firstDifference(before: unknown, after: unknown, path = '$'): string {
  if (isDeepStrictEqual(before, after)) return '';
  if (typeof before !== 'object' || typeof after !== 'object' || before === null || after === null || Array.isArray(before) !== Array.isArray(after)) {
    return `${path}: ${JSON.stringify(before)} → ${JSON.stringify(after)}`;
  }
  const a = before as Record<string, unknown>;
  const b = after as Record<string, unknown>;
  for (const key of sorted([...Object.keys(a), ...Object.keys(b)])) {
    if (!isDeepStrictEqual(a[key], b[key])) return firstDifference(a[key], b[key], `${path}.${key}`);
  }
  return path;
}

export function writeContract(manifest = readManifest(), schemas = generateSchemas(Object.keys(manifest.commands))): string[] {
  writeFileSync(SNAPSHOT_FILE, JSON.stringify(snapshotOf(manifest), null, 2) + '\n');
  mkdirSync(SCHEMA_DIR, { recursive: true });
  for (const [name, schema] of Object.entries(schemas)) writeFileSync(join(SCHEMA_DIR, name), JSON.stringify(schema, null, 2) + '\n');
  return ['command-snapshot.json', ...Object.keys(schemas).map((n) => `schemas/${n}`)];
}

export const driftMessage = (drifts: Drift[]): string =>
  `The plugin's public contract changed:\n${drifts.map((d) => `  ${d.file}: ${d.problem}`).join('\n')}\n` +
  `If the change is intended, run \`npm run build && ${UPDATE_COMMAND}\` and commit command-snapshot.json and schemas/.`;
