// Where a record came from: the mlp-sweep and trainer versions, Node, the machine, and the git commit of the
// experiment file's repository (with whether its tree had uncommitted changes). Measured once per sweep.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { arch, cpus, platform } from 'node:os';
import { dirname } from 'node:path';
import { TRAINER_VERSION } from '../train/train.js';

export interface Provenance {
  /** mlp-sweep's package version */
  version: string;
  trainerVersion: number;
  node: string;
  machine: string;
  /** absent when the experiment file is not in a git repository (or git is not installed) */
  git?: { commit: string; dirty: boolean };
}

/** package.json's version (the compiled file sits at dist/src/store/). */
export const MLP_SWEEP_VERSION: string = (
  JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { version: string }
).version;

export function machine(): string {
  return `${platform()}-${arch()}, ${cpus().length} × ${cpus()[0]?.model.trim() ?? 'unknown CPU'}`;
}

/** The commit checked out in the repository holding `file`, and whether its tree was dirty; undefined outside git. */
export function gitState(file: string): Provenance['git'] {
  const git = (...args: string[]) => execFileSync('git', ['-C', dirname(file), ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  try {
    return { commit: git('rev-parse', 'HEAD').trim(), dirty: git('status', '--porcelain').trim() !== '' };
  } catch {
    return undefined;
  }
}

export function provenance(experimentFile?: string): Provenance {
  const repo = experimentFile === undefined ? undefined : gitState(experimentFile);
  return { version: MLP_SWEEP_VERSION, trainerVersion: TRAINER_VERSION, node: process.version, machine: machine(), ...(repo ? { git: repo } : {}) };
}
