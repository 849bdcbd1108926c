import { codeLocation } from '../../../src/core/canvas/nodeFields';
import { el } from '../shared/vscodeApi';
import type { CanvasApp } from './canvasApp';

/** The trace to stakeholder requirements: one breadcrumb per path, the highlighted ids, a warning when there is no path. */
export function renderTracePanel(container: HTMLElement, app: CanvasApp): void {
	container.replaceChildren();
	const h = app.highlight;
	if (!h) {
		container.hidden = true;
		return;
	}
	container.hidden = false;
	const head = el('div', undefined, 'trace-head');
	const clear = el('a', 'Clear', 'clear-trace');
	clear.id = 'clear-trace';
	clear.tabIndex = 0;
	clear.addEventListener('click', () => app.clearTrace());
	head.append(el('h3', `Trace of ${h.start} to stakeholder requirements`), clear);
	container.append(head);
	if (h.warning) {
		const warning = el('p', h.warning, 'warning');
		warning.id = 'trace-warning';
		warning.setAttribute('role', 'alert');
		container.append(warning);
	}
	const crumbs = el('ol', undefined, 'breadcrumbs');
	crumbs.id = 'trace-breadcrumbs';
	for (const path of h.breadcrumbs) {
		const li = el('li');
		path.forEach((id, i) => {
			if (i > 0) {
				li.append(el('span', ' → ', 'arrow'));
			}
			const node = app.byId.get(id);
			const where = node && codeLocation(node);
			const chip = el('a', id, where ? 'chip anchored' : 'chip');
			chip.tabIndex = 0;
			chip.title = node ? `${node.label}${where ? ` — opens ${where.file}` : ''}` : id;
			chip.addEventListener('click', () => {
				app.select(id, true);
				if (where) {
					app.post({ type: 'openAnchor', ...where });
				}
			});
			li.append(chip);
		});
		crumbs.append(li);
	}
	const ids = el('p', `Highlighted: ${[...h.nodeIds].sort().join(' ')}`, 'highlighted');
	ids.id = 'trace-nodes';
	container.append(crumbs, ids);
}
