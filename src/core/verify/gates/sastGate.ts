// security_sast: Rampart's own engine over the project's JavaScript, TypeScript and Python files.
// Any unsuppressed finding of severity "error" fails the gate; warnings are listed but pass.
import { scanFiles } from '../../../../language-server/src/engine/scanFiles';
import { SecurityEngine } from '../../../../language-server/src/engine/securityEngine';
import { listSourceFiles } from '../../../../language-server/src/engine/workspaceFiles';
import { type Gate, type GateDetail, hardFail, skipped, success } from './gateTypes';

export const sastGate: Gate = {
	kind: 'security_sast',
	async run(context) {
		const started = Date.now();
		const files = await listSourceFiles([context.root]);
		if (files.length === 0) {
			return skipped('no JavaScript, TypeScript or Python files for the engine to analyse');
		}
		const engine = await SecurityEngine.create();
		const report = await scanFiles(engine, files, { root: context.root });
		const details: (GateDetail & { severity: string })[] = [];
		for (const file of report.files) {
			for (const f of file.findings) {
				if (!f.suppression) {
					details.push({ message: `${f.severity}: ${f.message}`, file: file.relativePath, line: f.range.start.line + 1, column: f.range.start.character + 1, ruleId: f.ruleId, severity: f.severity });
				}
			}
		}
		const errors = details.filter((d) => d.severity === 'error');
		const counts = `${report.stats.analysed} file(s) analysed in ${Date.now() - started} ms, ${errors.length} error(s), ${details.length - errors.length} other finding(s)`;
		const plain = details.map(({ severity: _severity, ...d }) => d);
		return errors.length > 0 ? hardFail(`security findings of severity error: ${counts}`, { details: plain }) : success(counts, { details: plain });
	},
};
