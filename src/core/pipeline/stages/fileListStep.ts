// Architecture step 1: the file list with dependencies. The schema's refinement resolves every
// dependency and layers the files, so an unknown or ambiguous dependency or a cycle goes back to
// the model in the repair round as a precise error, never as a guess.
import { z } from 'zod';
import { generateObject } from '../../llm/generateObject';
import type { Prd } from '../../store/schemas';
import { normalizePath, resolveAll } from '../dependencyResolution';
import { topologicalLayers } from '../topologicalLayers';
import { stageStep, type StageContext } from '../stageContext';
import { renderPrd } from './prdStage';

const pathText = z
	.string()
	.min(1)
	.refine((p) => !p.startsWith('/') && !/^[A-Za-z]:/.test(p) && !p.replace(/\\/g, '/').split('/').includes('..'), 'must be a project-relative path without ".."');

export const fileListSchema = z
	.object({
		files: z.array(z.object({ path: pathText, purpose: z.string().min(1), language: z.string().min(1), dependsOn: z.array(z.string()) })).min(1),
		packages: z.array(z.object({ name: z.string().min(1), version: z.string().min(1), reason: z.string() })),
	})
	.superRefine((list, ctx) => {
		const seen = new Set<string>();
		list.files.forEach((f, i) => {
			const p = normalizePath(f.path);
			if (seen.has(p)) {
				ctx.addIssue({ code: 'custom', path: ['files', i, 'path'], message: `duplicate file ${p}` });
			}
			seen.add(p);
		});
		const { resolved, errors } = resolveAll(list.files);
		for (const e of errors) {
			ctx.addIssue({ code: 'custom', path: ['files', list.files.findIndex((f) => normalizePath(f.path) === e.file), 'dependsOn'], message: e.message });
		}
		for (const cycle of topologicalLayers(resolved).cycles) {
			ctx.addIssue({ code: 'custom', path: ['files'], message: `dependency cycle ${cycle.join(' → ')}: break it` });
		}
		if (![...seen].some((p) => /(^|\/)readme\.md$/i.test(p))) {
			ctx.addIssue({ code: 'custom', path: ['files'], message: 'the file list has no README.md' });
		}
	});
export type FileList = z.infer<typeof fileListSchema>;

const system = `You are Rampart's software architect. List every file of the project: source modules, the package manifest, every configuration file, a README.md, the entry file and tests.
Each dependency is the exact path of another file in the list (the files it imports or needs). No dependency cycles.`;

export async function runFileListStep(prd: Prd, ctx: StageContext): Promise<FileList> {
	ctx.onProgress?.({ stage: 'architecture', step: 'file list' });
	const result = await stageStep('architecture', 'file list', () =>
		generateObject(ctx.model, { schema: fileListSchema, name: 'file_list', system, prompt: `PRD:\n${renderPrd(prd)}\n\nList the project's files.`, signal: ctx.signal, maxTokens: 4096 }),
	);
	ctx.usage.add(result.usage);
	const files = result.object.files.map((f) => ({ ...f, path: normalizePath(f.path) }));
	return { files, packages: result.object.packages };
}
