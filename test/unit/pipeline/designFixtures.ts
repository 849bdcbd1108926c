// Small draft architectures for the pure pipeline tests.
import type { DraftArchitecture, DraftFile } from '../../../src/core/pipeline/draftArchitecture';

export function file(path: string, api: Array<[string, string, boolean?]> = [], dependsOn: string[] = []): DraftFile {
	return { path, purpose: `${path} purpose`, language: 'typescript', api: api.map(([name, signature, exported]) => ({ name, signature, exported: exported ?? true })), dependsOn };
}

export function design(...files: DraftFile[]): DraftArchitecture {
	return { files, packages: [] };
}

/** A consistent small Express API: every check passes on it. */
export function cleanDesign(): DraftArchitecture {
	return design(
		file('package.json'),
		file('src/types.ts', [
			['User', 'interface User { id: string; passwordHash: string }'],
			['Session', 'interface Session { token: string; userId: string }'],
		]),
		file('src/db.ts', [['findUser', 'findUser(username: string): Promise<User | undefined>']], ['src/types.ts', 'package.json']),
		file('src/auth.ts', [['login', 'login(username: string, password: string): Promise<Session>']], ['src/db.ts', 'src/types.ts']),
		file('src/app.ts', [['createApp', 'createApp(): Express']], ['src/auth.ts']),
	);
}
