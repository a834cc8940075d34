// Prints the mutation score of each folder from Stryker's JSON reports (reports/mutation/<folder>.json, or one per
// part: <folder>-<part>.json) and writes each folder's surviving mutants, one per line with the replacement, to
// reports/mutation/<folder>.survivors.txt.
// Score = (killed + timed out) / (all mutants but those that could not run): Stryker's own definition.
// usage: node scripts/mutation-score.mjs FOLDER ...
import { readFileSync, writeFileSync } from 'node:fs';
import { runsOf } from './mutation-folders.mjs';

const DETECTED = new Set(['Killed', 'Timeout']);
const UNDETECTED = new Set(['Survived', 'NoCoverage']);
const rows = [];
for (const folder of process.argv.slice(2)) {
  const base = `reports/mutation/${folder.replace(/\//g, '-')}`;
  // the parts of a folder mutate disjoint files: their reports together are the folder's
  const files = runsOf(folder).flatMap((r) => Object.entries(JSON.parse(readFileSync(`reports/mutation/${r.name}.json`, 'utf8')).files));
  let detected = 0, undetected = 0, invalid = 0;
  const survivors = [];
  for (const [file, { source, mutants }] of files) {
    const lines = source.split('\n');
    for (const m of mutants) {
      if (DETECTED.has(m.status)) detected++;
      else if (UNDETECTED.has(m.status)) {
        undetected++;
        const { start, end } = m.location;
        const original = start.line === end.line ? lines[start.line - 1].slice(start.column - 1, end.column - 1) : `${lines[start.line - 1].slice(start.column - 1)} …`;
        const oneLine = (t) => t.replace(/\s+/g, ' ').slice(0, 160);
        survivors.push(`${file}:${start.line}:${start.column} ${m.mutatorName}: ${oneLine(original)}  →  ${oneLine(m.replacement ?? '')}`);
      } else invalid++;
    }
  }
  writeFileSync(`${base}.survivors.txt`, survivors.join('\n') + (survivors.length ? '\n' : ''));
  const total = detected + undetected;
  rows.push([folder, total ? ((100 * detected) / total).toFixed(1) : '—', detected, undetected, invalid]);
}
const all = rows.reduce((a, r) => [a[0] + r[2], a[1] + r[3]], [0, 0]);
rows.push(['all', ((100 * all[0]) / (all[0] + all[1])).toFixed(1), all[0], all[1], rows.reduce((a, r) => a + r[4], 0)]);
console.log('folder          score %   killed  survived  errors');
for (const [f, s, k, u, e] of rows) console.log(`${`src/${f}`.padEnd(16)}${String(s).padStart(7)}  ${String(k).padStart(7)}  ${String(u).padStart(8)}  ${String(e).padStart(6)}`);
