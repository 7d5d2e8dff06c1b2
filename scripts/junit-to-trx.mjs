#!/usr/bin/env node
// Turns the JUnit XML of node's test runner (--test-reporter=junit) into a minimal .trx, so that
// scripts/trx-summary.mjs counts the TypeScript client's tests with the .NET ones.
//
//   node scripts/junit-to-trx.mjs JUNIT.xml OUT.trx NAME      converts (a missing or empty JUNIT.xml is one failure)
//   node scripts/junit-to-trx.mjs --failed OUT.trx NAME MESSAGE  writes one failed test (the tests could not run)
import { existsSync, readFileSync, writeFileSync } from 'node:fs';

const esc = (s) => String(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const decode = (s) => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&');

function write(out, name, results) {
  const passed = results.filter((r) => r.outcome === 'Passed').length;
  const failed = results.filter((r) => r.outcome === 'Failed').length;
  const executed = passed + failed;
  const rows = results
    .map((r) => `    <UnitTestResult testName="${esc(r.name)}" outcome="${r.outcome}">` +
      (r.message ? `<Output><ErrorInfo><Message>${esc(r.message)}</Message></ErrorInfo></Output>` : '') + '</UnitTestResult>')
    .join('\n');
  writeFileSync(out, `<?xml version="1.0" encoding="utf-8"?>
<TestRun name="${esc(name)}" xmlns="http://microsoft.com/schemas/VisualStudio/TeamTest/2010">
  <Results>
${rows}
  </Results>
  <ResultSummary outcome="${failed ? 'Failed' : 'Completed'}">
    <Counters total="${results.length}" executed="${executed}" passed="${passed}" failed="${failed}" error="0" timeout="0" aborted="0" />
  </ResultSummary>
</TestRun>
`);
}

const args = process.argv.slice(2);
if (args[0] === '--failed') {
  const [, out, name, message] = args;
  write(out, name, [{ name: `${name} (did not run)`, outcome: 'Failed', message }]);
  process.exit(0);
}

const [input, out, name] = args;
if (!input || !out || !name) {
  console.error('usage: junit-to-trx.mjs JUNIT.xml OUT.trx NAME | --failed OUT.trx NAME MESSAGE');
  process.exit(2);
}

const xml = existsSync(input) ? readFileSync(input, 'utf8') : '';
const results = [];
// Leaf <testcase> elements: self-closing, or with a body holding <failure>/<skipped>.
for (const m of xml.matchAll(/<testcase\b([^>]*?)(\/>|>([\s\S]*?)<\/testcase>)/g)) {
  const attrs = m[1];
  const body = m[3] ?? '';
  const nameAttr = decode(attrs.match(/\sname="([^"]*)"/)?.[1] ?? '?');
  const classname = decode(attrs.match(/\sclassname="([^"]*)"/)?.[1] ?? '');
  const full = classname ? `${classname} › ${nameAttr}` : nameAttr;
  if (/<skipped\b/.test(body)) {
    results.push({ name: full, outcome: 'NotExecuted' });
  } else if (/<failure\b/.test(body) || /<error\b/.test(body)) {
    const message = decode(body.match(/<failure\b[^>]*message="([^"]*)"/)?.[1] ?? body.replace(/<[^>]+>/g, ' ').trim().slice(0, 400));
    results.push({ name: full, outcome: 'Failed', message });
  } else {
    results.push({ name: full, outcome: 'Passed' });
  }
}

if (results.length === 0) {
  results.push({ name: `${name} (no test reported)`, outcome: 'Failed', message: `${input} holds no test case: the test run crashed or found no test.` });
}

write(out, name, results);
