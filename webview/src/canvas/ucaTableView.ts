import { UCA_TYPE_TITLES, UCA_TYPES, ucaTable } from '../../../src/core/canvas/ucaTable';
import { el } from '../shared/vscodeApi';
import type { CanvasApp } from './canvasApp';

/** Control actions × the four ways a control action can be unsecure. */
export function renderUcaTable(container: HTMLElement, app: CanvasApp): void {
	const table = el('table', undefined, 'data-table uca-table');
	table.id = 'uca-table';
	const head = el('tr');
	head.append(el('th', 'Control action'), ...UCA_TYPES.map((t) => el('th', UCA_TYPE_TITLES[t])));
	const thead = el('thead');
	thead.append(head);
	const body = el('tbody');
	for (const row of ucaTable(app.graph)) {
		const tr = el('tr');
		const ca = row.controlAction;
		tr.append(el('th', ca ? `${ca.id}: ${ca.label}` : '(no control action)'));
		for (const t of UCA_TYPES) {
			const td = el('td');
			for (const uca of row.cells[t]) {
				const item = el('a', `${uca.id}: ${uca.label}`, 'cell-item');
				item.tabIndex = 0;
				item.title = uca.context;
				item.addEventListener('click', () => app.select(uca.id));
				td.append(item);
			}
			if (row.cells[t].length === 0) {
				td.append(el('span', '—', 'empty-cell'));
			}
			tr.append(td);
		}
		body.append(tr);
	}
	table.append(thead, body);
	container.replaceChildren(el('h2', 'Unsecure control actions'), table);
}
