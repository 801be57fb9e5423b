import { expect } from 'chai';
import { isRestDeployEnabled } from '../../../src/org/metadataApi.js';

describe('isRestDeployEnabled', () => {
  const table: Array<[Record<string, string>, boolean]> = [
    [{ SF_ORG_METADATA_REST_DEPLOY: 'true' }, true],
    [{ SF_ORG_METADATA_REST_DEPLOY: 'TRUE' }, true],
    [{ SF_ORG_METADATA_REST_DEPLOY: 'false' }, false],
    [{ SFDX_REST_DEPLOY: 'true' }, true],
    [{ SF_ORG_METADATA_REST_DEPLOY: 'false', SFDX_REST_DEPLOY: 'true' }, false],
  ];
  for (const [env, expected] of table) {
    it(`${JSON.stringify(env)} → ${expected ? 'REST' : 'SOAP'}`, async () => {
      expect(await isRestDeployEnabled(env)).to.equal(expected);
    });
  }
});
