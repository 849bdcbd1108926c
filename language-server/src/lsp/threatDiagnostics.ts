import { posix } from 'node:path';
import { type Connection, type Diagnostic, DiagnosticSeverity, type PublishDiagnosticsParams } from 'vscode-languageserver';
import { locateJsonPath, StoreCorruptFileError, StoreInvalidFileError, type CompletenessProblem, type StoreError } from '../../../src/core/store';
import type { LoadedThreatModel } from '../engine/threats/threatModel';
import type { AnchorMiss, ThreatEvaluation } from '../engine/threats/types';
import type { Range } from '../engine/types';
import type { ThreatDiagnosticData } from '../protocol/customMessages';

const ignoredStatuses = new Set(['accepted', 'falsePositive']);

/** The URI of workspace file `target`, given the URI of workspace file `file`. */
function siblingUri(uri: string, file: string, target: string): string {
	return new URL(posix.relative(posix.dirname(file), target), uri).toString();
}

/** The diagnostic of one evaluated threat: missing (Warning, Error when critical), unknown (Information). */
export function threatToDiagnostic(e: ThreatEvaluation, uri: string): Diagnostic | undefined {
	if (e.verdict === 'mitigated' || ignoredStatuses.has(e.threat.modelStatus)) {
		return undefined;
	}
	const data: ThreatDiagnosticData = { threatId: e.threat.id, ...(e.kind ? { kind: e.kind } : {}) };
	const trace = e.threat.trace[0];
	return {
		range: e.anchorRange,
		severity: e.verdict === 'unknown' ? DiagnosticSeverity.Information : e.threat.severity === 'critical' ? DiagnosticSeverity.Error : DiagnosticSeverity.Warning,
		source: 'rampart',
		code: `rampart.threat.${e.kind ?? 'unknown'}`,
		message: `${e.message}${trace ? ` Trace: ${trace.join(' → ')}.` : ''}`,
		relatedInformation: e.violation
			? [
					{ location: { uri, range: e.violation.range }, message: e.violation.description },
					...(e.violation.at ? [{ location: { uri: siblingUri(uri, e.threat.file, e.violation.at.file), range: e.violation.at.range }, message: `${e.violation.description.replace(/ in helper .*$/, '')} (here)` }] : []),
				]
			: undefined,
		data,
	};
}

const contains = (outer: Range, inner: Range): boolean =>
	(outer.start.line < inner.start.line || (outer.start.line === inner.start.line && outer.start.character <= inner.start.character)) &&
	(outer.end.line > inner.end.line || (outer.end.line === inner.end.line && outer.end.character >= inner.end.character));

/** SAST findings inside a threat's function name that threat in their related information. */
export function withThreatContext(diagnostics: readonly Diagnostic[], evaluations: readonly ThreatEvaluation[], uri: string): Diagnostic[] {
	return diagnostics.map((d) => {
		const around = evaluations.filter((e) => contains(e.functionRange, d.range));
		if (around.length === 0) {
			return d;
		}
		const related = around.map((e) => ({
			location: { uri, range: e.anchorRange },
			message: `Inside the function of threat ${e.threat.id}${e.threat.cwe ? ` (${e.threat.cwe})` : ''} "${e.threat.title}": ${e.protection} ${e.verdict}.`,
		}));
		return { ...d, relatedInformation: [...(d.relatedInformation ?? []), ...related] };
	});
}

const at = (text: string | undefined, path: (string | number)[]): Range => {
	let where: { line: number; column: number } | undefined;
	for (let n = path.length; n >= 0 && !where && text !== undefined; n--) {
		where = locateJsonPath(text, path.slice(0, n));
	}
	const line = Math.max(0, (where?.line ?? 1) - 1);
	const character = Math.max(0, (where?.column ?? 1) - 1);
	return { start: { line, character }, end: { line, character: character + 1 } };
};

export interface ModelTexts {
	readonly threatModel?: string;
	readonly stpa?: string;
}

/**
 * Diagnostics on the model files, by file name: anchors that no longer resolve, the store's
 * completeness problems and files that do not load.
 */
export function modelDiagnostics(model: LoadedThreatModel, texts: ModelTexts, misses: readonly AnchorMiss[], completeness: readonly CompletenessProblem[], files: { threatModel: string; stpa: string }): Map<string, Diagnostic[]> {
	const out = new Map<string, Diagnostic[]>([
		[files.threatModel, []],
		[files.stpa, []],
	]);
	for (const miss of misses) {
		const i = model.threatModel?.threats.findIndex((t) => t.id === miss.threat.id) ?? -1;
		const j = model.stpa?.nodes.findIndex((n) => n.id === miss.threat.id) ?? -1;
		const [file, range] = i >= 0 ? [files.threatModel, at(texts.threatModel, ['threats', i, 'anchor', 'function'])] : [files.stpa, at(texts.stpa, ['nodes', j, 'anchor', 'function'])];
		out.get(file)?.push({ range, severity: DiagnosticSeverity.Warning, source: 'rampart', code: `rampart.threat.anchor-${miss.reason}`, message: miss.message, data: { threatId: miss.threat.id } });
	}
	for (const p of completeness) {
		if (p.rule === 'threat-function-missing') {
			continue; // Reported above, with the reason, on the file that defines the anchor.
		}
		const j = model.stpa?.nodes.findIndex((n) => n.id === p.nodeId) ?? -1;
		out.get(files.stpa)?.push({
			range: at(texts.stpa, ['nodes', j, 'id']),
			severity: p.severity === 'error' ? DiagnosticSeverity.Error : DiagnosticSeverity.Warning,
			source: 'rampart',
			code: `rampart.model.${p.rule}`,
			message: p.message,
		});
	}
	for (const problem of model.problems) {
		const file = (problem as StoreError & { file?: string }).file;
		const target = file && out.has(file) ? file : undefined;
		if (!target) {
			continue;
		}
		const places =
			problem instanceof StoreInvalidFileError
				? problem.problems.map((p) => ({ line: p.line, column: p.column, message: `${p.path || '(root)'}: ${p.message}` }))
				: [{ line: problem instanceof StoreCorruptFileError ? problem.line : undefined, column: problem instanceof StoreCorruptFileError ? problem.column : undefined, message: problem.message }];
		for (const p of places) {
			const line = Math.max(0, (p.line ?? 1) - 1);
			const character = Math.max(0, (p.column ?? 1) - 1);
			out.get(target)?.push({ range: { start: { line, character }, end: { line, character: character + 1 } }, severity: DiagnosticSeverity.Error, source: 'rampart', code: 'rampart.model.invalid', message: p.message });
		}
	}
	return out;
}

/**
 * One publisher per URI for SAST and threat diagnostics (LSP replaces a URI's diagnostics on every
 * publish, so both kinds must go out together).
 */
export class DiagnosticsHub {
	private readonly sast = new Map<string, { version?: number; diagnostics: Diagnostic[] }>();

	constructor(
		private readonly connection: Connection,
		private readonly threatsOf: (uri: string) => { evaluations: readonly ThreatEvaluation[]; extra: readonly Diagnostic[] },
	) {}

	/** Records a URI's SAST diagnostics and publishes them with its threat diagnostics. */
	async publishSast(params: PublishDiagnosticsParams): Promise<void> {
		this.sast.set(params.uri, { version: params.version, diagnostics: params.diagnostics });
		await this.publish(params.uri);
	}

	async publish(uri: string): Promise<void> {
		const sast = this.sast.get(uri);
		const { evaluations, extra } = this.threatsOf(uri);
		const threatDiagnostics = evaluations.map((e) => threatToDiagnostic(e, uri)).filter((d): d is Diagnostic => d !== undefined);
		await this.connection.sendDiagnostics({
			uri,
			...(sast?.version !== undefined ? { version: sast.version } : {}),
			diagnostics: [...withThreatContext(sast?.diagnostics ?? [], evaluations, uri), ...threatDiagnostics, ...extra],
		});
	}

	forget(uri: string): void {
		this.sast.delete(uri);
	}

	/** A view of the connection whose `sendDiagnostics` goes through this hub (for the workspace scanner). */
	routed(): Connection {
		return new Proxy(this.connection, {
			get: (target, property, receiver) => (property === 'sendDiagnostics' ? (p: PublishDiagnosticsParams) => this.publishSast(p) : Reflect.get(target, property, receiver)),
		});
	}
}
