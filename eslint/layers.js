// The layer rule: a file under src/ may import, of Wharf's own code, only its own folder and what
// eslint/layers.json lists for the most specific folder that holds it. Bare specifiers (npm
// packages, node:) are not this rule's business.
import { readFileSync } from 'node:fs';
import { dirname, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const srcRoot = resolve(here, '..', 'src');
const table = Object.entries(JSON.parse(readFileSync(resolve(here, 'layers.json'), 'utf8')))
  .filter(([folder]) => folder !== '//')
  .sort(([a], [b]) => b.length - a.length);

const posix = (p) => p.split(sep).join('/');
const within = (path, folder) => path === folder || path.startsWith(`${folder}/`);
const asTs = (path) => path.replace(/\.js$/, '.ts');

/** The layer a path under src/ belongs to (its most specific listed folder), or undefined. */
function layerOf(path) {
  return table.find(([folder]) => within(path, folder));
}

const rule = {
  meta: {
    type: 'problem',
    docs: { description: 'A layer imports only itself and the layers below it (eslint/layers.json)' },
    schema: [],
    messages: {
      upward: "'{{target}}' is not something {{layer}}/ may import (it may import: {{allowed}}); see eslint/layers.json",
      unlisted: "src/{{path}} is in no layer of eslint/layers.json",
    },
  },
  create(context) {
    const file = posix(relative(srcRoot, context.filename));
    if (file.startsWith('..')) return {};
    const layer = layerOf(file);
    const check = (node, specifier) => {
      if (typeof specifier !== 'string' || !specifier.startsWith('.')) return;
      const target = asTs(posix(relative(srcRoot, resolve(dirname(context.filename), specifier))));
      if (target.startsWith('..')) return;
      if (!layer) {
        context.report({ node, messageId: 'unlisted', data: { path: file } });
        return;
      }
      const [folder, allowed] = layer;
      if (within(target, folder) || allowed.some((a) => within(target, a))) return;
      context.report({ node, messageId: 'upward', data: { target, layer: folder, allowed: allowed.join(', ') || 'nothing else of Wharf\'s' } });
    };
    const fromSource = (node) => check(node.source ?? node, node.source?.value);
    return {
      ImportDeclaration: fromSource,
      ExportNamedDeclaration: (node) => node.source && fromSource(node),
      ExportAllDeclaration: fromSource,
      ImportExpression: (node) => node.source.type === 'Literal' && check(node, node.source.value),
    };
  },
};

export default { rules: { layers: rule } };
