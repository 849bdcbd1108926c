import type { CodeLens } from 'vscode-languageserver';
import type { ThreatEvaluation } from '../engine/threats/types';
import { OpenTraceCanvasCommand, type OpenTraceCanvasArgs } from '../protocol/customMessages';

/** One lens above each function with threats: "2 threats · 1 mitigated"; it opens the trace of the first. */
export function threatCodeLenses(evaluations: readonly ThreatEvaluation[]): CodeLens[] {
	const byFunction = new Map<string, ThreatEvaluation[]>();
	for (const e of evaluations) {
		const key = `${e.functionStartIndex}:${e.functionEndIndex}`;
		byFunction.set(key, [...(byFunction.get(key) ?? []), e]);
	}
	return [...byFunction.values()].map((list) => {
		const mitigated = list.filter((e) => e.verdict === 'mitigated').length;
		const args: OpenTraceCanvasArgs = { nodeId: list[0]!.threat.id, mode: 'trace' };
		const line = list[0]!.anchorRange.start.line;
		return {
			range: { start: { line, character: 0 }, end: { line, character: 0 } },
			command: {
				title: `${list.length} threat${list.length === 1 ? '' : 's'} · ${mitigated} mitigated`,
				command: OpenTraceCanvasCommand,
				arguments: [args],
			},
		};
	});
}
