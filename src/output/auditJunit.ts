/*
 * `sf eca audit --output-format junit`: JUnit XML for CI test reports. One test suite per app; each finding is a test
 * case, failed when it is at or above --fail-on, skipped when the configuration suppresses it (with its reason), passed
 * otherwise; an app without findings has one passing case. Parts that could not be checked are errors of a suite of
 * their own, so an incomplete audit never reads as green.
 */
import { Messages } from '../messages.js';
import { type AuditFinding, type AuditReport, failingFindings } from '../model/auditReport.js';
import { whereOf } from './audit.js';

Messages.importMessagesDirectoryFromMetaUrl(import.meta.url);
const messages = Messages.loadMessages('plugin-eca', 'audit');

const escapeXml = (text: string): string =>
  text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, '');

export function junitXml(report: AuditReport): string {
  const failing = new Set(failingFindings(report));
  const suites: string[] = [];
  let tests = 0;
  let failures = 0;
  let errors = 0;
  let skipped = 0;
  for (const app of report.apps) {
    const cases: string[] = [];
    const suiteName = `${app.type} ${app.name}`;
    let suiteFailures = 0;
    let suiteSkipped = 0;
    for (const found of app.findings) {
      const name = escapeXml(`${found.rule} ${found.title}`);
      const body = escapeXml(detail(found));
      if (found.suppressed) {
        suiteSkipped++;
        cases.push(
          `    <testcase classname="${escapeXml(suiteName)}" name="${name}"><skipped message="${escapeXml(found.suppressed.reason)}"/></testcase>`,
        );
      } else if (failing.has(found)) {
        suiteFailures++;
        cases.push(
          `    <testcase classname="${escapeXml(suiteName)}" name="${name}"><failure type="${found.severity}" message="${escapeXml(found.message)}">${body}</failure></testcase>`,
        );
      } else {
        cases.push(
          `    <testcase classname="${escapeXml(suiteName)}" name="${name}"><system-out>${body}</system-out></testcase>`,
        );
      }
    }
    if (cases.length === 0) {
      cases.push(
        `    <testcase classname="${escapeXml(suiteName)}" name="${escapeXml(messages.getMessage('junit.noFindings'))}"/>`,
      );
    }
    tests += cases.length;
    failures += suiteFailures;
    skipped += suiteSkipped;
    suites.push(
      `  <testsuite name="${escapeXml(suiteName)}" tests="${cases.length}" failures="${suiteFailures}" errors="0" skipped="${suiteSkipped}">\n${cases.join('\n')}\n  </testsuite>`,
    );
  }
  if (report.incomplete.length > 0) {
    errors += report.incomplete.length;
    tests += report.incomplete.length;
    const cases = report.incomplete.map(
      (part) =>
        `    <testcase classname="audit" name="${escapeXml(part.part)}"><error message="${escapeXml(part.reason)}"/></testcase>`,
    );
    suites.push(
      `  <testsuite name="audit" tests="${cases.length}" failures="0" errors="${cases.length}" skipped="0">\n${cases.join('\n')}\n  </testsuite>`,
    );
  }
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="sf eca audit" tests="${tests}" failures="${failures}" errors="${errors}" skipped="${skipped}">`,
    ...suites,
    '</testsuites>',
    '',
  ].join('\n');
}

const detail = (found: AuditFinding): string =>
  [`${found.severity} ${found.rule}: ${found.title}`, whereOf(found.location), found.message, ...found.fix].join('\n');
