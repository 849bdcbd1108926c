// The architecture while it is being designed: like the stored document, but with dependencies as
// the model wrote them (not yet resolved), so the checks can report the ones that do not resolve.
import type { ApiSignature } from './signatureParser';

export interface DraftFile {
	path: string;
	purpose: string;
	language: string;
	api: ApiSignature[];
	/** As written by the model: resolved against the file list by `resolveDependency`. */
	dependsOn: string[];
}

export interface DraftPackage {
	name: string;
	version: string;
	reason: string;
}

export interface DraftArchitecture {
	files: DraftFile[];
	packages: DraftPackage[];
}

/** Manifests, configs, docs and data: files that export no code symbols by nature. */
const nonCodeExtensions = new Set(['json', 'md', 'txt', 'yml', 'yaml', 'toml', 'ini', 'env', 'lock', 'html', 'css', 'sql', 'cfg', 'xml', 'example']);
const nonCodeNames = new Set(['dockerfile', 'makefile', 'procfile', '.gitignore', '.dockerignore', '.env', '.env.example', '.npmrc', '.eslintrc', 'license']);

export function baseName(path: string): string {
	return path.slice(path.lastIndexOf('/') + 1);
}

export function extensionOf(path: string): string {
	const name = baseName(path);
	const dot = name.lastIndexOf('.');
	return dot <= 0 ? '' : name.slice(dot + 1).toLowerCase();
}

export function stem(path: string): string {
	const name = baseName(path);
	const dot = name.lastIndexOf('.');
	return dot <= 0 ? name : name.slice(0, dot);
}

/** True for files that are not code modules: manifests, configs, docs, data, templates. */
export function isNonCodeFile(path: string): boolean {
	const name = baseName(path).toLowerCase();
	return nonCodeNames.has(name) || nonCodeExtensions.has(extensionOf(path));
}

const sourceExtensions = new Set(['ts', 'tsx', 'js', 'jsx', 'mjs', 'cjs', 'py']);

export function isSourceFile(path: string): boolean {
	return sourceExtensions.has(extensionOf(path));
}
