import { allowedEdgeKinds, retargetEdge, targetKinds } from '../../../src/core/canvas/graphEdits';
import { compareIds } from '../../../src/core/canvas/threatTable';
import type { EdgeKind, StpaNode } from '../../../src/core/store/schemas/stpaGraph';
import { el } from '../shared/vscodeApi';
import type { CanvasApp } from './canvasApp';
import { button, select } from './controls';

/** The selected node's relationships: remove or retarget each, add a new one. */
export function relationshipEditor(app: CanvasApp, node: StpaNode): HTMLElement {
	const box = el('section', undefined, 'relationships');
	box.append(el('h4', 'Relationships'));
	const list = el('ul', undefined, 'rel-list');
	const outgoing = app.graph.edges.filter((e) => e.source === node.id);
	const incoming = app.graph.edges.filter((e) => e.target === node.id);
	outgoing.forEach((edge, i) => {
		const item = el('li');
		const candidates = app.graph.nodes
			.filter((n) => targetKinds(edge.kind, node.kind).includes(n.kind))
			.map((n) => n.id)
			.sort(compareIds);
		const retarget = select(`rel-retarget-${i}`, candidates.map((id) => [id, id] as const), edge.target);
		retarget.addEventListener('change', () => {
			if (retarget.value && retarget.value !== edge.target) {
				app.edit(retargetEdge(edge, retarget.value), `Retarget ${node.id} ${edge.kind} from ${edge.target} to ${retarget.value}`);
			}
		});
		item.append(el('span', `${edge.kind} →`, 'rel-kind'), retarget, button('Remove', `rel-remove-${i}`, () => app.edit([{ op: 'removeEdge', edge }], `Remove ${edge.source} ${edge.kind} ${edge.target}`)));
		list.append(item);
	});
	incoming.forEach((edge, i) => {
		const item = el('li');
		const source = el('a', edge.source, 'node-link');
		source.tabIndex = 0;
		source.addEventListener('click', () => app.select(edge.source, true));
		item.append(source, el('span', ` ${edge.kind} → this`, 'rel-kind'), button('Remove', `rel-remove-in-${i}`, () => app.edit([{ op: 'removeEdge', edge }], `Remove ${edge.source} ${edge.kind} ${edge.target}`)));
		list.append(item);
	});
	box.append(list);
	const kinds = allowedEdgeKinds(node.kind);
	if (kinds.length > 0) {
		const add = el('div', undefined, 'rel-add');
		const kind = select('rel-kind', kinds.map((k) => [k, k] as const), kinds[0]!);
		const target = select('rel-target', [], '');
		const fillTargets = () => {
			const k = (kind.value || kinds[0]!) as EdgeKind;
			const linked = new Set(outgoing.filter((e) => e.kind === k).map((e) => e.target));
			const ids = app.graph.nodes.filter((n) => targetKinds(k, node.kind).includes(n.kind) && n.id !== node.id && !linked.has(n.id)).map((n) => n.id).sort(compareIds);
			target.replaceChildren(
				...ids.map((id) => {
					const o = document.createElement('vscode-option');
					o.setAttribute('value', id);
					o.textContent = `${id}: ${app.byId.get(id)?.label ?? ''}`;
					return o;
				}),
			);
		};
		fillTargets();
		kind.addEventListener('change', fillTargets);
		add.append(
			el('span', 'Add:'),
			kind,
			target,
			button('Add relationship', 'rel-add', () => {
				if (target.value) {
					app.edit([{ op: 'addEdge', edge: { kind: (kind.value || kinds[0]!) as EdgeKind, source: node.id, target: target.value } }], `Add ${node.id} ${kind.value || kinds[0]!} ${target.value}`);
				}
			}),
		);
		box.append(add);
	}
	return box;
}
