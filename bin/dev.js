#!/usr/bin/env node
// bin/run.js for development: NODE_ENV=development makes oclif load package.json's oclif.devPlugins
// (@oclif/plugin-command-snapshot): `./bin/dev.js snapshot:compare`, `./bin/dev.js schema:generate`.
// It stays out of the published package (bin/.npmignore); bin/run.js is unchanged by it.
process.env.NODE_ENV = 'development';
await import('./run.js');
