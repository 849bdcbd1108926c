// Answers every request of a generation run from the scripted Express project, by what the request
// asks for (so concurrent calls may arrive in any order). `faults` replace the answer of the n-th
// request of a kind with malformed text, to test repair and clear failure.
import type { NormalizedRequest } from '../../support/llmServer/normalize';
import type { Step } from '../../support/llmServer/script';
import * as project from '../../fixtures/pipeline/expressLoginProject';

export type RequestKind = 'prd' | 'fileList' | 'api' | 'reconcile' | 'threats' | 'chains' | 'context' | 'chainThreats' | 'judge' | 'code';

export function kindOf(request: NormalizedRequest): RequestKind {
	const s = request.system;
	const lastUser = [...request.messages].reverse().find((m) => m.role === 'user')?.text ?? '';
	if (request.tools.includes('write_file')) {return 'code';}
	if (s.includes('product analyst')) {return 'prd';}
	if (s.includes('List every file')) {return 'fileList';}
	if (s.includes('Design the API of one file')) {return 'api';}
	if (s.includes('Programmatic checks found')) {return 'reconcile';}
	if (s.includes('List every entry interface')) {return 'chains';}
	if (s.includes('Analyse one invocation chain')) {return 'chainThreats';}
	if (s.includes('judging a threat model')) {return 'judge';}
	if (lastUser.includes('security context and the attacker model')) {return 'context';}
	return 'threats';
}

const object = (value: unknown): Step => ({ reply: { object: JSON.stringify(value) } });

export interface ScriptedProjectOptions {
	/** kind → answer text for the first request of that kind (and for the repair too when `repeat`). */
	faults?: Partial<Record<RequestKind, { text: string; repeat?: boolean }>>;
	judgeScores?: number[];
	/** The first write of this file is cut in half (truncated output). */
	truncateFirst?: string;
	/** Before writing a file, read every file it depends on (as real models do). */
	readDependencies?: boolean;
}

export function scriptedProject(options: ScriptedProjectOptions = {}) {
	const seen = new Map<RequestKind, number>();
	const written = new Map<string, number>();
	const log: RequestKind[] = [];
	const script = (request: NormalizedRequest): Step => {
		const kind = kindOf(request);
		log.push(kind);
		const n = (seen.get(kind) ?? 0) + 1;
		seen.set(kind, n);
		const fault = options.faults?.[kind];
		if (fault && (n === 1 || fault.repeat)) {
			return { reply: { object: fault.text } };
		}
		const lastUser = [...request.messages].reverse().find((m) => m.role === 'user')?.text ?? '';
		switch (kind) {
			case 'prd':
				return object(project.prd);
			case 'fileList':
				return object(project.fileList);
			case 'api': {
				const path = /Design the API of (\S+) \(/.exec(lastUser)?.[1] ?? '';
				return object(project.apis[path] ?? { symbols: [] });
			}
			case 'reconcile':
				return object(project.reconciliation);
			case 'threats':
				return object(project.threatModel);
			case 'chains':
				return object({ entryInterfaces: project.threatModel.entryInterfaces });
			case 'context':
				return object({ securityContext: project.threatModel.securityContext, attackerModel: project.threatModel.attackerModel });
			case 'chainThreats':
				return object({ threats: project.threats });
			case 'judge': {
				const score = options.judgeScores?.[n - 1] ?? 5;
				return object({ relevance: score, impact: score, exploitability: score });
			}
			case 'code': {
				const path = /^(?:Write (\S+) \(|The security scanner found \d+ problem\(s\) in (\S+) )/.exec(lastUser);
				const file = path?.[1] ?? path?.[2] ?? '';
				const last = request.messages.at(-1);
				const deps = project.fileList.files.find((x) => x.path === file)?.dependsOn ?? [];
				if (options.readDependencies && path?.[1] && last?.role === 'user' && deps.length > 0) {
					return { reply: { toolCalls: deps.map((dep, i) => ({ id: `call_r_${log.length}_${i}`, name: 'read_file', arguments: JSON.stringify({ path: dep }) })) } };
				}
				const round = (written.get(file) ?? 0) + 1;
				written.set(file, round);
				let content = round === 1 && project.firstVersions[file] ? project.firstVersions[file] : project.code[file];
				if (content !== undefined && round === 1 && options.truncateFirst === file) {
					content = content.slice(0, Math.floor(content.length / 2));
				}
				if (content === undefined) {
					return { reply: { text: `unknown file ${file}` } };
				}
				return { reply: { toolCalls: [{ id: `call_w_${log.length}`, name: 'write_file', arguments: JSON.stringify({ path: file, content }) }, { id: `call_f_${log.length}`, name: 'finish', arguments: JSON.stringify({ summary: `wrote ${file}` }) }] } };
			}
		}
	};
	return { script, log };
}
