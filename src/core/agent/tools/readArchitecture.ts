// read_architecture: the planned architecture from the analysis store — the file list with each
// file's purpose, its dependencies (and dependents), and its API — for the whole project or for
// one file or folder.
import { z } from 'zod';
import type { Architecture } from '../../store/schemas';
import { ToolError } from '../confinement';
import { capSections, fileFilter, matchesFilter, readArtifact } from './storeAccess';
import { agentTool } from './tool';

export const maxArchitectureChars = 60_000;

type ArchFile = Architecture['files'][number];

function describeFile(file: ArchFile, dependents: string[], withApi: boolean): string {
	const lines = [`## ${file.path} (${file.language})`, `Purpose: ${file.purpose || '(none given)'}`];
	lines.push(`Depends on: ${file.dependsOn.length > 0 ? file.dependsOn.join(', ') : 'nothing in the project'}`);
	lines.push(`Used by: ${dependents.length > 0 ? dependents.join(', ') : 'no other file'}`);
	if (file.api.length === 0) {
		lines.push('API: none');
	} else if (withApi) {
		lines.push('API:');
		for (const api of file.api) {
			lines.push(`- ${api.exported ? 'export ' : ''}${api.signature}${api.description ? ` — ${api.description}` : ''}`);
		}
	} else {
		lines.push(`API: ${file.api.map((a) => a.name).join(', ')}`);
	}
	return lines.join('\n');
}

export const readArchitectureTool = agentTool({
	name: 'read_architecture',
	description:
		'Reads the project architecture from the analysis store: every planned file with its purpose, language, dependencies, dependents and API signatures, plus the chosen packages. Optional file (a path or folder) narrows it to that part.',
	readOnly: true,
	schema: z
		.object({
			file: z.string().min(1).max(1000).optional().describe('A workspace-relative file or folder, e.g. "src/routes/login.ts" or "src/routes".'),
		})
		.strict(),
	async execute(input, ctx) {
		const filter = fileFilter(ctx, input.file);
		const arch = await readArtifact(ctx, 'architecture', 'It is written when the project is designed ("Generate Secure Project"); work from the files with list_files and read_file instead.');
		const dependents = new Map<string, string[]>();
		for (const file of arch.files) {
			for (const dep of file.dependsOn) {
				dependents.set(dep, [...(dependents.get(dep) ?? []), file.path]);
			}
		}
		const files = arch.files.filter((f) => matchesFilter(f.path, filter));
		if (files.length === 0) {
			const known = arch.files.slice(0, 30).map((f) => f.path);
			throw new ToolError(`The architecture has no file ${filter === '' ? '' : `at or under ${JSON.stringify(filter)}`}. ${arch.files.length === 0 ? 'It lists no files at all.' : `It lists ${arch.files.length} files, e.g. ${known.join(', ')}.`}`);
		}
		const header = filter === '' ? `Architecture: ${arch.files.length} files, ${arch.packages.length} packages.` : `Architecture of ${filter}: ${files.length} of ${arch.files.length} files.`;
		const sections = [header];
		if (filter === '' && arch.packages.length > 0) {
			sections.push(`Packages:\n${arch.packages.map((p) => `- ${p.name}@${p.version}${p.reason ? ` — ${p.reason}` : ''}`).join('\n')}`);
		}
		// Full signatures when they fit; names only when the whole project would be too long.
		const full = files.map((f) => describeFile(f, dependents.get(f.path) ?? [], true));
		const fits = full.reduce((n, s) => n + s.length + 1, 0) + sections.join('\n').length <= maxArchitectureChars;
		sections.push(...(fits ? full : files.map((f) => describeFile(f, dependents.get(f.path) ?? [], false))));
		if (!fits) {
			sections.splice(1, 0, 'API signatures are left out because the whole architecture is long: call read_architecture with file set to a path for its signatures.');
		}
		const failed = arch.validation.filter((v) => !v.passed);
		if (filter === '' && failed.length > 0) {
			sections.push(`Validation problems:\n${failed.map((v) => `- ${v.check}: ${v.message}`).join('\n')}`);
		}
		return { content: capSections(sections, maxArchitectureChars, (left) => `[${left} more sections not shown: call read_architecture with a file or folder to narrow it]`) };
	},
});
