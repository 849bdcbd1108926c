// `rampart generate "<prompt>" [--out DIR] [--threat-model simple|full] [--candidates K]
// [--provider P --model M] [--rerun STAGE]`: runs the generation pipeline on a folder with a live
// status line (one line rewritten in place on a terminal, one line per step otherwise). Ctrl-C
// cancels; a re-run resumes at the first incomplete stage.
import { promises as fs } from 'node:fs';
import { resolve } from 'node:path';
import { SecurityEngine } from '../../language-server/src/engine/securityEngine';
import { NodeWorkspace } from '../core/agent/nodeWorkspace';
import { createChatModel, fromEnvironment } from '../core/llm/providerConfig';
import { runPipeline } from '../core/pipeline/pipelineRunner';
import { STAGE_ORDER, type Progress, type StageName } from '../core/pipeline/stageContext';
import type { Io } from './scanCommand';

export const generateUsage = `Usage: rampart generate "<prompt>" [options]

Options:
  --out DIR                  Project folder (default: the current folder)
  --threat-model simple|full Threat-model mode (default: simple)
  --candidates K             Full mode: threat-model candidates judged (default: 3)
  --provider P --model M     openai | anthropic | openai-compatible, and the model
  --rerun STAGE              Re-run prd | architecture | threatModel | stpa | code and later stages

Keys come from OPENAI_API_KEY / ANTHROPIC_API_KEY / RAMPART_API_KEY; RAMPART_BASE_URL sets a server.`;

export interface GenerateArgs {
	prompt: string;
	out?: string;
	mode: 'simple' | 'full';
	candidates: number;
	provider?: string;
	model?: string;
	rerun?: StageName;
}

export function parseGenerateArgs(argv: readonly string[]): GenerateArgs | { error: string } {
	const args: Partial<GenerateArgs> & { mode: 'simple' | 'full'; candidates: number } = { mode: 'simple', candidates: 3 };
	for (let i = 0; i < argv.length; i++) {
		const a = argv[i]!;
		const value = (): string | undefined => argv[++i];
		if (a === '--out') {args.out = value();}
		else if (a === '--threat-model') {
			const v = value();
			if (v !== 'simple' && v !== 'full') {return { error: `--threat-model must be simple or full (got "${v ?? ''}")` };}
			args.mode = v;
		} else if (a === '--candidates') {
			const v = Number(value());
			if (!Number.isInteger(v) || v < 1 || v > 10) {return { error: '--candidates must be an integer from 1 to 10' };}
			args.candidates = v;
		} else if (a === '--provider') {args.provider = value();}
		else if (a === '--model') {args.model = value();}
		else if (a === '--rerun') {
			const v = value() as StageName;
			if (!STAGE_ORDER.includes(v)) {return { error: `--rerun must be one of ${STAGE_ORDER.join(', ')}` };}
			args.rerun = v;
		} else if (a.startsWith('--')) {return { error: `unknown option ${a}` };}
		else if (args.prompt === undefined) {args.prompt = a;}
		else {return { error: `unexpected argument "${a}" (quote the prompt)` };}
	}
	if (!args.prompt?.trim()) {return { error: 'a prompt is required' };}
	if ((args.out === undefined && argv.includes('--out')) || (args.provider === undefined && argv.includes('--provider')) || (args.model === undefined && argv.includes('--model'))) {
		return { error: 'an option is missing its value' };
	}
	return args as GenerateArgs;
}

export function statusText(p: Progress): string {
	return `[${STAGE_ORDER.indexOf(p.stage) + 1}/${STAGE_ORDER.length} ${p.stage}] ${p.step}${p.file ? ` ${p.file}` : ''}`;
}

export async function generateCommand(argv: readonly string[], io: Io): Promise<number> {
	if (argv.includes('--help') || argv.includes('-h')) {
		io.stdout.write(`${generateUsage}\n`);
		return 0;
	}
	const args = parseGenerateArgs(argv);
	if ('error' in args) {
		io.stderr.write(`rampart generate: ${args.error}\n\n${generateUsage}\n`);
		return 2;
	}
	const root = resolve(io.cwd, args.out ?? '.');
	const controller = new AbortController();
	const onSigint = () => controller.abort();
	process.once('SIGINT', onSigint);
	const tty = io.stderr.isTTY === true;
	let shown = '';
	const show = (p: Progress) => {
		const line = statusText(p);
		if (line !== shown) {
			shown = line;
			io.stderr.write(tty ? `\r\x1b[K${line.slice(0, 160)}` : `${line}\n`);
		}
	};
	try {
		await fs.mkdir(root, { recursive: true });
		const env = { ...io.env, ...(args.provider ? { RAMPART_PROVIDER: args.provider } : {}), ...(args.model ? { RAMPART_MODEL: args.model } : {}) };
		const { profile, secrets } = fromEnvironment(env);
		const model = await createChatModel(profile, secrets);
		const result = await runPipeline({ prompt: args.prompt, root, model, workspace: new NodeWorkspace(root), engine: () => SecurityEngine.create(), threatModel: args.mode, candidates: args.candidates, rerun: args.rerun, signal: controller.signal, onProgress: show });
		if (tty) {io.stderr.write('\n');}
		const failed = result.files.filter((f) => f.status === 'failed');
		io.stdout.write(`Generated ${result.files.length - failed.length} file(s) in ${root}; ${result.usage.total.inputTokens} input + ${result.usage.total.outputTokens} output tokens.\n`);
		for (const f of result.files) {
			io.stdout.write(`  ${f.status === 'written' ? '✓' : '✗'} ${f.path}${f.rounds > 1 ? ` (${f.rounds} rounds, findings ${f.findingsPerRound.join(' → ')})` : ''}\n`);
		}
		if (result.completeness.length > 0) {io.stdout.write(`STPA-Sec completeness:\n${result.completeness.map((c) => `  - ${c}`).join('\n')}\n`);}
		return failed.length > 0 ? 1 : 0;
	} catch (error) {
		if (tty) {io.stderr.write('\n');}
		io.stderr.write(`rampart generate: ${controller.signal.aborted ? 'cancelled; run the same command again to resume. ' : ''}${(error as Error).message}\n`);
		return controller.signal.aborted ? 130 : 1;
	} finally {
		process.off('SIGINT', onSigint);
	}
}
