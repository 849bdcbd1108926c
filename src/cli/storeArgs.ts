import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { AnalysisStore } from '../core/store/analysisStore';
import { StoreError, StoreNotFoundError } from '../core/store/errors';
import type { Io } from './scanCommand';

/** A problem the user can fix: printed as `rampart <command>: message`, exit status 2. */
export class StoreUsageError extends Error {}

type Options = NonNullable<ParseArgsConfig['options']>;

/** Parses one store command's arguments; unknown options are usage errors. */
export function parseStoreArgs<O extends Options>(argv: readonly string[], options: O, positionals: number) {
	let parsed;
	try {
		parsed = parseArgs({ args: [...argv], options: { ...options, help: { type: 'boolean', short: 'h' } }, allowPositionals: positionals > 0, strict: true });
	} catch (e) {
		throw new StoreUsageError((e as Error).message);
	}
	if (parsed.positionals.length > positionals) {
		throw new StoreUsageError(`unexpected argument '${parsed.positionals[positionals]}'`);
	}
	return parsed;
}

/** The store of `--workspace DIR` (default: the current folder). */
export function storeFor(io: Io, workspace: string | undefined): AnalysisStore {
	return AnalysisStore.forWorkspace(resolve(io.cwd, workspace ?? '.'));
}

/** `HEAD`, `HEAD~n`, or a unique prefix (at least 4 hex digits) of a version id. */
export async function resolveVersion(store: AnalysisStore, ref: string): Promise<string> {
	const versions = await store.listVersions();
	const back = /^HEAD(?:~(\d+))?$/i.exec(ref);
	if (back) {
		const v = versions[Number(back[1] ?? 0)];
		if (!v) {
			throw new StoreUsageError(`${ref}: the history has only ${versions.length} version(s)`);
		}
		return v.id;
	}
	if (!/^[0-9a-f]{4,64}$/.test(ref)) {
		throw new StoreUsageError(`'${ref}' is not a version: use HEAD, HEAD~n or at least 4 hex digits of an id ('rampart versions' lists them)`);
	}
	const hits = versions.filter((v) => v.id.startsWith(ref));
	if (hits.length === 0) {
		throw new StoreNotFoundError(`version ${ref}`);
	}
	if (hits.length > 1) {
		throw new StoreUsageError(`version prefix ${ref} is ambiguous (${hits.map((h) => h.id.slice(0, 12)).join(', ')})`);
	}
	return hits[0]!.id;
}

/** Writes to `--out FILE` (atomically: a temp file renamed into place) or to stdout. */
export async function emit(io: Io, out: string | undefined, text: string): Promise<void> {
	if (out === undefined) {
		io.stdout.write(text);
		return;
	}
	const target = resolve(io.cwd, out);
	await fs.mkdir(dirname(target), { recursive: true });
	const temp = `${target}.${randomBytes(6).toString('hex')}.tmp`;
	try {
		await fs.writeFile(temp, text, { encoding: 'utf8', flag: 'wx' });
		await fs.rename(temp, target);
	} catch (e) {
		await fs.rm(temp, { force: true });
		throw e;
	}
}

/** Runs a store command body, turning store and usage errors into a message and exit status 2. */
export async function runStoreCommand(name: string, io: Io, body: () => Promise<number>): Promise<number> {
	try {
		return await body();
	} catch (e) {
		if (e instanceof StoreError || e instanceof StoreUsageError) {
			io.stderr.write(`rampart ${name}: ${e.message}\n`);
			return 2;
		}
		if (e instanceof Error && /^(unknown node kind|trace filter|impact filter|bad filter)/.test(e.message)) {
			io.stderr.write(`rampart ${name}: ${e.message}\n`);
			return 2;
		}
		throw e;
	}
}
