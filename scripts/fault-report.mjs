#!/usr/bin/env node
// Turns the scenario reports of a fault run (DIR/scenarios/*.json, written by tests/Cxmpute.Faults.Tests) and its TRX
// (DIR/*.trx: which tests passed) into DIR/report.json and DIR/report.md, and prints report.md. Used by scripts/fault-run.sh.
//
//   node scripts/fault-report.mjs DIR [--started T] [--minutes M] [--interval S] [--load-before L] [--load-after L]
//                                     [--cores N] [--test-exit CODE]
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const [dir, ...rest] = process.argv.slice(2);
if (!dir) {
  console.error('usage: fault-report.mjs DIR [options]');
  process.exit(2);
}
const opts = {};
for (let i = 0; i < rest.length; i += 2) opts[rest[i].replace(/^--/, '')] = rest[i + 1];

const scenarioDir = join(dir, 'scenarios');
const order = ['silo-kills', 'storage-outage', 'front-end-kill', 'clock-skew'];
const scenarios = existsSync(scenarioDir)
  ? readdirSync(scenarioDir).filter((f) => f.endsWith('.json')).map((f) => JSON.parse(readFileSync(join(scenarioDir, f), 'utf8')))
  : [];
scenarios.sort((a, b) => order.indexOf(a.scenario) - order.indexOf(b.scenario));

// Test outcomes from the TRX: class name → scenario.
const classToScenario = { SiloKillTests: 'silo-kills', StorageOutageTests: 'storage-outage', FrontEndKillTests: 'front-end-kill', ClockSkewTests: 'clock-skew' };
const outcomes = {};
const messages = {};
for (const f of readdirSync(dir).filter((f) => f.endsWith('.trx'))) {
  const trx = readFileSync(join(dir, f), 'utf8');
  for (const m of trx.matchAll(/<UnitTestResult [^>]*testName="([^"]+)"[^>]*outcome="([^"]+)"[^>]*>([\s\S]*?)<\/UnitTestResult>|<UnitTestResult [^>]*testName="([^"]+)"[^>]*outcome="([^"]+)"[^>]*\/>/g)) {
    const name = m[1] ?? m[4];
    const outcome = m[2] ?? m[5];
    const cls = Object.keys(classToScenario).find((c) => name.includes(`.${c}.`));
    if (!cls) continue;
    outcomes[classToScenario[cls]] = outcome;
    const msg = /<Message>([\s\S]*?)<\/Message>/.exec(m[3] ?? '');
    if (msg) messages[classToScenario[cls]] = msg[1].replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&').split('\n')[0].slice(0, 300);
  }
}

const report = {
  started: opts.started ?? null,
  minutesOfSiloKills: Number(opts.minutes ?? NaN),
  killIntervalSeconds: Number(opts.interval ?? NaN),
  killPacing: opts.pacing ?? null,
  machine: { cores: opts.cores ?? null, loadAverageBefore: opts['load-before'] ?? null, loadAverageAfter: opts['load-after'] ?? null },
  testExitCode: Number(opts['test-exit'] ?? NaN),
  totals: {
    faults: scenarios.reduce((n, s) => n + Object.values(s.faults).reduce((a, b) => a + b, 0), 0),
    awardsAcknowledged: scenarios.reduce((n, s) => n + s.awardsAcknowledged, 0),
    awardsLost: scenarios.reduce((n, s) => n + s.awardsLost, 0),
    doubleCredits: scenarios.reduce((n, s) => n + s.doubleCredits, 0),
    auditsPassed: `${scenarios.filter((s) => s.auditPassed).length}/${scenarios.length}`,
  },
  scenarios: scenarios.map((s) => ({ ...s, test: outcomes[s.scenario] ?? 'not run', failure: messages[s.scenario] ?? null })),
};
for (const name of order) {
  if (!scenarios.some((s) => s.scenario === name)) report.scenarios.push({ scenario: name, test: outcomes[name] ?? 'not run', failure: messages[name] ?? 'no report written' });
}
writeFileSync(join(dir, 'report.json'), JSON.stringify(report, null, 2) + '\n');

const secs = (xs) => (xs && xs.length ? xs.map((x) => (x < 0 ? 'none' : x.toFixed(1))).join(', ') : '–');
const lines = [];
lines.push(`# Fault run ${report.started ?? ''}`.trim(), '');
lines.push(
  `${report.minutesOfSiloKills} minute(s) of silo kills every ${report.killIntervalSeconds} s (pacing ${report.killPacing}), then a storage outage, front-end kills and clock skew; ` +
    `machine: ${report.machine.cores} cores, load average ${report.machine.loadAverageBefore} before, ${report.machine.loadAverageAfter} after.`,
  '',
);
lines.push('| scenario | test | faults injected | awards acknowledged | lost | credited twice | audit | time to recover (s) |');
lines.push('|---|---|---|---:|---:|---:|---|---|');
for (const s of report.scenarios) {
  if (!s.faults) {
    lines.push(`| ${s.scenario} | ${s.test} | – | – | – | – | – | – |`);
    continue;
  }
  const faults = Object.entries(s.faults).map(([k, v]) => `${v} × ${k}`).join('; ');
  const checked = s.auditExitCode !== null && s.auditExitCode !== undefined;
  const audit = !checked ? 'not run' : s.auditPassed ? 'passed' : `failed (exit ${s.auditExitCode})`;
  const lost = checked ? s.awardsLost : 'not checked';
  const twice = checked ? s.doubleCredits : 'not checked';
  lines.push(`| ${s.scenario} | ${s.test} | ${faults} | ${s.awardsAcknowledged} | ${lost} | ${twice} | ${audit} | ${secs(s.timeToRecoverSeconds)} |`);
}
const t = report.totals;
lines.push(`| **all** | | ${t.faults} faults | ${t.awardsAcknowledged} | ${t.awardsLost} | ${t.doubleCredits} | ${t.auditsPassed} passed | |`, '');
lines.push('Time to recover: silo kills — from each kill to the end of the longest stretch with no acknowledgement before the next kill;');
lines.push('storage outage — from storage answering again to the 20th consecutive acknowledgement (target 10 s), after the pause and after the restart;');
lines.push('front-end kill — from the kill to the restarted front end answering `/health/ready`.', '');
for (const s of report.scenarios) {
  if (s.details && Object.keys(s.details).length) {
    lines.push(`**${s.scenario}**: ` + Object.entries(s.details).map(([k, v]) => `${k} ${v}`).join('; ') + '.');
    for (const n of s.notes ?? []) lines.push(`  Note: ${n}`);
    lines.push('');
  }
  if (s.failure && s.test !== 'Passed') lines.push(`**${s.scenario} failed**: ${s.failure}`, '');
}
const md = lines.join('\n') + '\n';
writeFileSync(join(dir, 'report.md'), md);
process.stdout.write(md);
