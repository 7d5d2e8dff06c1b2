#!/usr/bin/env node
// Sums the <Counters> of every .trx file under DIR and lists the failed tests.
//
//   node scripts/trx-summary.mjs DIR
//
// Prints a human summary, then as its LAST line: "COUNTS <passed> <failed> <skipped> <total> <files>".
// failed = failed + error + timeout + aborted, plus 1 for a run that was aborted (test host crashed or
// was killed by --blame-hang-timeout: its TRX holds a RunInfo error "The active test run was aborted");
// skipped = total - executed (xunit's skipped tests are
// counted that way: outcome NotExecuted, yet the notExecuted counter stays 0). test.sh turns that into
// the closing "N passed, N failed" line.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

const dir = process.argv[2];
if (!dir) {
  console.error('usage: trx-summary.mjs DIR');
  process.exit(2);
}

function* trxFiles(d) {
  let entries;
  try {
    entries = readdirSync(d);
  } catch {
    return;
  }
  for (const name of entries.sort()) {
    const p = join(d, name);
    if (statSync(p).isDirectory()) yield* trxFiles(p);
    else if (name.endsWith('.trx')) yield p;
  }
}

const decode = (s) =>
  s
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&#x([0-9a-f]+);/gi, (_, h) => String.fromCodePoint(parseInt(h, 16)))
    .replace(/&#([0-9]+);/g, (_, n) => String.fromCodePoint(parseInt(n, 10)))
    .replace(/&amp;/g, '&');

const attr = (tag, name) => {
  const m = tag.match(new RegExp(`\\s${name}="([^"]*)"`));
  return m ? decode(m[1]) : undefined;
};
const num = (tag, name) => Number.parseInt(attr(tag, name) ?? '0', 10) || 0;

let passed = 0, failed = 0, skipped = 0, total = 0, files = 0;
const failures = [];
for (const file of trxFiles(dir)) {
  const xml = readFileSync(file, 'utf8');
  const counters = xml.match(/<Counters\b[^>]*>/);
  if (!counters) {
    console.log(`warning: ${relative(process.cwd(), file)} has no <Counters> element (test run aborted?)`);
    continue;
  }
  files++;
  const c = counters[0];
  let f = num(c, 'failed') + num(c, 'error') + num(c, 'timeout') + num(c, 'aborted');
  for (const m of xml.matchAll(/<RunInfo\b[^>]*outcome="(Error|Warning)"[^>]*>\s*<Text>([\s\S]*?)<\/Text>/g)) {
    const text = decode(m[2]).trim().split('\n').slice(0, 2).join(' | ');
    if (m[1] === 'Error' && /test run was aborted/i.test(text)) {
      f += 1;
      failures.push(`  RUN ABORTED ${relative(dir, file)} — ${text.slice(0, 400)}`);
    } else if (/inactivity time .* has elapsed/i.test(text)) {
      failures.push(`  HANG ${relative(dir, file)} — ${text.slice(0, 400)}`);
    }
  }
  const p = num(c, 'passed');
  const s = Math.max(0, num(c, 'total') - num(c, 'executed'));
  passed += p;
  failed += f;
  skipped += s;
  total += num(c, 'total');
  const project = relative(dir, file).split(/[\\/]/)[0].replace(/\.trx$/, '');
  console.log(`  ${project}: ${p} passed, ${f} failed${s ? `, ${s} skipped` : ''}`);

  // Failed results: <UnitTestResult ... testName="..." outcome="Failed"> ... <Message>...</Message>
  for (const m of xml.matchAll(/<UnitTestResult\b[^>]*>/g)) {
    const head = m[0];
    const outcome = attr(head, 'outcome');
    if (outcome && !['Passed', 'NotExecuted', 'Inconclusive', 'Pending', 'NotRunnable'].includes(outcome)) {
      let body = '';
      if (!head.endsWith('/>')) {
        const end = xml.indexOf('</UnitTestResult>', m.index);
        body = end < 0 ? '' : xml.slice(m.index, end);
      }
      const msg = body.match(/<Message>([\s\S]*?)<\/Message>/);
      const first = msg ? decode(msg[1]).trim().split('\n').slice(0, 3).join(' | ') : '';
      failures.push(`  ${outcome.toUpperCase()} ${attr(head, 'testName')}${first ? ` — ${first.slice(0, 400)}` : ''}`);
    }
  }
}

if (failures.length) {
  console.log(`Failures (${failures.length}):`);
  const shown = failures.slice(0, 50);
  for (const line of shown) console.log(line);
  if (failures.length > shown.length) console.log(`  ... and ${failures.length - shown.length} more (see the .trx files in ${dir})`);
}
console.log(`COUNTS ${passed} ${failed} ${skipped} ${total} ${files}`);
