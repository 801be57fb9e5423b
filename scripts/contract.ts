/*
 * The plugin's public contract (command-snapshot.json and schemas/*.json), compared with or rewritten from the code.
 * The logic is in packages/dev-kit/src/contract.ts, which test/contract.test.ts runs under `npm test` too.
 *
 *   npx tsx scripts/contract.ts            # compare; exit 1 with the differences
 *   npx tsx scripts/contract.ts --update   # rewrite the files after an intended change (then commit them)
 */
import { compareContract, driftMessage, writeContract } from '@plugin-eca/dev-kit/contract';

if (process.argv.includes('--update')) {
  writeContract().forEach((f) => process.stdout.write(`wrote ${f}\n`));
} else {
  const drifts = compareContract();
  process.stdout.write(drifts.length === 0 ? 'command-snapshot.json and schemas/ match the code\n' : `${driftMessage(drifts)}\n`);
  if (drifts.length > 0) process.exitCode = 1;
}
