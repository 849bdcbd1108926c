// Shared by the tools that read the `.rampart/` analysis store: a validated read that turns a
// missing store, a missing document or an invalid one into a message the model can act on, and
// the lexical normalisation of a file filter (the store holds workspace-relative paths).
import type { ArtifactKind, ArtifactOf } from '../../store/schemas';
import { ToolError } from '../confinement';
import type { ToolContext } from './tool';

const documentNames: Partial<Record<ArtifactKind, string>> = { architecture: 'architecture document (.rampart/architecture.json)', threatModel: 'threat model (.rampart/threat-model.json)' };

/** The document, or a ToolError saying why it is not available. */
export async function readArtifact<K extends ArtifactKind>(ctx: ToolContext, kind: K, howToCreate: string): Promise<ArtifactOf<K>> {
	const name = documentNames[kind] ?? kind;
	if (!ctx.store) {
		throw new ToolError(`No analysis store is open in this session, so the ${name} cannot be read.`);
	}
	let doc: ArtifactOf<K> | undefined;
	try {
		doc = await ctx.store.read(kind);
	} catch (error) {
		throw new ToolError(`The ${name} exists but could not be read: ${(error as Error)?.message ?? String(error)}`);
	}
	if (doc === undefined) {
		throw new ToolError(`The workspace has no ${name} yet. ${howToCreate}`);
	}
	return doc;
}

/** A workspace-relative file or folder filter, normalised like any tool path ('' when absent or the root). */
export function fileFilter(ctx: ToolContext, input: string | undefined): string {
	return input === undefined ? '' : ctx.confinement.normalize(input);
}

/** Whether `path` is the filter itself or inside the filter folder. */
export function matchesFilter(path: string, filter: string): boolean {
	return filter === '' || path === filter || path.startsWith(`${filter}/`);
}

/** Joins sections, stopping (with a note) before the output passes `maxChars`. */
export function capSections(sections: string[], maxChars: number, note: (left: number) => string): string {
	const out: string[] = [];
	let size = 0;
	for (let i = 0; i < sections.length; i++) {
		if (size + sections[i].length > maxChars && out.length > 0) {
			out.push(note(sections.length - i));
			break;
		}
		out.push(sections[i]);
		size += sections[i].length + 1;
	}
	return out.join('\n');
}
