import { expect } from 'chai';
import { failureLocation } from '../../../src/output/deploy.js';

describe('failureLocation', () => {
  it('is file:line:column relative to the project, or the component name without a file', () => {
    const base = { type: 'ExtlClntAppOauthSettings', fullName: 'A', problem: 'x' };
    expect(failureLocation({ ...base, file: '/p/force-app/a.xml', line: 3, column: 9 }, '/p')).to.equal(
      'force-app/a.xml:3:9',
    );
    expect(failureLocation({ ...base, file: '/elsewhere/a.xml', line: 3 }, '/p')).to.equal('/elsewhere/a.xml:3');
    expect(failureLocation(base, '/p')).to.equal('A');
  });
});
