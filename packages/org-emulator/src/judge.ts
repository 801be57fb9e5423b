/*
 * Judges a deployment zip the way an org does: package.xml, then every component against the ECA schema,
 * then against the org's rules. The verdict lists component successes and failures (DeployMessage shape)
 * and the changes to apply when the deploy job finishes.
 */
import JSZip from 'jszip';
import { parseStringPromise } from 'xml2js';
import { type SchemaFinding, schemaFindings } from './schemaCheck.js';
import { ECA, GLOBAL_OAUTH, componentOfEntry } from './metadataTypes.js';
import { type DeployedComponent, type Problem, appNameOf, checkComponent } from './rules.js';
import { type OrgState, findApp } from './state.js';
import { type Faults } from './faults.js';
import { columnOnLine, locateRoot } from './xmlLocate.js';
import { applyChanges } from './apply.js';
import { deployApiVersion } from './apiVersions.js';

export type DeployMessage = {
  changed: boolean;
  columnNumber?: number;
  componentType: string;
  created: boolean;
  createdDate: string;
  deleted: boolean;
  fileName: string;
  fullName: string;
  id?: string;
  lineNumber?: number;
  problem?: string;
  problemType?: 'Error' | 'Warning';
  success: boolean;
};

export type Verdict = {
  status: 'Succeeded' | 'SucceededPartial' | 'Failed';
  successes: DeployMessage[];
  failures: DeployMessage[];
  /** Components that passed, to store when the job finishes (unless it is a validation). */
  changes: DeployedComponent[];
  /** Apps whose credentials rotate (shouldRotate* with ignoreWarnings). */
  rotations: Array<{ appName: string; key: boolean; secret: boolean }>;
  errorMessage?: string;
  errorStatusCode?: string;
  numberComponentsTotal: number;
};

export type JudgeOptions = {
  rollbackOnError: boolean;
  ignoreWarnings: boolean;
  /** The API version of the endpoint the deploy came in by (`66.0`, `v66.0`); package.xml's `<version>` wins. */
  endpointVersion?: string;
};

const message = (
  c: { type: string; fullName: string; fileName: string },
  extra: Partial<DeployMessage>,
): DeployMessage => ({
  changed: false,
  componentType: c.type,
  created: false,
  createdDate: new Date().toISOString(),
  deleted: false,
  fileName: c.fileName,
  fullName: c.fullName,
  success: true,
  ...extra,
});

const failure = (c: { type: string; fullName: string; fileName: string }, p: Problem): DeployMessage =>
  message(c, {
    success: false,
    problem: p.problem,
    problemType: p.problemType,
    lineNumber: p.position.line,
    columnNumber: p.position.column,
  });

const failedVerdict = (errorStatusCode: string, errorMessage: string, failures: DeployMessage[] = []): Verdict => ({
  status: 'Failed',
  successes: [],
  failures,
  changes: [],
  rotations: [],
  errorMessage,
  errorStatusCode,
  numberComponentsTotal: failures.length,
});

/**
 * The first API version of each ECA type (docs/salesforce-facts.md §1.1): at a lower version (the package.xml's, else
 * the endpoint's), or on an org of an earlier release, the Metadata API does not know the type and fails the whole
 * deployment on package.xml, before looking at any file.
 */
const TYPE_SINCE: Record<string, number> = {
  ExternalClientApplication: 59,
  ExtlClntAppGlobalOauthSettings: 59,
  ExtlClntAppOauthSettings: 59,
  ExtlClntAppOauthConfigurablePolicies: 59,
  ExtlClntAppConfigurablePolicies: 60,
};

function unknownTypes(members: ReadonlyArray<[string, string]>, apiVersion: number): Verdict | undefined {
  const unknown = [...new Set(members.map(([type]) => type))].filter((type) => (TYPE_SINCE[type] ?? 0) > apiVersion);
  if (unknown.length === 0) return undefined;
  const failures = unknown.map((type) =>
    message(
      { type: '', fullName: 'package.xml', fileName: 'package.xml' },
      { success: false, problemType: 'Error', problem: `Unknown type name '${type}' specified in package.xml` },
    ),
  );
  return { ...failedVerdict('', '', failures), errorMessage: undefined, errorStatusCode: undefined };
}

/** Parses a component's XML into its fields (root attributes dropped). */
async function parseFields(xml: string): Promise<{ root: string; fields: Record<string, unknown> }> {
  const parsed = (await parseStringPromise(xml, { explicitArray: false, explicitRoot: true })) as Record<
    string,
    unknown
  >;
  const [root] = Object.keys(parsed);
  const body = parsed[root];
  const fields = typeof body === 'object' && body !== null ? { ...(body as Record<string, unknown>) } : {};
  delete fields.$;
  return { root, fields };
}

type Entry = { fileName: string; xml: string };

async function readZip(zipData: Buffer): Promise<{ packageXml?: string; entries: Entry[] }> {
  const zip = await JSZip.loadAsync(zipData);
  const files = Object.values(zip.files).filter((f) => !f.dir);
  const packageFile = files.find((f) => /(^|\/)package\.xml$/.test(f.name));
  const root = packageFile ? packageFile.name.slice(0, -'package.xml'.length) : '';
  const entries: Entry[] = [];
  for (const file of files) {
    if (file === packageFile || !file.name.startsWith(root) || /destructiveChanges/.test(file.name)) continue;
    entries.push({ fileName: file.name.slice(root.length), xml: await file.async('string') });
  }
  return { packageXml: packageFile ? await packageFile.async('string') : undefined, entries };
}

/** Judges one component: schema first, then the rules. */
function judgeComponent(
  c: DeployedComponent,
  schema: SchemaFinding | undefined,
  all: DeployedComponent[],
  state: OrgState,
  faults: Faults,
): Problem[] {
  if (schema) {
    const line = schema.line ?? locateRoot(c.xml).line;
    return [
      {
        problem: `Error parsing file: ${toOrgWording(schema.message, c.type.name)}`,
        problemType: 'Error',
        position: { line, column: columnOnLine(c.xml, line, schema.message) },
      },
    ];
  }
  return checkComponent(c, { state, components: all, faults });
}

/** xmllint's "Element '{ns}x': This element is not expected." becomes the org's "Element {ns}x invalid at this location in type T". */
function toOrgWording(xmllintMessage: string, typeName: string): string {
  const unexpected = /Element '(\{[^}]*\}[\w.-]+)': This element is not expected/.exec(xmllintMessage);
  if (unexpected) return `Element ${unexpected[1]} invalid at this location in type ${typeName}`;
  return xmllintMessage.replace(/^(element [\w.-]+: )?Schemas validity error : /, '');
}

export async function judgeDeployment(
  zipData: Buffer,
  options: JudgeOptions,
  state: OrgState,
  faults: Faults,
): Promise<Verdict> {
  let zip: Awaited<ReturnType<typeof readZip>>;
  try {
    zip = await readZip(zipData);
  } catch {
    return failedVerdict('INVALID_ZIP', 'The deployment is not a valid zip file.');
  }
  if (zip.packageXml === undefined) return failedVerdict('MISSING_PACKAGE_XML', 'No package.xml found');
  const { members: packageMembers, version: packageVersion } = await readPackage(zip.packageXml);
  const apiVersion = deployApiVersion(packageVersion, options.endpointVersion);
  const refused = unknownTypes(packageMembers, apiVersion);
  if (refused) return refused;
  const components: DeployedComponent[] = [];
  const failures: DeployMessage[] = [];
  for (const entry of zip.entries) {
    const known = componentOfEntry(entry.fileName);
    if (!known) {
      failures.push(
        message(
          { type: '', fullName: entry.fileName, fileName: entry.fileName },
          {
            success: false,
            problemType: 'Error',
            problem: `This org does not support the metadata in ${entry.fileName}.`,
          },
        ),
      );
      continue;
    }
    const parsed = await parseFields(entry.xml).catch(() => undefined);
    components.push({
      type: known.type,
      fullName: known.fullName,
      fileName: entry.fileName,
      xml: entry.xml,
      fields: parsed?.fields ?? {},
    });
  }
  for (const [type, member] of packageMembers) {
    if (!components.some((c) => c.type.name === type && c.fullName === member)) {
      failures.push(
        message(
          { type, fullName: member, fileName: 'package.xml' },
          {
            success: false,
            problemType: 'Error',
            problem: `An object '${member}' of type ${type} was named in package.xml, but was not found in zipped directory`,
          },
        ),
      );
    }
  }
  const successes: DeployMessage[] = [message({ type: '', fullName: 'package.xml', fileName: 'package.xml' }, {})];
  const changes: DeployedComponent[] = [];
  const rotations: Verdict['rotations'] = [];
  // The app first and Global OAuth settings last: a component counts as present for the others' rules only if it passed.
  const schema = await schemaFindings(
    components.map((c) => c.xml),
    apiVersion,
  );
  const failed = new Set<DeployedComponent>();
  for (const c of [...components].sort((a, b) => judgingOrder(a) - judgingOrder(b))) {
    const problems = judgeComponent(
      c,
      schema.get(components.indexOf(c)),
      components.filter((other) => !failed.has(other)),
      state,
      faults,
    );
    const blocking = problems.filter((p) => p.problemType === 'Error' || !options.ignoreWarnings);
    const describe = { type: c.type.name, fullName: c.fullName, fileName: c.fileName };
    if (blocking.length > 0) {
      failed.add(c);
      failures.push(...blocking.map((p) => failure(describe, p)));
      continue;
    }
    const appName = appNameOf(c) ?? c.fullName;
    const existing = findApp(state, appName);
    const created = c.type.name === ECA ? !existing : !existing?.components[c.type.name];
    successes.push(message(describe, { created, changed: !created, id: existing?.id }));
    for (const warning of problems) successes.push(failure(describe, warning));
    if (problems.length > 0)
      rotations.push({
        appName,
        key: /ConsumerKey/.test(problems.map((p) => p.problem).join()),
        secret: /ConsumerSecret/.test(problems.map((p) => p.problem).join()),
      });
    changes.push(c);
  }
  const deployedCount = successes.filter((s) => s.fullName !== 'package.xml' && s.problemType === undefined).length;
  const status =
    failures.length === 0
      ? 'Succeeded'
      : options.rollbackOnError || deployedCount === 0
        ? 'Failed'
        : 'SucceededPartial';
  return { status, successes, failures, changes, rotations, numberComponentsTotal: components.length };
}

const judgingOrder = (c: DeployedComponent): number => (c.type.name === ECA ? 0 : c.type.name === GLOBAL_OAUTH ? 2 : 1);

async function readPackage(packageXml: string): Promise<{ members: Array<[string, string]>; version?: string }> {
  const parsed = (await parseStringPromise(packageXml, { explicitArray: true }).catch(() => ({}))) as {
    Package?: { types?: Array<{ name?: string[]; members?: string[] }>; version?: string[] };
  };
  const pairs: Array<[string, string]> = [];
  for (const t of parsed.Package?.types ?? [])
    for (const m of t.members ?? []) if (m !== '*') pairs.push([t.name?.[0] ?? '', m]);
  return { members: pairs, version: parsed.Package?.version?.[0] };
}

/**
 * Stores what a finished, non-validation deploy changed. As an org does, the app's component success then carries
 * the record id (0xI…) of the app it created, which a validation or a still-running deploy cannot know.
 */
export function applyVerdict(state: OrgState, verdict: Verdict): void {
  if (verdict.status === 'Failed') return;
  applyChanges(state, verdict.changes, verdict.rotations);
  for (const success of verdict.successes) {
    if (success.componentType === ECA && success.problemType === undefined)
      success.id ??= findApp(state, success.fullName)?.id;
  }
}
