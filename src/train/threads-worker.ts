// Entry of threads 1 … threads−1 of a ThreadTeam (threads.ts): map the shared buffers, then serve until told to stop.
import { workerData } from 'node:worker_threads';
import { serve, threadContext, type TeamBuffers } from './threads.js';

const { buffers, index } = workerData as { buffers: TeamBuffers; index: number };
serve(threadContext(buffers, index));
