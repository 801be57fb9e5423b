#!/usr/bin/env node
// Runs the plugin on its own: `./bin/run.js eca generate ...`.
// The Salesforce libraries need Node.js 22 or later. On an older Node, a checkout that has installed its
// dev dependencies carries Node 22 (the `node` package): re-run on it rather than fail.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const major = Number(process.versions.node.split('.')[0]);
if (major < 22) {
  const local = fileURLToPath(new URL('../node_modules/node/bin/node', import.meta.url));
  if (!existsSync(local)) {
    process.stderr.write(
      `plugin-eca needs Node.js 22 or later (this is ${process.version}). Install Node.js 22, or run "npm install" in the plugin's folder.\n`,
    );
    process.exit(1);
  }
  // The child gets Ctrl-C too and decides how to end (exit 130); this process only waits for it and passes its code on.
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => {});
  const child = spawnSync(local, [fileURLToPath(import.meta.url), ...process.argv.slice(2)], { stdio: 'inherit' });
  process.exit(child.status ?? 1);
}

// Keep V8's compiled code between runs (in the OS temp folder): a command loads about 1,800 modules, and
// compiling them is most of its start-up time. NODE_DISABLE_COMPILE_CACHE=1 turns this off.
const { enableCompileCache } = await import('node:module');
enableCompileCache?.();

const { execute } = await import('@oclif/core');
await execute({ dir: import.meta.url });
