import { expect } from 'chai';
import { checkCertificateRemoval, type MetadataReader } from '../../../src/org/retrieve.js';
import type { SourceFile } from '../../../src/org/stagingFolder.js';

const globalFile = (fields: Record<string, string>): SourceFile => ({
  type: 'ExtlClntAppGlobalOauthSettings',
  path: '/p/extlClntAppGlobalOauthSets/A_glbloauth.ecaGlblOauth-meta.xml',
  xml: '',
  fields,
  elements: Object.keys(fields),
});

describe('checkCertificateRemoval (docs/salesforce-facts.md §8.17): one read at most, only when it matters', () => {
  let reads: string[];
  const org = (answer: unknown): MetadataReader => ({
    metadata: {
      read: (type: string, name: string): Promise<unknown> => {
        reads.push(`${type}/${name}`);
        return answer instanceof Error ? Promise.reject(answer) : Promise.resolve(answer);
      },
    },
  });
  beforeEach(() => (reads = []));

  const table: Array<{
    case: string;
    fields: Record<string, string>;
    existing: boolean;
    answer?: unknown;
    unreadable?: string;
    status: string;
    reads: number;
  }> = [
    { case: 'a new app: no read', fields: {}, existing: false, status: 'not-needed', reads: 0 },
    {
      case: 'the file has a certificate: no read',
      fields: { certificate: 'MIIB' },
      existing: true,
      status: 'not-needed',
      reads: 0,
    },
    {
      case: "the org's app has one: would clear",
      fields: {},
      existing: true,
      answer: { certificate: 'MIIB' },
      status: 'would-clear',
      reads: 1,
    },
    {
      case: "the org's app has none",
      fields: {},
      existing: true,
      answer: { fullName: 'A_glbloauth' },
      status: 'none-in-org',
      reads: 1,
    },
    {
      case: 'an empty certificate in the file counts as none',
      fields: { certificate: ' ' },
      existing: true,
      answer: [{ certificate: 'MIIB' }],
      status: 'would-clear',
      reads: 1,
    },
    {
      case: 'the org refuses the read',
      fields: {},
      existing: true,
      answer: new Error('INVALID_TYPE'),
      status: 'skipped',
      reads: 1,
    },
    {
      case: 'a JWT-format session: skipped without a request',
      fields: {},
      existing: true,
      unreadable: 'JWT',
      status: 'skipped',
      reads: 0,
    },
  ];
  for (const row of table) {
    it(row.case, async () => {
      const check = await checkCertificateRemoval(
        org(row.answer ?? {}),
        [globalFile(row.fields)],
        row.existing,
        row.unreadable,
      );
      expect(check.status).to.equal(row.status);
      expect(reads).to.have.length(row.reads);
      if (row.reads > 0) expect(reads[0]).to.equal('ExtlClntAppGlobalOauthSettings/A_glbloauth');
    });
  }
});
