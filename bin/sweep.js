#!/usr/bin/env node
// The `sweep` command: runs the compiled CLI (build first with `make build`).
await import('../dist/src/cli.js');
