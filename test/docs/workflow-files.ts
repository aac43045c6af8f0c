// The workflows people copy and the ones this repository runs, as the docs tests read them: the
// README's ```yaml blocks, every YAML file under examples/ that has steps, and .github/workflows/.
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import YAML from 'yaml';
import { ROOT } from '../helpers/bundles.js';

export type Step = { uses?: string; run?: string; name?: string; with?: Record<string, unknown> };
// biome-ignore lint/suspicious/noExplicitAny: parsed workflow YAML is walked by key
export type Workflow = any;

export const readText = (rel: string) => readFile(path.join(ROOT, rel), 'utf8');

/** This action (`org/pickdriver-vault-action@v1`, `./`) or its merge action (`…/merge@v1`, `./merge`). */
export const THIS_ACTION = /^(?:org\/pickdriver-vault-action(?<remoteMerge>\/merge)?@\S+|\.\/?(?<localMerge>merge)?)$/;

export function isMergeStep(step: Step): boolean {
  const match = THIS_ACTION.exec(step.uses ?? '');
  return Boolean(match?.groups?.remoteMerge || match?.groups?.localMerge);
}

export function isDrillStep(step: Step): boolean {
  return THIS_ACTION.test(step.uses ?? '') && !isMergeStep(step);
}

/** The README's ```yaml blocks, list-item indentation removed. */
export function yamlBlocks(markdown: string): string[] {
  return [...markdown.matchAll(/^( *)```yaml\n([\s\S]*?)^\1```/gm)].map(([, indent = '', body = '']) =>
    body
      .split('\n')
      .map((line) => (line.startsWith(indent) ? line.slice(indent.length) : line))
      .join('\n'),
  );
}

/** Every mapping with a `uses` or `run` key, wherever it sits (a whole workflow or a fragment). */
export function stepsIn(node: unknown, out: Step[] = []): Step[] {
  if (Array.isArray(node)) for (const item of node) stepsIn(item, out);
  else if (node && typeof node === 'object') {
    const record = node as Record<string, unknown>;
    if (typeof record.uses === 'string' || typeof record.run === 'string') out.push(record as Step);
    for (const value of Object.values(record)) stepsIn(value, out);
  }
  return out;
}

export interface WorkflowSource {
  where: string;
  doc: Workflow;
  text: string;
}

/** YAML files under a folder of the repository, recursively. */
async function yamlFiles(rel: string): Promise<string[]> {
  const entries = await readdir(path.join(ROOT, rel), { withFileTypes: true }).catch(() => []);
  const out: string[] = [];
  for (const e of entries) {
    const child = `${rel}/${e.name}`;
    if (e.isDirectory()) out.push(...(await yamlFiles(child)));
    else if (/\.ya?ml$/.test(e.name)) out.push(child);
  }
  return out.sort();
}

/** Every workflow (or workflow fragment with steps) of the README, examples/ and .github/workflows/. */
export async function allWorkflows(): Promise<WorkflowSource[]> {
  const readme = await readText('README.md');
  const fromReadme = yamlBlocks(readme).map((text, i) => ({
    where: `README block ${i + 1}`,
    doc: YAML.parseDocument(text).toJS() as Workflow,
    text,
  }));
  const files = [...(await yamlFiles('examples')), ...(await yamlFiles('.github/workflows'))];
  const fromFiles = await Promise.all(
    files.map(async (file) => {
      const text = await readText(file);
      return { where: file, doc: YAML.parse(text) as Workflow, text };
    }),
  );
  return [...fromReadme, ...fromFiles].filter((w) => stepsIn(w.doc).length > 0);
}
