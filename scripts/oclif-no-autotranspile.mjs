// Preloaded by `npm run bench` (node --import) to run a linked plugin as an installed one runs: oclif registers
// tsx for a linked plugin that has a tsconfig.json and tsx in its devDependencies (a development checkout),
// which puts a transpiling loader in front of every module the process loads. An installed plugin has neither.
globalThis.oclif = { ...(globalThis.oclif ?? {}), enableAutoTranspile: false };
