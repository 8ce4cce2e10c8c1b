// The layers of src/: eslint/layers.json says what each folder may import, each folder's README
// says the same on its "May import:" line, and `npm run lint` refuses an import that reaches up.
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { ESLint } from 'eslint';

const root = join(import.meta.dirname, '..');
const table = Object.fromEntries(
  Object.entries(JSON.parse(readFileSync(join(root, 'eslint/layers.json'), 'utf8')) as Record<string, string[]>)
    .filter(([folder]) => folder !== '//'),
);

function mayImportLine(folder: string): string[] | undefined {
  const readme = join(root, 'src', folder, 'README.md');
  if (!existsSync(readme)) return undefined;
  const paragraphs = readFileSync(readme, 'utf8').split(/\n\s*\n/).filter((p) => p.startsWith('May import:'));
  assert.equal(paragraphs.length, 1, `src/${folder}/README.md has one "May import:" paragraph`);
  const listed = (paragraphs[0] ?? '').replace(/\([^)]*\)/g, '');
  const names = [...listed.matchAll(/`([^`]+)`/g)].map((m) => m[1] ?? '');
  return names.sort();
}

async function lint(file: string, source: string): Promise<string[]> {
  const eslint = new ESLint({ cwd: root });
  const [result] = await eslint.lintText(source, { filePath: join(root, file) });
  return (result?.messages ?? []).filter((m) => m.ruleId === 'wharf/layers').map((m) => m.message);
}

describe('layers', () => {
  it('every folder in the table says, in its README, what the table says it may import', () => {
    for (const [folder, allowed] of Object.entries(table)) {
      assert.deepEqual(mayImportLine(folder), [...allowed].sort(), `src/${folder}/README.md`);
    }
  });

  it('every top-level folder of src/ is a layer of the table', () => {
    const folders = readdirSync(join(root, 'src'), { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name);
    assert.deepEqual(folders.filter((f) => !(f in table)), []);
  });

  it('lint refuses an import that reaches up a layer', async () => {
    assert.match((await lint('src/placement/x.ts', "export { runTasks } from '../api/ecs/task/launch.js';\n"))[0] ?? '', /not something placement\/ may import/);
    assert.match((await lint('src/protocol/ecs/x.ts', "import { ServerException } from '../errors.js';\nexport const e = ServerException;\n"))[0] ?? '', /protocol\/ecs\//);
    assert.match((await lint('src/agent/engine/x.ts', "import type { Store } from '../../state/store.js';\nexport type S = Store;\n"))[0] ?? '', /agent\//);
    assert.match((await lint('src/identity/x.ts', "export const m = await import('../protocol/context.js');\n"))[0] ?? '', /identity\//);
  });

  it('lint lets a layer import itself and the layers below it', async () => {
    assert.deepEqual(await lint('src/api/ecs/x.ts', "import { place } from '../../placement/index.js';\nimport type { Store } from '../../state/store.js';\nimport { arns } from './arns.js';\nexport type S = Store;\nexport const p = [place, arns];\n"), []);
    assert.deepEqual(await lint('src/registry/lifecycle/x.ts', "export { InvalidParameterException } from '../../protocol/errors.js';\n"), []);
  });
});
