// Where a record came from (src/store/provenance.ts): the package's and trainer's versions, Node, the machine in words,
// and the git commit of the experiment file's repository with whether its tree was dirty — against a repository
// made here with git itself, the package.json read here and the os module's own answers.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { arch, cpus, platform } from 'node:os';
import { join } from 'node:path';
import { gitState, machine, MLP_SWEEP_VERSION, provenance } from '../src/store/provenance.js';
import { ROOT } from './helpers/fixtures.js';
import { tempDir } from './helpers/cli.js';

const git = (dir: string, ...args: string[]) =>
  execFileSync('git', ['-C', dir, '-c', 'user.name=t', '-c', 'user.email=t@example.com', '-c', 'commit.gpgsign=false', ...args], { encoding: 'utf8' }).trim();

/** A repository holding experiments/x.yaml in one commit, and its commit's hash. */
function repository(): { file: string; dir: string; commit: string } {
  const dir = tempDir();
  git(dir, 'init', '-q');
  mkdirSync(join(dir, 'experiments'));
  const file = join(dir, 'experiments', 'x.yaml');
  writeFileSync(file, 'name: x\n');
  git(dir, 'add', '.');
  git(dir, 'commit', '-q', '-m', 'x');
  return { file, dir, commit: git(dir, 'rev-parse', 'HEAD') };
}

test('gitState should give the commit checked out and a clean tree, then a dirty one once a file changes', () => {
  const { file, dir, commit } = repository();
  assert.match(commit, /^[0-9a-f]{40}$/);
  assert.equal(gitState(file), { commit, dirty: false });
  writeFileSync(join(dir, 'notes.txt'), 'untracked\n');
  assert.equal(gitState(file), { commit, dirty: true });
});

test('outside a git repository gitState should give nothing, and git\'s complaint should not reach the terminal', () => {
  const dir = tempDir();
  writeFileSync(join(dir, 'x.yaml'), 'name: x\n');
  assert.is(gitState(join(dir, 'x.yaml')), undefined);
  // in a child, whose stderr the test can read: git's "fatal: not a git repository" must stay git's
  const module = join(ROOT, 'dist', 'src', 'store', 'provenance.js');
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', `const { gitState } = await import(${JSON.stringify(module)}); console.log(gitState(${JSON.stringify(join(dir, 'x.yaml'))}) === undefined);`], { encoding: 'utf8' });
  assert.equal([r.stdout, r.stderr], ['true\n', '']);
});

test('machine should say the platform, the architecture, the number of cores and the CPU model', () => {
  assert.is(machine(), `${platform()}-${arch()}, ${cpus().length} × ${cpus()[0].model.trim()}`);
  assert.not.match(machine(), /\s$/);
});

test('provenance should name the versions, Node and the machine, and the git state only for a file in a repository', () => {
  const version = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).version;
  assert.is(MLP_SWEEP_VERSION, version);
  const { file, commit } = repository();
  assert.equal(provenance(file), { version, trainerVersion: 1, node: process.version, machine: machine(), git: { commit, dirty: false } });
  assert.equal(provenance(), { version, trainerVersion: 1, node: process.version, machine: machine() });
  const outside = join(tempDir(), 'x.yaml');
  writeFileSync(outside, 'name: x\n');
  assert.not.ok('git' in provenance(outside));
});

test.run();
