// Renders a verification (steps with evidence) and the contract outcome as text, JSON or SARIF.
import type { EvidenceRecord } from './evidence';
import type { ContractOutcome } from './gates/contractGates';
import type { ThreatVerdict } from './probes/probeRun';
import type { VerificationResult } from './verificationRun';

export interface VerifyReport {
	root: string;
	/** Where the commands ran (engine and image, or the approved host run). */
	where: string;
	verification: VerificationResult;
	contract: ContractOutcome;
	/** Adversarial probes (`--probes`): a verdict per threat; a failed threat fails the run. */
	probes?: { ran: boolean; reason: string; verdicts: ThreatVerdict[]; evidence: EvidenceRecord[]; counts: { passed: number; failed: number; notRun: number } };
	/** Workspace-relative path of the stored evidence, when it was stored. */
	evidenceFile?: string;
}

const MARK = { passed: 'PASS', failed: 'FAIL', skipped: 'SKIP', success: 'PASS', hard_fail: 'FAIL' } as const;

export function toVerifyText(report: VerifyReport): string {
	const lines = [`rampart verify ${report.root}`, `  commands ran: ${report.where}`, '', 'Steps:'];
	for (const s of report.verification.steps) {
		const e = s.evidence;
		const how = e ? `${e.command} → ${e.exitCode ?? e.killedBy} in ${(e.durationMs / 1000).toFixed(1)} s` : (s.reason ?? '');
		lines.push(`  ${MARK[s.status]} ${s.stack} ${s.step}: ${how}${e && s.reason ? ` (${s.reason})` : ''}`);
		if (s.status === 'failed' && e?.outputExcerpt) {
			lines.push(...e.outputExcerpt.trimEnd().split('\n').slice(-20).map((l) => `       | ${l}`));
		}
	}
	lines.push('', 'Gates:');
	for (const g of report.contract.gates) {
		lines.push(`  ${MARK[g.outcome]} ${g.id} (${g.kind}${g.blocking ? '' : ', not blocking'}): ${g.reason}`);
		for (const d of g.details.slice(0, 20)) {
			lines.push(`       ${d.file ? `${d.file}${d.line ? `:${d.line}` : ''}: ` : ''}${d.message}`);
		}
	}
	if (report.probes) {
		const p = report.probes;
		lines.push('', `Threats (adversarial probes: ${p.reason}; ${p.counts.passed} passed, ${p.counts.failed} failed, ${p.counts.notRun} not run):`);
		const mark = { verified: 'PASS', failed: 'FAIL', unverified: 'SKIP' } as const;
		for (const v of p.verdicts) {
			lines.push(`  ${mark[v.verdict]} ${v.threatId} ${v.verdict}: ${v.reason}`);
		}
	}
	const final = outcomeOf(report);
	lines.push('', `Outcome: ${final.outcome.toUpperCase().replace('_', ' ')} (${final.reason})`);
	if (report.evidenceFile) {
		lines.push(`Evidence: ${report.evidenceFile}`);
	}
	return `${lines.join('\n')}\n`;
}

export function toVerifyJson(report: VerifyReport): string {
	return `${JSON.stringify(report, null, 2)}\n`;
}

/** SARIF 2.1.0: one result per gate detail (failing gates as errors), plus one per failed step. */
export function toVerifySarif(report: VerifyReport, toolVersion: string): string {
	const results: unknown[] = [];
	const rules = new Map<string, { id: string; shortDescription: { text: string } }>();
	for (const g of report.contract.gates) {
		if (g.outcome !== 'hard_fail') {
			continue;
		}
		for (const d of g.details.length ? g.details : [{ message: g.reason }]) {
			const ruleId = 'ruleId' in d && d.ruleId ? d.ruleId : `gate/${g.kind}`;
			rules.set(ruleId, { id: ruleId, shortDescription: { text: `Contract gate ${g.kind}` } });
			const location =
				'file' in d && d.file
					? [{ physicalLocation: { artifactLocation: { uri: d.file, uriBaseId: '%SRCROOT%' }, ...('line' in d && d.line ? { region: { startLine: d.line, ...(d.column ? { startColumn: d.column } : {}) } } : {}) } }]
					: [];
			results.push({ ruleId, level: g.blocking ? 'error' : 'warning', message: { text: `${g.id}: ${d.message}` }, locations: location });
		}
	}
	for (const v of report.probes?.verdicts ?? []) {
		if (v.verdict === 'failed') {
			rules.set('probe/threat-failed', { id: 'probe/threat-failed', shortDescription: { text: 'An adversarial probe showed the threat is real' } });
			results.push({ ruleId: 'probe/threat-failed', level: 'error', message: { text: `${v.threatId}: ${v.reason}` }, locations: [] });
		}
	}
	return `${JSON.stringify(
		{
			$schema: 'https://json.schemastore.org/sarif-2.1.0.json',
			version: '2.1.0',
			runs: [
				{
					tool: { driver: { name: 'Rampart verify', version: toolVersion, rules: [...rules.values()] } },
					originalUriBaseIds: { '%SRCROOT%': { uri: `file://${report.root.replace(/\\/g, '/').replace(/\/?$/, '/')}` } },
					invocations: [{ executionSuccessful: outcomeOf(report).outcome !== 'hard_fail', exitCode: exitCodeOf(report) }],
					results,
				},
			],
		},
		null,
		2,
	)}\n`;
}

/** The contract's outcome, turned into a hard fail when a probe proved a threat real. */
export function outcomeOf(report: VerifyReport): { outcome: ContractOutcome['outcome']; reason: string } {
	const failedThreats = report.probes?.verdicts.filter((v) => v.verdict === 'failed').map((v) => v.threatId) ?? [];
	if (failedThreats.length === 0) {
		return report.contract;
	}
	const reason = `threats failed their probes: ${failedThreats.join(', ')}`;
	return { outcome: 'hard_fail', reason: report.contract.outcome === 'hard_fail' ? `${report.contract.reason}; ${reason}` : reason };
}

/** 0 success, 1 hard fail, 3 nothing could be checked (2 is usage and setup errors). */
export function exitCodeOf(report: VerifyReport): number {
	const { outcome } = outcomeOf(report);
	return outcome === 'success' ? 0 : outcome === 'hard_fail' ? 1 : 3;
}
