// Writes oclif.manifest.json with the project's own @oclif/core, so the tree keeps a single copy of it.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Plugin } from '@oclif/core';

const root = process.cwd();
const plugin = new Plugin({
  root,
  type: 'core',
  ignoreManifest: true,
  errorOnManifestCreate: true,
  respectNoCacheDefault: true,
});
await plugin.load();
if (!plugin.valid) throw new Error('oclif could not load the plugin');
writeFileSync(join(root, 'oclif.manifest.json'), JSON.stringify(plugin.manifest, null, 2) + '\n');
process.stdout.write(`wrote oclif.manifest.json (${Object.keys(plugin.manifest.commands).length} commands)\n`);
