// The one-line message loadExperiment refuses an experiment file's text with (fails the test if it loads).
import * as assert from 'uvu/assert';
import { loadExperiment } from '../../src/config/load.js';
import { UserError } from '../../src/errors.js';
import { experimentFile } from './cli.js';

export function loadError(text: string): string {
  try {
    loadExperiment(experimentFile(text));
  } catch (err) {
    assert.instance(err, UserError);
    return (err as UserError).message;
  }
  assert.unreachable('loaded without an error');
  return '';
}
