import { expect } from 'chai';
import {
  loginCommand,
  nextLines,
  shellWord,
  verifyLoginCommand,
  type LoginContext,
} from '../../../src/output/verifyNext.js';

const base: LoginContext = {
  flow: 'jwt-bearer',
  app: 'CI_Deployer',
  clientId: '3MVG9KEY',
  instanceUrl: 'https://acme.my.salesforce.com',
  username: 'ci@acme.test',
  keyFile: '/work/project/.eca-keys/CI_Deployer/CI_Deployer.key',
  targetOrg: 'acme',
};

describe('verify: the next step (signing sf in with the app)', () => {
  it('quotes only what the shell would split or expand', () => {
    expect(shellWord('ci@acme.test')).to.equal('ci@acme.test');
    expect(shellWord('https://acme.my.salesforce.com')).to.equal('https://acme.my.salesforce.com');
    expect(shellWord('my key.pem')).to.equal("'my key.pem'");
    expect(shellWord("it's")).to.equal("'it'\\''s'");
    expect(shellWord('$HOME')).to.equal("'$HOME'");
  });

  it('JWT bearer: sf org login jwt with the real key, key file (relative to where the command ran), username and URL', () => {
    expect(loginCommand(base, '/work/project')).to.equal(
      'sf org login jwt --client-id 3MVG9KEY --jwt-key-file .eca-keys/CI_Deployer/CI_Deployer.key --username ci@acme.test --instance-url https://acme.my.salesforce.com --alias CI_Deployer',
    );
    expect(loginCommand(base, '/elsewhere')).to.include(
      '--jwt-key-file /work/project/.eca-keys/CI_Deployer/CI_Deployer.key',
    );
    expect(verifyLoginCommand(base, '/work/project')).to.equal(
      'sf eca verify --name CI_Deployer --target-org acme --username ci@acme.test --jwt-key-file .eca-keys/CI_Deployer/CI_Deployer.key --login --alias CI_Deployer',
    );
  });

  it('web server: sf org login web --client-id; client credentials: the truth and the access-token workaround', () => {
    expect(loginCommand({ ...base, flow: 'web-server' })).to.equal(
      'sf org login web --client-id 3MVG9KEY --instance-url https://acme.my.salesforce.com --alias CI_Deployer',
    );
    const cc = { ...base, flow: 'client-credentials' as const };
    expect(loginCommand(cc)).to.match(
      /^SF_ACCESS_TOKEN="\$\(curl -s https:\/\/acme\.my\.salesforce\.com\/services\/oauth2\/token /,
    );
    expect(loginCommand(cc)).to.match(
      /sf org login access-token --instance-url https:\/\/acme\.my\.salesforce\.com --alias CI_Deployer --no-prompt$/,
    );
    expect(nextLines(cc).join('\n')).to.include('sf CLI cannot log in with the client credentials flow');
    // The workaround runs two programs besides sf: the text says so.
    expect(nextLines(cc).join('\n')).to.include('needs curl and jq');
    // sf's web login asks for the consumer secret at a prompt: the line under the command says what to type.
    const web = nextLines({ ...base, flow: 'web-server' });
    const at = web.findIndex((line) => line.startsWith('  sf org login web '));
    expect(web[at + 1]).to.match(/^At its prompt, sf asks for the app's consumer secret: paste it/);
    expect(nextLines(base).join('\n')).not.to.include('asks for the app');
  });

  it('no printed command ends with a period or holds a placeholder', () => {
    for (const flow of ['jwt-bearer', 'web-server', 'client-credentials'] as const) {
      const commands = nextLines({ ...base, flow }, '/work/project')
        .filter((line) => /^ {2}(?:SF_ACCESS_TOKEN|sf )/.test(line))
        .map((line) => line.trim());
      expect(commands.length, flow).to.be.greaterThan(1);
      for (const command of commands) expect(command).not.to.match(/\.$|<|%s/);
    }
  });
});
