import { coverageKey, coverageMatrix } from '../../../src/core/canvas/coverageMatrix';
import { el } from '../shared/vscodeApi';
import type { CanvasApp } from './canvasApp';

/** Stakeholder requirements × mitigations: ✓ where the mitigation traces to the requirement. */
export function renderCoverage(container: HTMLElement, app: CanvasApp): void {
	const m = coverageMatrix(app.graph, app.traces);
	const table = el('table', undefined, 'data-table coverage');
	table.id = 'coverage-matrix';
	const head = el('tr');
	head.append(el('th', 'Requirement \\ mitigation'));
	for (const mit of m.mitigations) {
		const th = el('th', mit.id);
		th.title = mit.label;
		if (m.untracedMitigations.includes(mit.id)) {
			th.className = 'gap';
		}
		head.append(th);
	}
	const thead = el('thead');
	thead.append(head);
	const body = el('tbody');
	for (const r of m.requirements) {
		const tr = el('tr');
		const th = el('th', `${r.id}: ${r.label}`);
		if (m.uncoveredRequirements.includes(r.id)) {
			th.className = 'gap';
		}
		tr.append(th);
		for (const mit of m.mitigations) {
			const covered = m.covered.has(coverageKey(r.id, mit.id));
			const td = el('td', covered ? '✓' : '', covered ? 'covered' : 'empty-cell');
			td.dataset.cell = coverageKey(r.id, mit.id);
			td.title = covered ? `${mit.id} traces to ${r.id}` : '';
			td.addEventListener('click', () => app.select(mit.id));
			tr.append(td);
		}
		body.append(tr);
	}
	table.append(thead, body);
	const notes = el('ul', undefined, 'gaps');
	for (const id of m.uncoveredRequirements) {
		notes.append(el('li', `${id} has no mitigation tracing to it.`));
	}
	for (const id of m.untracedMitigations) {
		notes.append(el('li', `${id} traces to no requirement.`));
	}
	container.replaceChildren(el('h2', 'Requirements coverage'), table, notes);
}
