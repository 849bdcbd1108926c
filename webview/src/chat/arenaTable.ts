// An arena comparison table in the transcript: one row per contestant in rank order, with findings
// by severity, verification outcome, completeness problems, tokens, cost and time. Contestant
// names and errors come from settings and model runs, so they are only ever set as text.
import type { ArenaTableView } from '../../../src/core/protocol/chatMessages';
import { el } from '../shared/vscodeApi';

const columns = ['#', 'Contestant', 'Critical', 'High', 'Medium', 'Low', 'Verification', 'Completeness problems', 'Tokens in / out', 'Cost', 'Time'];

/** `apply` is called with a contestant's label when its row's Apply button is pressed. */
export function renderArenaTable(table: ArenaTableView, apply: (contestant: string) => void): HTMLElement {
	const box = el('div', undefined, 'entry arena');
	box.append(el('span', `Arena: ${table.title}`, 'who'));
	const grid = el('table', undefined, 'arena-table');
	const head = el('tr');
	head.append(...[...columns, ...(table.applicable ? ['Apply'] : [])].map((c) => {
		const th = el('th', c);
		th.scope = 'col';
		return th;
	}));
	grid.append(el('thead'), el('tbody'));
	grid.tHead?.append(head);
	for (const row of table.rows) {
		const tr = el('tr', undefined, row.error ? 'failed' : row.rank === 1 ? 'winner' : '');
		tr.dataset.rank = String(row.rank);
		const name = el('td');
		name.append(el('span', row.contestant, 'contestant'));
		if (row.error) {
			name.append(el('div', row.error, 'arena-error'));
		}
		const cost = row.costUsd === undefined ? '—' : `$${row.costUsd.toFixed(4)}`;
		tr.append(
			el('td', String(row.rank)),
			name,
			el('td', String(row.findings.critical)),
			el('td', String(row.findings.high)),
			el('td', String(row.findings.medium)),
			el('td', String(row.findings.low)),
			el('td', row.verification, `verification ${row.verification}`),
			el('td', String(row.completenessProblems)),
			el('td', `${row.inputTokens.toLocaleString('en')} / ${row.outputTokens.toLocaleString('en')}`),
			el('td', cost),
			el('td', `${(row.durationMs / 1000).toFixed(1)} s`),
		);
		if (table.applicable) {
			const cell = el('td');
			if (!row.error) {
				const button = document.createElement('vscode-button');
				button.textContent = row.rank === 1 ? 'Apply winner' : 'Apply';
				button.className = 'apply-result';
				button.setAttribute('aria-label', `Store the result of ${row.contestant}`);
				if (row.rank !== 1) {
					button.setAttribute('secondary', '');
				}
				button.addEventListener('click', () => apply(row.contestant));
				cell.append(button);
			}
			tr.append(cell);
		}
		grid.tBodies[0]?.append(tr);
	}
	const scroller = el('div', undefined, 'arena-scroll');
	scroller.append(grid);
	box.append(scroller, el('div', `Ranking: ${table.rule}`, 'arena-rule'));
	return box;
}
