/*
 * Command tests' view of what a command printed: its log, warn, stderr and sensitive output stubbed on the
 * command's own prototype (our commands extend the lean bases of src/cli/, not sf-plugins-core's SfCommand, so
 * its stubSfCommandUx would not see them), and the spinner silenced.
 */
import type sinon from 'sinon';
import { Spinner } from '../../src/cli/spinner.js';

export type CommandUx = {
  log: sinon.SinonStub;
  warn: sinon.SinonStub;
  logToStderr: sinon.SinonStub;
  logSensitive: sinon.SinonStub;
};

export function stubCommandUx(sandbox: sinon.SinonSandbox, command: { prototype: object }): CommandUx {
  const proto = command.prototype as Record<string, unknown>;
  for (const method of ['start', 'stop', 'pause'] as const) sandbox.stub(Spinner.prototype, method);
  return {
    log: sandbox.stub(proto, 'log'),
    warn: sandbox.stub(proto, 'warn'),
    logToStderr: sandbox.stub(proto, 'logToStderr'),
    logSensitive: sandbox.stub(proto, 'logSensitive'),
  };
}
