import '@vscode-elements/elements/dist/vscode-textfield/index.js';
import { filterThreatRows, sortThreatRows, THREAT_COLUMNS, type ThreatColumn, threatRows } from '../../../src/core/canvas/threatTable';
import { el } from '../shared/vscodeApi';
import type { CanvasApp } from './canvasApp';
import { select, type Valued } from './controls';

/** Threats in a table: click a header to sort, type to filter, pick a status; a row selects its threat. */
export class ThreatTableView {
	readonly element = el('div', undefined, 'table-view');
	private sortBy: ThreatColumn = 'id';
	private descending = false;
	private query = '';
	private status = '';

	constructor(private readonly app: CanvasApp) {}

	render(): void {
		const filter = document.createElement('vscode-textfield') as unknown as Valued;
		filter.id = 'threat-filter';
		filter.setAttribute('placeholder', 'Filter threats');
		filter.value = this.query;
		filter.addEventListener('input', () => {
			this.query = filter.value;
			this.renderTable(table);
		});
		const status = select('threat-status', [['', 'Any status'], ...['open', 'inProgress', 'mitigated', 'accepted', 'falsePositive'].map((s) => [s, s] as const)], this.status);
		status.addEventListener('change', () => {
			this.status = status.value;
			this.renderTable(table);
		});
		const bar = el('div', undefined, 'table-bar');
		bar.append(filter, status);
		const table = el('table', undefined, 'data-table');
		table.id = 'threat-table';
		this.element.replaceChildren(el('h2', 'Threats'), bar, table);
		this.renderTable(table);
	}

	private renderTable(table: HTMLTableElement): void {
		const head = el('tr');
		for (const c of THREAT_COLUMNS) {
			const th = el('th', c.title + (c.key === this.sortBy ? (this.descending ? ' ▼' : ' ▲') : ''));
			th.tabIndex = 0;
			th.setAttribute('aria-sort', c.key === this.sortBy ? (this.descending ? 'descending' : 'ascending') : 'none');
			th.dataset.column = c.key;
			th.addEventListener('click', () => {
				this.descending = this.sortBy === c.key ? !this.descending : false;
				this.sortBy = c.key;
				this.renderTable(table);
			});
			head.append(th);
		}
		const rows = sortThreatRows(filterThreatRows(threatRows(this.app.graph), this.query, this.status || undefined), this.sortBy, this.descending);
		const body = el('tbody');
		for (const r of rows) {
			const tr = el('tr');
			tr.dataset.id = r.id;
			tr.tabIndex = 0;
			if (r.id === this.app.selection) {
				tr.className = 'selected';
			}
			for (const c of THREAT_COLUMNS) {
				tr.append(el('td', r[c.key]));
			}
			tr.addEventListener('click', () => this.app.select(r.id));
			body.append(tr);
		}
		const thead = el('thead');
		thead.append(head);
		table.replaceChildren(thead, body);
		if (rows.length === 0) {
			table.append(el('caption', 'No threat matches.'));
		}
	}
}
