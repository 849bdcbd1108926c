// The reconciliation call's answer: patches to the draft architecture, applied for real (the
// defect in the original pipeline was that its fixes never applied). A patch that does not fit
// the design is rejected with a reason, never applied halfway; the caller re-validates after.
import { z } from 'zod';
import { normalizePath } from './dependencyResolution';
import type { DraftArchitecture, DraftFile } from './draftArchitecture';

const apiSchema = z.object({ name: z.string().min(1), signature: z.string().min(1), description: z.string().optional(), exported: z.boolean() });
export const draftFileSchema = z.object({
	path: z.string().min(1),
	purpose: z.string(),
	language: z.string().min(1),
	api: z.array(apiSchema),
	dependsOn: z.array(z.string()),
});

export const patchSchema = z.discriminatedUnion('op', [
	z.object({ op: z.literal('replaceFile'), file: draftFileSchema }).describe('Replace the whole design of an existing file (same path).'),
	z.object({ op: z.literal('addFile'), file: draftFileSchema }),
	z.object({ op: z.literal('removeFile'), path: z.string().min(1) }),
	z.object({ op: z.literal('addDependency'), path: z.string().min(1), dependency: z.string().min(1) }),
	z.object({ op: z.literal('removeDependency'), path: z.string().min(1), dependency: z.string().min(1) }),
	z.object({ op: z.literal('renameSymbol'), path: z.string().min(1), from: z.string().min(1), to: z.string().min(1) }),
	z.object({ op: z.literal('setSignature'), path: z.string().min(1), name: z.string().min(1), signature: z.string().min(1), exported: z.boolean().optional() }),
]);
export type ArchitecturePatch = z.infer<typeof patchSchema>;

export const reconciliationSchema = z.object({ patches: z.array(patchSchema) });

export interface PatchOutcome {
	design: DraftArchitecture;
	applied: ArchitecturePatch[];
	rejected: Array<{ patch: ArchitecturePatch; reason: string }>;
}

const clone = (design: DraftArchitecture): DraftArchitecture => structuredClone(design);

function normalizeFile(file: DraftFile): DraftFile {
	return { ...file, path: normalizePath(file.path) };
}

/** Applies one patch to `design` in place, or returns why it cannot apply. */
function applyOne(design: DraftArchitecture, patch: ArchitecturePatch): string | undefined {
	const find = (path: string) => design.files.find((f) => f.path === normalizePath(path));
	switch (patch.op) {
		case 'replaceFile': {
			const i = design.files.findIndex((f) => f.path === normalizePath(patch.file.path));
			if (i < 0) {
				return `no file ${patch.file.path} to replace (use addFile for a new file)`;
			}
			design.files[i] = normalizeFile(patch.file);
			return undefined;
		}
		case 'addFile':
			if (find(patch.file.path)) {
				return `${patch.file.path} already exists (use replaceFile)`;
			}
			design.files.push(normalizeFile(patch.file));
			return undefined;
		case 'removeFile': {
			const target = find(patch.path);
			if (!target) {
				return `no file ${patch.path} to remove`;
			}
			design.files = design.files.filter((f) => f !== target);
			return undefined;
		}
		case 'addDependency': {
			const target = find(patch.path);
			if (!target) {
				return `no file ${patch.path}`;
			}
			if (!target.dependsOn.map(normalizePath).includes(normalizePath(patch.dependency))) {
				target.dependsOn.push(patch.dependency);
			}
			return undefined;
		}
		case 'removeDependency': {
			const target = find(patch.path);
			if (!target) {
				return `no file ${patch.path}`;
			}
			const before = target.dependsOn.length;
			target.dependsOn = target.dependsOn.filter((d) => normalizePath(d) !== normalizePath(patch.dependency));
			return target.dependsOn.length === before ? `${patch.path} does not depend on ${patch.dependency}` : undefined;
		}
		case 'renameSymbol': {
			const target = find(patch.path);
			const symbol = target?.api.find((a) => a.name === patch.from);
			if (!target || !symbol) {
				return `no symbol ${patch.from} in ${patch.path}`;
			}
			symbol.name = patch.to;
			symbol.signature = symbol.signature.replace(new RegExp(`\\b${patch.from.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\b`), patch.to);
			return undefined;
		}
		case 'setSignature': {
			const target = find(patch.path);
			if (!target) {
				return `no file ${patch.path}`;
			}
			const symbol = target.api.find((a) => a.name === patch.name);
			if (symbol) {
				symbol.signature = patch.signature;
				symbol.exported = patch.exported ?? symbol.exported;
			} else {
				target.api.push({ name: patch.name, signature: patch.signature, exported: patch.exported ?? true });
			}
			return undefined;
		}
	}
}

/** Applies the patches in order to a copy of `design`; the input is never modified. */
export function applyPatches(design: DraftArchitecture, patches: readonly ArchitecturePatch[]): PatchOutcome {
	const next = clone(design);
	const applied: ArchitecturePatch[] = [];
	const rejected: PatchOutcome['rejected'] = [];
	for (const patch of patches) {
		const reason = applyOne(next, patch);
		if (reason === undefined) {
			applied.push(patch);
		} else {
			rejected.push({ patch, reason });
		}
	}
	return { design: next, applied, rejected };
}
