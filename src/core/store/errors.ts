/** Every failure the store reports is one of these, so callers can branch on `code`. */
export abstract class StoreError extends Error {
	abstract readonly code: string;
	constructor(message: string) {
		super(message);
		this.name = new.target.name;
	}
}

/** The file is not JSON (or YAML) at all (truncated, garbled). */
export class StoreCorruptFileError extends StoreError {
	readonly code = 'corruptFile';
	constructor(
		readonly file: string,
		readonly detail: string,
		readonly line?: number,
		readonly column?: number,
		readonly format: 'JSON' | 'YAML' = 'JSON',
	) {
		super(`${file}${line ? `:${line}:${column ?? 1}` : ''}: not valid ${format}: ${detail}`);
	}
}

export interface SchemaProblem {
	/** JSON path such as `nodes[3].id`. */
	readonly path: string;
	readonly message: string;
	/** Where the offending value (or its nearest existing parent) starts in the file, when known. */
	readonly line?: number;
	readonly column?: number;
}

/** The file is JSON but breaks its schema. */
export class StoreInvalidFileError extends StoreError {
	readonly code = 'invalidFile';
	constructor(
		readonly file: string,
		readonly problems: readonly SchemaProblem[],
	) {
		super(`${file}: does not match its schema: ${problems.map((p) => `${p.line ? `line ${p.line}: ` : ''}${p.path || '(root)'}: ${p.message}`).join('; ')}`);
	}
}

/** The version head moved since this writer read it; re-read and retry. */
export class StoreConflictError extends StoreError {
	readonly code = 'conflict';
	constructor(
		readonly expectedHead: string | null,
		readonly actualHead: string | null,
		readonly reason: 'headMoved' | 'modifiedOnDisk' = 'headMoved',
		readonly file?: string,
	) {
		super(
			reason === 'headMoved'
				? `version head moved: expected ${expectedHead ?? 'none'}, found ${actualHead ?? 'none'}; re-read and retry`
				: `${file} was changed on disk since version ${actualHead ?? 'none'}; record or discard that change first`,
		);
	}
}

export class StoreLockTimeoutError extends StoreError {
	readonly code = 'lockTimeout';
	constructor(
		readonly lockFile: string,
		readonly holder: string,
	) {
		super(`could not take ${lockFile} (held by ${holder})`);
	}
}

export class StoreNotFoundError extends StoreError {
	readonly code = 'notFound';
	constructor(readonly what: string) {
		super(`${what} not found`);
	}
}
