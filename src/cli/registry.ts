// `wharf registry ...`: operator commands for the registry. `import-vulns FILE` validates an OSV
// vulnerability feed and installs it where the server's scanner reads it (<dataDir>/vulns/feed.json,
// replaced atomically); a running server picks it up at its next scan.
import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { feedPath, installFeed } from '../registry/jobs/feedFile.js';

export function addRegistryCommands(program: Command, defaultDataDir: string): void {
  const registry = program.command('registry').description('operate the image registry');
  registry.command('import-vulns')
    .description('load an OSV vulnerability feed (JSON array, one record, or JSON lines) for image scanning')
    .argument('<file>', 'the OSV file')
    .option('--data-dir <dir>', 'the server\'s data directory', defaultDataDir)
    .action(async (file: string, opts: { dataDir: string }) => {
      const text = await readFile(file, 'utf8');
      const feed = await installFeed(opts.dataDir, text);
      const updated = feed.updatedAt ? ` (latest modified ${feed.updatedAt.toISOString()})` : '';
      process.stdout.write(`Loaded ${feed.records.length} vulnerability records from ${file} into ${feedPath(opts.dataDir)}${updated}\n`);
    });
}
