// Deterministic dependency resolution: a dependency names a file of the file list by its exact
// workspace-relative path. The only tolerance is spelling that cannot mean two things: a leading
// "./", backslashes, or an omitted extension / "/index.<ext>" that matches exactly one file.
// Anything that matches several files is an error the model gets to fix, never a guess.
import { baseName, stem } from './draftArchitecture';

export type Resolution =
	| { ok: true; path: string }
	| { ok: false; reason: 'not-found' | 'ambiguous'; message: string; candidates: string[] };

export function normalizePath(path: string): string {
	let p = path.trim().replace(/\\/g, '/').replace(/\/{2,}/g, '/');
	while (p.startsWith('./')) {
		p = p.slice(2);
	}
	return p.replace(/\/$/, '');
}

const withoutExtension = (path: string): string => {
	const slash = path.lastIndexOf('/');
	const dot = path.lastIndexOf('.');
	return dot > slash + 1 ? path.slice(0, dot) : path;
};

export function resolveDependency(dependency: string, paths: readonly string[]): Resolution {
	const wanted = normalizePath(dependency);
	if (paths.includes(wanted)) {
		return { ok: true, path: wanted };
	}
	const candidates = paths.filter((p) => withoutExtension(p) === wanted || withoutExtension(p) === `${wanted}/index`).sort();
	if (candidates.length === 1) {
		return { ok: true, path: candidates[0]! };
	}
	if (candidates.length > 1) {
		return {
			ok: false,
			reason: 'ambiguous',
			candidates,
			message: `dependency "${dependency}" is ambiguous: it matches ${candidates.join(', ')}. Name exactly one file by its full path.`,
		};
	}
	const similar = paths.filter((p) => stem(p).toLowerCase() === stem(wanted).toLowerCase() || baseName(p).toLowerCase() === baseName(wanted).toLowerCase()).sort();
	return {
		ok: false,
		reason: 'not-found',
		candidates: similar,
		message: `dependency "${dependency}" is not a file of the architecture${similar.length > 0 ? ` (did you mean ${similar.join(' or ')}?)` : ''}. Use the exact path of a listed file, or add the file.`,
	};
}

export interface ResolvedDependencies {
	/** path → resolved dependency paths (deduplicated, in the order written). */
	resolved: Map<string, string[]>;
	/** Every dependency that did not resolve. */
	errors: Array<{ file: string; dependency: string; message: string; reason: 'not-found' | 'ambiguous' | 'self' }>;
}

export function resolveAll(files: ReadonlyArray<{ path: string; dependsOn: readonly string[] }>): ResolvedDependencies {
	const paths = files.map((f) => normalizePath(f.path));
	const resolved = new Map<string, string[]>();
	const errors: ResolvedDependencies['errors'] = [];
	for (const file of files) {
		const own = normalizePath(file.path);
		const deps: string[] = [];
		for (const dependency of file.dependsOn) {
			const r = resolveDependency(dependency, paths);
			if (!r.ok) {
				errors.push({ file: own, dependency, message: `${own}: ${r.message}`, reason: r.reason });
			} else if (r.path === own) {
				errors.push({ file: own, dependency, message: `${own}: depends on itself ("${dependency}"). Remove the self-dependency.`, reason: 'self' });
			} else if (!deps.includes(r.path)) {
				deps.push(r.path);
			}
		}
		resolved.set(own, deps);
	}
	return { resolved, errors };
}
