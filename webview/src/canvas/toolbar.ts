import '@vscode-elements/elements/dist/vscode-textfield/index.js';
import { newNode } from '../../../src/core/canvas/graphEdits';
import { KIND_STYLE } from '../../../src/core/canvas/kindStyle';
import { searchNodes } from '../../../src/core/canvas/viewGraph';
import { CANVAS_VIEWS, type CanvasView, EXPORT_FORMATS } from '../../../src/core/protocol/canvasMessages';
import { NODE_KINDS, type NodeKind } from '../../../src/core/store/schemas/stpaGraph';
import { el } from '../shared/vscodeApi';
import type { CanvasApp } from './canvasApp';
import { button, select, type Valued } from './controls';

export const VIEW_TITLES: Record<CanvasView, string> = {
	graph: 'Graph',
	structure: 'Control structure',
	trace: 'Trace',
	threats: 'Threats',
	ucas: 'UCA table',
	coverage: 'Coverage',
};

const EXPORT_TITLES: Record<(typeof EXPORT_FORMATS)[number], string> = {
	drawio: 'draw.io',
	mermaid: 'Mermaid',
	graphml: 'GraphML',
	dot: 'Graphviz DOT',
	otm: 'Open Threat Model (OTM)',
	json: 'Native JSON',
};

export interface ToolbarActions {
	fit(): void;
	zoom(factor: number): void;
	search(ids: ReadonlySet<string> | undefined): void;
	exportImage(format: 'svg' | 'png'): void;
}

/** View switcher, search, trace, zoom, undo/redo, add node, version picker and export menu. */
export function buildToolbar(app: CanvasApp, actions: ToolbarActions): { element: HTMLElement; update(): void } {
	const bar = el('header', undefined, 'toolbar');
	const views = el('div', undefined, 'views');
	views.setAttribute('role', 'tablist');
	const viewButtons = CANVAS_VIEWS.map((v) => {
		const b = button(VIEW_TITLES[v], `view-${v}`, () => app.setView(v));
		b.setAttribute('role', 'tab');
		views.append(b);
		return [v, b] as const;
	});

	const searchBox = el('div', undefined, 'search');
	const search = document.createElement('vscode-textfield') as unknown as Valued;
	search.id = 'search';
	search.setAttribute('placeholder', 'Search id or label (/)');
	const results = el('ul', undefined, 'search-results');
	results.id = 'search-results';
	const pick = (id: string) => {
		results.replaceChildren();
		app.select(id, true);
	};
	search.addEventListener('input', () => {
		const hits = searchNodes(app.graph.nodes, search.value);
		actions.search(hits.length ? new Set(hits.map((n) => n.id)) : undefined);
		results.replaceChildren(
			...hits.slice(0, 8).map((n) => {
				const li = el('li', `${n.id}: ${n.label}`);
				li.addEventListener('click', () => pick(n.id));
				return li;
			}),
		);
	});
	search.addEventListener('keydown', (e) => {
		if (e.key === 'Enter') {
			const first = searchNodes(app.graph.nodes, search.value)[0];
			if (first) {
				pick(first.id);
			}
		} else if (e.key === 'Escape') {
			search.value = '';
			results.replaceChildren();
			actions.search(undefined);
		}
	});
	searchBox.append(search, results);

	const nav = el('div', undefined, 'group');
	nav.append(
		button('Show trace to stakeholder requirements', 'show-trace', () => app.showTrace()),
		button('Fit', 'fit', () => actions.fit()),
		button('+', 'zoom-in', () => actions.zoom(1.25)),
		button('−', 'zoom-out', () => actions.zoom(0.8)),
		button('Undo', 'undo', () => app.undoLast()),
		button('Redo', 'redo', () => app.redoLast()),
	);

	const add = el('div', undefined, 'group');
	const kind = select('add-kind', NODE_KINDS.map((k) => [k, KIND_STYLE[k].label] as const), 'mitigation');
	add.append(
		kind,
		button('Add node', 'add-node', () => {
			const node = newNode(app.graph, kind.value as NodeKind, `New ${KIND_STYLE[kind.value as NodeKind].label.toLowerCase()}`);
			app.edit([{ op: 'addNode', node }], `Add ${node.id}`);
			app.select(node.id);
		}),
	);

	const versionBox = el('div', undefined, 'group');
	let versions = select('version', [], '');
	versionBox.append(versions);

	const exportBox = el('div', undefined, 'export');
	const menu = el('div', undefined, 'export-menu');
	menu.id = 'export-menu';
	menu.hidden = true;
	for (const format of EXPORT_FORMATS) {
		menu.append(button(EXPORT_TITLES[format], `export-${format}`, () => {
			menu.hidden = true;
			app.post({ type: 'export', format });
		}));
	}
	menu.append(
		button('SVG of this view', 'export-svg', () => {
			menu.hidden = true;
			actions.exportImage('svg');
		}),
		button('PNG of this view', 'export-png', () => {
			menu.hidden = true;
			actions.exportImage('png');
		}),
	);
	exportBox.append(button('Export…', 'export', () => (menu.hidden = !menu.hidden)), menu);
	bar.append(views, searchBox, nav, add, versionBox, exportBox);

	const update = () => {
		for (const [v, b] of viewButtons) {
			b.toggleAttribute('secondary', v !== app.view);
			b.setAttribute('aria-selected', String(v === app.view));
		}
		const options = [['', app.head ? 'Current version' : 'No versions yet'] as const, ...app.versions.slice(1).map((v) => [v.id, `Compare with ${v.time.slice(0, 16).replace('T', ' ')} · ${v.author} · ${v.message}`] as const)];
		const next = select('version', options, app.diff?.versionId ?? '');
		next.addEventListener('change', () => app.post({ type: 'selectVersion', versionId: next.value || null }));
		versions.replaceWith(next);
		versions = next;
	};
	update();
	return { element: bar, update };
}
