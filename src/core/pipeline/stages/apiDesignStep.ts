// Architecture step 2: the API of one file, designed knowing the full signatures of every file of
// the earlier layers. Symbols come back structured and are rendered to one signature text per
// symbol, which is what the store keeps and the checks parse.
import { z } from 'zod';
import { generateObject } from '../../llm/generateObject';
import type { Prd } from '../../store/schemas';
import type { DraftFile } from '../draftArchitecture';
import type { ApiSignature } from '../signatureParser';
import { stageStep, type StageContext } from '../stageContext';
import { renderPrd } from './prdStage';

const typed = z.object({ name: z.string().min(1), type: z.string().min(1) });

export const fileApiSchema = z.object({
	symbols: z.array(
		z.object({
			name: z.string().min(1).describe('Methods are named Class.method'),
			kind: z.enum(['function', 'class', 'interface', 'type', 'const']),
			params: z.array(typed).optional().describe('functions and methods'),
			returns: z.string().optional().describe('return type of a function; the definition of a type; the type of a const'),
			fields: z.array(typed).optional().describe('interfaces and classes'),
			description: z.string().optional(),
			exported: z.boolean(),
		}),
	),
	dependsOn: z.array(z.string()).optional().describe('only if the file list missed a dependency'),
});
export type FileApi = z.infer<typeof fileApiSchema>;

export function renderSymbol(s: FileApi['symbols'][number]): ApiSignature {
	const fields = (s.fields ?? []).map((f) => `${f.name}: ${f.type}`).join('; ');
	let signature: string;
	switch (s.kind) {
		case 'function':
			signature = `${s.name}(${(s.params ?? []).map((p) => `${p.name}: ${p.type}`).join(', ')}): ${s.returns ?? 'void'}`;
			break;
		case 'class':
			signature = `class ${s.name}${fields ? ` { ${fields} }` : ''}`;
			break;
		case 'interface':
			signature = `interface ${s.name} { ${fields} }`;
			break;
		case 'type':
			signature = `type ${s.name} = ${s.returns ?? 'unknown'}`;
			break;
		case 'const':
			signature = `const ${s.name}: ${s.returns ?? 'unknown'}`;
			break;
	}
	return { name: s.name, signature, ...(s.description ? { description: s.description } : {}), exported: s.exported };
}

/** Earlier files as the designer of a later file sees them: every signature in full. */
export function renderDesigned(files: readonly DraftFile[]): string {
	if (files.length === 0) {
		return '(none yet: this is the first layer)';
	}
	return files.map((f) => [`### ${f.path}${f.dependsOn.length ? ` (depends on ${f.dependsOn.join(', ')})` : ''}`, ...f.api.map((a) => `${a.exported ? 'export ' : ''}${a.signature}${a.description ? ` // ${a.description}` : ''}`)].join('\n')).join('\n\n');
}

const system = `You are Rampart's software architect. Design the API of one file: every exported function (with typed parameters and return type), class, interface, type and constant other files need, plus important internal functions (exported: false).
Use exactly the names and parameter lists of the earlier files' signatures when this file calls or re-exports them. Types from other files must come from files this one depends on. Configuration, manifest and documentation files have no symbols: answer {"symbols": []}.`;

export async function designFileApi(file: { path: string; purpose: string; language: string; dependsOn: string[] }, prd: Prd, fileIndex: string, earlier: readonly DraftFile[], ctx: StageContext): Promise<DraftFile> {
	ctx.onProgress?.({ stage: 'architecture', step: 'API design', file: file.path });
	const prompt = [`PRD:\n${renderPrd(prd)}`, `All files:\n${fileIndex}`, `Signatures of the files designed so far:\n${renderDesigned(earlier)}`, `Design the API of ${file.path} (${file.language}): ${file.purpose}\nIt depends on: ${file.dependsOn.join(', ') || 'nothing'}.`].join('\n\n');
	const result = await stageStep('architecture', `API design of ${file.path}`, () => generateObject(ctx.model, { schema: fileApiSchema, name: 'file_api', system, prompt, signal: ctx.signal, maxTokens: 4096 }));
	ctx.usage.add(result.usage);
	const extra = (result.object.dependsOn ?? []).filter((d) => !file.dependsOn.includes(d));
	return { path: file.path, purpose: file.purpose, language: file.language, api: result.object.symbols.map(renderSymbol), dependsOn: [...file.dependsOn, ...extra] };
}
