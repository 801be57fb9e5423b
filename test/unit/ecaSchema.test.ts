import { expect } from 'chai';
import { validateAgainstEcaSchema } from '@plugin-eca/dev-kit/xsd';

const ns = 'xmlns="http://soap.sforce.com/2006/04/metadata"';

describe('the ECA schema helper', () => {
  it('accepts a minimal ExtlClntAppConfigurablePolicies', async () => {
    const xml = `<?xml version="1.0" encoding="UTF-8"?>
<ExtlClntAppConfigurablePolicies ${ns}>
    <externalClientApplication>My_App</externalClientApplication>
    <isEnabled>true</isEnabled>
</ExtlClntAppConfigurablePolicies>
`;
    const result = await validateAgainstEcaSchema(xml, 'My_App.ecaPlcy-meta.xml');
    expect(result).to.deep.equal({ valid: true, problems: [] });
  });

  const bad: Array<[string, string, RegExp]> = [
    [
      'elements out of schema order',
      '<isEnabled>true</isEnabled><externalClientApplication>A</externalClientApplication>',
      /isEnabled/,
    ],
    ['a missing required element', '<externalClientApplication>A</externalClientApplication>', /isEnabled/],
    ['a non-boolean', '<externalClientApplication>A</externalClientApplication><isEnabled>yes</isEnabled>', /yes/],
    [
      'an unknown element',
      '<externalClientApplication>A</externalClientApplication><isEnabled>true</isEnabled><bogus>1</bogus>',
      /bogus/,
    ],
  ];
  for (const [what, body, problem] of bad) {
    it(`rejects ${what}`, async () => {
      const xml = `<?xml version="1.0" encoding="UTF-8"?>\n<ExtlClntAppConfigurablePolicies ${ns}>${body}</ExtlClntAppConfigurablePolicies>\n`;
      const result = await validateAgainstEcaSchema(xml);
      expect(result.valid).to.equal(false);
      expect(result.problems.map((p) => p.message).join('\n')).to.match(problem);
      expect(result.problems[0].line).to.equal(2);
    });
  }
});
