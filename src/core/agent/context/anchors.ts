// The run's anchors: what must survive every compaction verbatim — the task, the PRD, the
// architecture index, the threats of the file being worked on, and the ledger of written files.
// They are rendered into the first request after a compaction (inside the summary message).
import type { WriteEntry } from './readLedger';

type Text = string | undefined;
type TextSource = Text | (() => Text | Promise<Text>);

export interface AnchorSources {
	/** The PRD (or its summary) the run implements. */
	prd?: TextSource;
	/** The architecture index: components and where they live. */
	architectureIndex?: TextSource;
	/** The threats (and their mitigations) that apply to one workspace file. */
	threatsFor?: (path: string) => Text | Promise<Text>;
}

export interface AnchorState {
	/** Every user request of the run, in order. */
	tasks: readonly string[];
	/** The file the run touched last, for its threats. */
	currentFile?: string;
	written: readonly WriteEntry[];
}

/** Each anchor is cut to this many characters so anchors never crowd out the conversation. */
export const maxAnchorChars = 12_000;

const clip = (text: string): string => (text.length > maxAnchorChars ? `${text.slice(0, maxAnchorChars)}\n[… ${text.length - maxAnchorChars} more characters not shown]` : text);

async function resolve(source: TextSource): Promise<Text> {
	return typeof source === 'function' ? await source() : source;
}

export async function renderAnchors(sources: AnchorSources, state: AnchorState): Promise<string> {
	const parts: string[] = ['## Anchors (kept verbatim across compaction)'];
	parts.push(`### Task\n${state.tasks.length > 0 ? state.tasks.map((t, i) => (state.tasks.length > 1 ? `${i + 1}. ${clip(t)}` : clip(t))).join('\n') : '(none given)'}`);
	const prd = await resolve(sources.prd);
	if (prd?.trim()) {
		parts.push(`### PRD\n${clip(prd.trim())}`);
	}
	const architecture = await resolve(sources.architectureIndex);
	if (architecture?.trim()) {
		parts.push(`### Architecture index\n${clip(architecture.trim())}`);
	}
	if (state.currentFile && sources.threatsFor) {
		const threats = await sources.threatsFor(state.currentFile);
		if (threats?.trim()) {
			parts.push(`### Threats for the current file (${state.currentFile})\n${clip(threats.trim())}`);
		}
	}
	parts.push(
		`### Files written so far\n${
			state.written.length > 0 ? state.written.map((w) => `- ${w.path} (sha256 ${w.hash.slice(0, 12)}, ${w.tool} call ${w.callId})`).join('\n') : '(none yet)'
		}`,
	);
	return parts.join('\n\n');
}
