import { pathToFileURL } from 'node:url';
import type { Location, Log, Notification, ReportingDescriptor, Result } from 'sarif';
import type { Rule } from '../rule';
import type { ScanReport, ScannedFile } from '../scanFiles';
import { threatSeverity } from '../threats/threatReport';
import type { FileThreatResult, ThreatEvaluation } from '../threats/types';
import type { Finding, Precision, Range, Severity } from '../types';

export interface SarifOptions {
	readonly toolVersion: string;
	/** Every rule the run could report (all of them appear in `tool.driver.rules`). */
	readonly rules: readonly Rule[];
	/** Project home page; rule help links point into `docs/rules.md` below it. */
	readonly informationUri?: string;
	/** Threat-model results (`rampart scan` with a stored model); each becomes a result with its threat id and trace. */
	readonly threats?: readonly FileThreatResult[];
}

const cweTagOf = (cwe: string | undefined): string[] => (cwe ? [`external/cwe/cwe-${cwe.replace(/^CWE-/, '')}`] : []);

function threatRuleId(e: ThreatEvaluation): string {
	return `rampart.threat.${e.kind ?? 'unknown'}`;
}

function threatDescriptor(e: ThreatEvaluation): ReportingDescriptor {
	const id = threatRuleId(e);
	return {
		id,
		name: ruleName(id),
		shortDescription: { text: e.kind ? `Threat-model protection: ${e.protection}` : 'Threat-model protection without a checker' },
		help: { text: 'A threat of the stored threat model requires this protection in its anchored function; Rampart looks for it in the function, its route middleware and the same-file helpers it calls.' },
		defaultConfiguration: { level: 'warning' },
		properties: { tags: ['security', 'threat-model'] },
	};
}

function threatResult(e: ThreatEvaluation, file: FileThreatResult, ruleIndex: number): Result {
	const severity = threatSeverity(e);
	const fileRef = { relativePath: file.file } as ScannedFile;
	return {
		ruleId: threatRuleId(e),
		ruleIndex,
		...(e.verdict === 'mitigated' ? { kind: 'pass' as const, level: 'none' as const } : { level: sarifLevel(severity ?? 'info') }),
		message: { text: e.message },
		locations: [location(fileRef, e.anchorRange)],
		...(e.violation ? { relatedLocations: [{ id: 1, ...location(fileRef, e.violation.range, e.violation.description) }] } : {}),
		partialFingerprints: { threatId: e.threat.id },
		properties: {
			threatId: e.threat.id,
			verdict: e.verdict,
			tags: ['threat-model', ...cweTagOf(e.threat.cwe)],
			...(e.threat.cwe ? { cwe: e.threat.cwe } : {}),
			protection: e.protection,
			...(e.evidence ? { evidenceLocation: e.evidence.location } : {}),
			traceIds: [...new Set(e.threat.trace.flat())],
			trace: e.threat.trace.map((p) => p.join(' → ')),
		},
	};
}

export const defaultInformationUri = 'https://github.com/rampart-dev/rampart';
const srcRoot = '%SRCROOT%';

/** The heading anchor of a rule in docs/rules.md, as GitHub's Markdown renderer makes it. */
export function ruleAnchor(ruleId: string): string {
	return ruleId.toLowerCase().replace(/[^a-z0-9 _-]/g, '').replace(/ /g, '-');
}

export function ruleHelpUri(ruleId: string, informationUri: string = defaultInformationUri): string {
	return `${informationUri}/blob/main/docs/rules.md#${ruleAnchor(ruleId)}`;
}

const baseSeverity: Record<Severity, number> = { error: 8.0, warning: 5.5, info: 2.0 };
const precisionShift: Record<Precision, number> = { high: 0.5, medium: 0, low: -1.0 };

/** GitHub's `security-severity` (0.1–10, as a string): the rule's severity tuned by its precision. */
export function securitySeverity(severity: Severity, precision: Precision): string {
	return Math.min(10, Math.max(0.1, baseSeverity[severity] + precisionShift[precision])).toFixed(1);
}

export function sarifLevel(severity: Severity): 'error' | 'warning' | 'note' {
	return severity === 'info' ? 'note' : severity;
}

/** `rampart.js.code-injection.eval` → `JsCodeInjectionEval`. */
function ruleName(ruleId: string): string {
	return ruleId
		.replace(/^rampart\./, '')
		.split(/[.\-_]/)
		.filter((p) => p.length > 0)
		.map((p) => p[0].toUpperCase() + p.slice(1))
		.join('');
}

function descriptor(rule: Rule, informationUri: string): ReportingDescriptor {
	const cweTags = rule.cwe.map((n) => `external/cwe/cwe-${n}`);
	const owaspTag = /^A(\d+):/.exec(rule.owasp);
	const cweLinks = rule.cwe.map((n) => `[CWE-${n}](https://cwe.mitre.org/data/definitions/${n}.html)`).join(', ');
	return {
		id: rule.id,
		name: ruleName(rule.id),
		shortDescription: { text: rule.message },
		fullDescription: { text: `${rule.message} ${rule.help}` },
		help: {
			text: `${rule.help}\n\nCWE: ${rule.cwe.map((n) => `CWE-${n}`).join(', ')}. OWASP: ${rule.owasp}.`,
			markdown: `${rule.help}\n\n**CWE:** ${cweLinks}  \n**OWASP:** ${rule.owasp}  \n[Rule documentation](${ruleHelpUri(rule.id, informationUri)})`,
		},
		helpUri: ruleHelpUri(rule.id, informationUri),
		defaultConfiguration: { level: sarifLevel(rule.severity) },
		properties: {
			tags: ['security', rule.vulnClass, ...cweTags, ...(owaspTag ? [`external/owasp/a${owaspTag[1].padStart(2, '0')}`] : [])],
			precision: rule.precision,
			'security-severity': securitySeverity(rule.severity, rule.precision),
		},
	};
}

/** A relative path made into a URI reference (each segment percent-encoded). */
function uriOf(relativePath: string): string {
	return relativePath.split('/').map(encodeURIComponent).join('/');
}

function region(range: Range): { startLine: number; startColumn: number; endLine: number; endColumn: number } {
	return { startLine: range.start.line + 1, startColumn: range.start.character + 1, endLine: range.end.line + 1, endColumn: range.end.character + 1 };
}

function location(file: ScannedFile, range: Range, message?: string): Location {
	return {
		physicalLocation: { artifactLocation: { uri: uriOf(file.relativePath), uriBaseId: srcRoot }, region: region(range) },
		...(message ? { message: { text: message } } : {}),
	};
}

function result(finding: Finding, file: ScannedFile, ruleIndex: number | undefined): Result {
	const out: Result = {
		ruleId: finding.ruleId,
		...(ruleIndex !== undefined ? { ruleIndex } : {}),
		level: sarifLevel(finding.severity),
		message: { text: finding.message },
		locations: [location(file, finding.range)],
		partialFingerprints: { primaryLocationLineHash: finding.fingerprint },
	};
	if (finding.taint && finding.taint.length > 0) {
		out.codeFlows = [{ threadFlows: [{ locations: finding.taint.map((step) => ({ location: location(file, step.range, step.message) })) }] }];
	}
	if (finding.fix) {
		out.fixes = [
			{
				description: { text: finding.fix.title },
				artifactChanges: [
					{
						artifactLocation: { uri: uriOf(file.relativePath), uriBaseId: srcRoot },
						replacements: finding.fix.edits.map((e) => ({ deletedRegion: { charOffset: e.startIndex, charLength: e.endIndex - e.startIndex }, insertedContent: { text: e.newText } })),
					},
				],
			},
		];
	}
	if (finding.suppression) {
		out.suppressions = [{ kind: finding.suppression.kind === 'inline' ? 'inSource' : 'external', justification: finding.suppression.justification }];
	}
	return out;
}

/** A SARIF 2.1.0 log of one scan, as GitHub code scanning accepts it. */
export function toSarif(report: ScanReport, options: SarifOptions): Log {
	const informationUri = options.informationUri ?? defaultInformationUri;
	const ruleIndex = new Map(options.rules.map((r, i) => [r.id, i]));
	const results: Result[] = [];
	const notifications: Notification[] = [];
	for (const file of report.files) {
		for (const finding of file.findings) {
			results.push(result(finding, file, ruleIndex.get(finding.ruleId)));
		}
		if (file.skipped) {
			notifications.push({
				level: 'note',
				message: { text: file.skipped.message },
				descriptor: { id: `rampart.skipped.${file.skipped.reason}` },
				locations: [{ physicalLocation: { artifactLocation: { uri: uriOf(file.relativePath), uriBaseId: srcRoot } } }],
			});
		}
	}
	const threatRules = new Map<string, ReportingDescriptor>();
	for (const file of options.threats ?? []) {
		for (const e of file.evaluations) {
			if (!threatRules.has(threatRuleId(e))) {
				threatRules.set(threatRuleId(e), threatDescriptor(e));
			}
			if (e.threat.modelStatus !== 'accepted' && e.threat.modelStatus !== 'falsePositive') {
				results.push(threatResult(e, file, options.rules.length + [...threatRules.keys()].indexOf(threatRuleId(e))));
			}
		}
		for (const miss of file.misses) {
			notifications.push({ level: 'warning', message: { text: miss.message }, descriptor: { id: `rampart.threat.anchor-${miss.reason}` }, properties: { threatId: miss.threat.id } });
		}
	}
	const rootUri = pathToFileURL(report.root).href;
	return {
		$schema: 'https://json.schemastore.org/sarif-2.1.0.json',
		version: '2.1.0',
		runs: [
			{
				tool: {
					driver: {
						name: 'Rampart',
						version: options.toolVersion,
						...(/^\d+\.\d+\.\d+/.test(options.toolVersion) ? { semanticVersion: options.toolVersion } : {}),
						informationUri,
						rules: [...options.rules.map((r) => descriptor(r, informationUri)), ...threatRules.values()],
					},
				},
				originalUriBaseIds: { [srcRoot]: { uri: rootUri.endsWith('/') ? rootUri : `${rootUri}/` } },
				invocations: [{ executionSuccessful: true, ...(notifications.length > 0 ? { toolExecutionNotifications: notifications } : {}) }],
				columnKind: 'utf16CodeUnits',
				results,
			},
		],
	};
}
