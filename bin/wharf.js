#!/usr/bin/env node
// The wharf binary: a thin shim over the compiled CLI (`npm run build` produces dist/).
import { main } from '../dist/cli/main.js';

main(process.argv).catch((err) => {
  process.stderr.write(`wharf: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
