// read_threats: the threats of the analysis store's threat model — CWE, STRIDE category, attack
// vector, the protection the code must have, severity and status — for the whole project, one file
// or folder, or one function of a file.
import { z } from 'zod';
import type { Threat } from '../../store/schemas';
import { ToolError } from '../confinement';
import { capSections, fileFilter, matchesFilter, readArtifact } from './storeAccess';
import { agentTool } from './tool';

export const maxThreatsChars = 60_000;

const severityRank: Record<Threat['severity'], number> = { critical: 0, high: 1, medium: 2, low: 3 };

function describeThreat(t: Threat): string {
	const where = `${t.anchor.file}#${t.anchor.function}${t.anchor.line !== undefined ? ` (line ${t.anchor.line})` : ''}`;
	const lines = [
		`## ${t.id} [${t.severity}] ${t.title}`,
		`Where: ${where}`,
		`CWE: ${t.cwe ?? 'not classified'} · STRIDE: ${t.stride} · status: ${t.status}`,
		`Attack vector: ${t.vector}`,
		`Required protection: ${t.requiredProtection}`,
	];
	if (t.evidence.length > 0) {
		lines.push(`Evidence: ${t.evidence.join('; ')}`);
	}
	return lines.join('\n');
}

export const readThreatsTool = agentTool({
	name: 'read_threats',
	description:
		'Reads the threat model from the analysis store: each threat with its CWE, STRIDE category, attack vector, the protection the code must implement, severity and status. Optional file (path or folder) and function narrow it; status filters by status. Open threats come first, most severe first.',
	readOnly: true,
	schema: z
		.object({
			file: z.string().min(1).max(1000).optional().describe('A workspace-relative file or folder.'),
			function: z.string().min(1).max(300).optional().describe('A function name within file (needs file).'),
			status: z.enum(['open', 'inProgress', 'mitigated', 'accepted', 'falsePositive']).optional(),
		})
		.strict(),
	async execute(input, ctx) {
		if (input.function !== undefined && input.file === undefined) {
			throw new ToolError('function needs file: give the file the function is in, e.g. {"file": "src/routes/login.ts", "function": "handleLogin"}.');
		}
		const filter = fileFilter(ctx, input.file);
		const model = await readArtifact(ctx, 'threatModel', 'It is written by the threat analysis; without it, rely on the security findings that write_file and lint_check report.');
		const threats = model.threats
			.filter((t) => matchesFilter(t.anchor.file, filter))
			.filter((t) => input.function === undefined || t.anchor.function === input.function)
			.filter((t) => input.status === undefined || t.status === input.status)
			.sort((a, b) => Number(a.status !== 'open') - Number(b.status !== 'open') || severityRank[a.severity] - severityRank[b.severity] || a.id.localeCompare(b.id, 'en', { numeric: true }));
		const scope = [filter !== '' ? filter : undefined, input.function !== undefined ? `function ${input.function}` : undefined, input.status !== undefined ? `status ${input.status}` : undefined].filter(Boolean).join(', ');
		if (threats.length === 0) {
			return { content: `No threats${scope ? ` for ${scope}` : ''} in the threat model (it has ${model.threats.length} threats in all).` };
		}
		const open = threats.filter((t) => t.status === 'open' || t.status === 'inProgress').length;
		const sections = [`${threats.length} threats${scope ? ` for ${scope}` : ''} (${open} open or in progress, of ${model.threats.length} in the model).`];
		if (filter === '' && input.status === undefined) {
			sections.push(`Security context: ${model.securityContext}\nAttacker model: ${model.attackerModel}`);
		}
		sections.push(...threats.map(describeThreat));
		return { content: capSections(sections, maxThreatsChars, (left) => `[${left} more threats not shown: narrow with file, function or status]`) };
	},
});
