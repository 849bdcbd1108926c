import '@vscode-elements/elements/dist/vscode-textfield/index.js';
import '@vscode-elements/elements/dist/vscode-textarea/index.js';
import { KIND_STYLE } from '../../../src/core/canvas/kindStyle';
import { codeLocation, editableFields, fieldChanges, fieldText } from '../../../src/core/canvas/nodeFields';
import { compareIds } from '../../../src/core/canvas/threatTable';
import type { StpaNode } from '../../../src/core/store/schemas/stpaGraph';
import { el } from '../shared/vscodeApi';
import type { CanvasApp } from './canvasApp';
import { button, select, type Valued } from './controls';
import { relationshipEditor } from './relationshipEditor';

/** Every field of the selected node, editable; its relationships; add, delete, trace, open in editor. */
export function renderDetails(container: HTMLElement, app: CanvasApp): void {
	const node = app.selection ? app.byId.get(app.selection) : undefined;
	container.replaceChildren();
	if (!node) {
		container.append(el('h3', 'Details'), el('p', 'Select a node to see and edit it.', 'hint'));
		return;
	}
	container.append(el('h3', `${node.id} · ${KIND_STYLE[node.kind].label}`));
	const removed = app.diff?.removed.includes(node.id) ?? false;
	const inputs = new Map<string, Valued>();
	const form = el('div', undefined, 'fields');
	for (const spec of editableFields(node.kind)) {
		const id = `field-${spec.path.replace('.', '-')}`;
		const label = el('label', spec.title);
		label.htmlFor = id;
		let input: Valued;
		const value = fieldText(node, spec.path);
		if (spec.type === 'enum' || spec.type === 'nodeRef') {
			const options = spec.type === 'enum' ? (spec.options ?? []) : app.graph.nodes.filter((n) => spec.refKinds?.includes(n.kind)).map((n) => n.id).sort(compareIds);
			input = select(id, options.map((o) => [o, spec.type === 'nodeRef' ? `${o}: ${app.byId.get(o)?.label ?? ''}` : o] as const), value);
		} else if (spec.type === 'longText') {
			input = document.createElement('vscode-textarea') as unknown as Valued;
			input.setAttribute('rows', '2');
			input.value = value;
		} else {
			input = document.createElement('vscode-textfield') as unknown as Valued;
			input.value = value;
		}
		input.id = id;
		inputs.set(spec.path, input);
		form.append(label, input);
	}
	const actions = el('div', undefined, 'actions');
	actions.append(
		button(
			'Apply',
			'apply-fields',
			() => {
				const texts: Record<string, string> = {};
				for (const [path, input] of inputs) {
					texts[path] = input.value;
				}
				const fields = fieldChanges(node, texts);
				if (Object.keys(fields).length > 0) {
					app.edit([{ op: 'updateNode', id: node.id, fields }], `Edit ${node.id} (${Object.keys(fields).join(', ')})`);
				}
			},
			false,
		),
		button('Show trace', 'details-trace', () => app.showTrace(node.id)),
		button('Delete node', 'delete-node', () => app.edit([{ op: 'deleteNode', id: node.id }], `Delete ${node.id}`)),
	);
	const where = codeLocation(node);
	if (where) {
		actions.append(button(`Open ${where.file}${where.line ? `:${where.line}` : ''}`, 'open-anchor', () => app.post({ type: 'openAnchor', ...where })));
	}
	if (removed) {
		container.append(el('p', 'This node exists only in the compared version.', 'warning'));
	} else {
		container.append(form, actions, relationshipEditor(app, node as StpaNode));
	}
}
