// Re-runs the threat model for one file: the model sees the PRD, the whole design and the threats
// already stored for the other files, and answers with the threats of that file only (anchors
// validated against the design). Threats of every other file stay exactly as stored; the file's
// old threats are replaced, new ones get fresh ids (ids are never reused). One new store version.
import { generateObject } from '../llm/generateObject';
import type { ChatModel, TokenUsage } from '../llm/types';
import type { AnalysisStore, Author } from '../store/analysisStore';
import type { ThreatModel, VersionRecord } from '../store/schemas';
import { renderDesigned } from './stages/apiDesignStep';
import { fromStoredArchitecture } from './stages/architectureStage';
import { renderPrd } from './stages/prdStage';
import { renderThreats, threatListSchema, toStoredThreatModel } from './stages/threatSchemas';
import { mergeThreats } from './threatMerge';

export interface FileThreatRerun {
	file: string;
	removed: string[];
	added: ThreatModel['threats'];
	version: VersionRecord;
	usage: TokenUsage;
}

const system = `You are Rampart's threat modeller. Re-assess the threats of ONE file of the design: every function-level threat of that file (CWE, STRIDE category, attack vector, the protection the code must implement), anchored to a function of that file. Threats of other files are listed for context only: do not repeat them.`;

export async function rerunThreatsForFile(store: AnalysisStore, file: string, model: ChatModel, options: { author: Author; signal?: AbortSignal }): Promise<FileThreatRerun> {
	const { documents, problems } = await store.readAll();
	if (problems.length > 0) {
		throw new Error(`The analysis cannot be read: ${problems.map((p) => p.message).join('; ')}`);
	}
	const { prd, architecture, threatModel } = documents;
	if (!prd || !architecture || !threatModel) {
		throw new Error('Re-running the threat model of a file needs a stored PRD, architecture and threat model; run the threat model (or "rampart generate") first.');
	}
	if (!architecture.files.some((f) => f.path === file)) {
		throw new Error(`${file} is not a file of the stored architecture (files: ${architecture.files.map((f) => f.path).join(', ')}).`);
	}
	const schema = threatListSchema(architecture).superRefine((value, ctx) => {
		value.threats.forEach((t, i) => {
			if (t.file !== file) {
				ctx.addIssue({ code: 'custom', path: ['threats', i, 'file'], message: `only threats of ${file} are asked for (got ${t.file})` });
			}
		});
	});
	const others = threatModel.threats.filter((t) => t.anchor.file !== file);
	const prompt = [
		`PRD:\n${renderPrd(prd)}`,
		`Design:\n${renderDesigned(fromStoredArchitecture(architecture).files)}`,
		`Threats already stored for the other files (context only):\n${others.length ? renderThreats(others) : '(none)'}`,
		`Give every threat of ${file}.`,
	].join('\n\n');
	const result = await generateObject(model, { schema, name: 'file_threats', system, prompt, signal: options.signal, maxTokens: 4096 });
	const drafts = mergeThreats([result.object.threats]);
	const removed = threatModel.threats.filter((t) => t.anchor.file === file).map((t) => t.id);
	let next = Math.max(0, ...threatModel.threats.map((t) => Number(/^T-(\d+)/.exec(t.id)?.[1] ?? 0)));
	const added = toStoredThreatModel('', '', [], drafts).threats.map((t) => ({ ...t, id: `T-${++next}` }));
	const version = await store.write(
		{ threatModel: { ...threatModel, threats: [...others, ...added] } },
		{ author: options.author, message: `Threat model re-run for ${file}: ${removed.length} threat(s) replaced by ${added.length}` },
	);
	return { file, removed, added, version, usage: result.usage };
}
