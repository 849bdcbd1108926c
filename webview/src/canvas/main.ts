import './zodJitless';
import { codeLocation } from '../../../src/core/canvas/nodeFields';
import type { CanvasPersistedState, CanvasToHostMessage, HostToCanvasMessage } from '../../../src/core/protocol/canvasMessages';
import type { NodeKind } from '../../../src/core/store/schemas/stpaGraph';
import { addStyle, el, getVsCodeApi } from '../shared/vscodeApi';
import { CanvasApp } from './canvasApp';
import { canvasStyles } from './canvasStyles';
import { button } from './controls';
import { coverageMatrixView, ucaTableView } from './tableHosts';
import { renderDetails } from './detailsPanel';
import { GraphView } from './graphView';
import { canvasToPng, sceneToSvg } from './imageExport';
import { LayoutClient } from './layoutClient';
import { renderLegend } from './legend';
import { ThreatTableView } from './threatTableView';
import { buildToolbar } from './toolbar';
import { renderTracePanel } from './tracePanel';
import { watchTheme } from './theme';

const app = new CanvasApp(getVsCodeApi<CanvasToHostMessage, CanvasPersistedState>());
addStyle(canvasStyles);
const root = document.getElementById('root') ?? document.body;
const layouts = new LayoutClient(document.body.dataset.layoutWorker);

const contextMenu = el('div', undefined, 'context-menu');
contextMenu.id = 'context-menu';
contextMenu.hidden = true;
const graph = new GraphView(app, layouts, (id, x, y) => {
	const node = app.byId.get(id);
	const where = node && codeLocation(node);
	contextMenu.replaceChildren(
		button('Show trace to stakeholder requirements', 'menu-trace', () => {
			contextMenu.hidden = true;
			app.showTrace(id);
		}),
		...(where ? [button('Open in editor', 'menu-open', () => ((contextMenu.hidden = true), app.post({ type: 'openAnchor', ...where })))] : []),
		button('Delete node', 'menu-delete', () => ((contextMenu.hidden = true), app.edit([{ op: 'deleteNode', id }], `Delete ${id}`))),
	);
	contextMenu.style.left = `${x}px`;
	contextMenu.style.top = `${y}px`;
	contextMenu.hidden = false;
});
document.addEventListener('pointerdown', (e) => {
	if (!contextMenu.contains(e.target as Node)) {
		contextMenu.hidden = true;
	}
});

const threats = new ThreatTableView(app);
const toolbar = buildToolbar(app, {
	fit: () => graph.fit(),
	zoom: (f) => graph.zoomBy(f),
	search: (ids) => {
		graph.searchHits = ids;
		graph.requestDraw();
	},
	exportImage: (format) => {
		if (format === 'svg') {
			app.post({ type: 'saveImage', format, data: sceneToSvg(graph.scene, graph.theme, graph.emphasis()) });
		} else {
			graph.drawNow();
			app.post({ type: 'saveImage', format, data: canvasToPng(graph.canvas) });
		}
	},
});
const viewHost = el('section', undefined, 'view-host');
viewHost.id = 'view-host';
const tracePanel = el('section', undefined, 'trace-panel');
tracePanel.id = 'trace-panel';
const details = el('section', undefined, 'details');
details.id = 'details';
const legend = el('section', undefined, 'legend');
legend.id = 'legend';
const problems = el('section', undefined, 'problems');
const side = el('aside');
side.append(problems, tracePanel, details, legend);
const mainArea = el('main');
mainArea.append(viewHost, side);
const status = el('div', 'Loading the analysis…', 'status');
status.id = 'status';
status.setAttribute('role', 'status');
status.setAttribute('aria-live', 'polite');
root.append(toolbar.element, mainArea, status, contextMenu);

const isGraphView = () => app.view === 'graph' || app.view === 'structure' || app.view === 'trace';

function renderView(): void {
	toolbar.update();
	if (isGraphView()) {
		if (graph.element.parentElement !== viewHost) {
			viewHost.replaceChildren(graph.element);
		}
		graph.refresh().then(
			() => {
				renderLegend(legend, new Set<NodeKind>(graph.scene.nodes.map((n) => n.kind)), graph.theme, app.diff !== undefined);
				status.textContent = app.status || `${graph.scene.nodes.length} nodes, ${graph.scene.edges.length} relationships · layout: ${graph.engine === 'elkjs' ? 'elkjs (worker)' : 'quick layered'}`;
				document.body.dataset.rendered = String(Number(document.body.dataset.rendered ?? '0') + 1);
			},
			(error: unknown) => (status.textContent = `Layout failed: ${String(error)}`),
		);
		return;
	}
	legend.replaceChildren();
	if (app.view === 'threats') {
		threats.render();
		viewHost.replaceChildren(threats.element);
	} else {
		viewHost.replaceChildren(app.view === 'ucas' ? ucaTableView(app) : coverageMatrixView(app));
	}
	document.body.dataset.rendered = String(Number(document.body.dataset.rendered ?? '0') + 1);
}

function renderSide(): void {
	renderDetails(details, app);
	renderTracePanel(tracePanel, app);
	problems.replaceChildren(...app.problems.map((p) => el('p', p)));
}

app.onChange((change) => {
	switch (change) {
		case 'model':
			renderSide();
			if (app.graph.nodes.length === 0) {
				viewHost.replaceChildren(el('p', 'No STPA-Sec analysis is stored in this workspace yet (.rampart/stpa-sec.json). Add a node to start one.', 'hint'));
				toolbar.update();
				return;
			}
			renderView();
			break;
		case 'view':
			renderView();
			break;
		case 'trace':
			renderTracePanel(tracePanel, app);
			if (app.view === 'trace') {
				renderView();
			} else if (isGraphView()) {
				// Brought into view and drawn at once: the highlight is complete when the call returns.
				if (app.highlight) {
					graph.fitTo(app.highlight.nodeIds);
				}
				graph.drawNow();
			}
			performance.measure('canvas-trace', 'canvas-trace-start');
			break;
		case 'selection':
			renderDetails(details, app);
			if (isGraphView()) {
				graph.requestDraw();
				const node = app.selection ? app.byId.get(app.selection) : undefined;
				status.textContent = node ? `Selected ${node.id}: ${node.label}` : '';
			} else if (app.view === 'threats') {
				threats.render();
			}
			break;
		case 'centre':
			if (isGraphView() && app.selection && !graph.centreOn(app.selection) && app.view !== 'graph') {
				app.setView('graph');
			}
			break;
		case 'status':
			status.textContent = app.status;
			break;
	}
});

window.addEventListener('message', (event: MessageEvent<HostToCanvasMessage>) => {
	if (event.data.type === 'model') {
		performance.mark('canvas-model-received');
	}
	app.receive(event.data);
});

document.addEventListener('keydown', (e) => {
	const inField = (e.target as HTMLElement).closest('vscode-textfield, vscode-textarea, vscode-single-select, input, textarea');
	const mod = e.ctrlKey || e.metaKey;
	if (mod && e.key.toLowerCase() === 'z' && !inField) {
		e.preventDefault();
		if (e.shiftKey) {
			app.redoLast();
		} else {
			app.undoLast();
		}
		return;
	}
	if (mod && e.key.toLowerCase() === 'y' && !inField) {
		e.preventDefault();
		app.redoLast();
		return;
	}
	if (inField || e.target !== graph.canvas) {
		if (e.key === '/' && !inField) {
			e.preventDefault();
			document.getElementById('search')?.focus();
		}
		return;
	}
	const moves: Record<string, [number, number]> = { ArrowUp: [0, -1], ArrowDown: [0, 1], ArrowLeft: [-1, 0], ArrowRight: [1, 0] };
	const move = moves[e.key];
	if (move) {
		e.preventDefault();
		graph.step(...move);
	} else if (e.key === '+' || e.key === '=') {
		graph.zoomBy(1.25);
	} else if (e.key === '-') {
		graph.zoomBy(0.8);
	} else if (e.key === 'f' || e.key === '0') {
		graph.fit();
	} else if (e.key === 't' && app.selection) {
		app.showTrace(app.selection);
	} else if (e.key === 'Escape') {
		app.clearTrace();
	} else if (e.key === 'Enter') {
		(document.querySelector('#details vscode-textfield') as HTMLElement | null)?.focus();
	} else if (e.key === 'Delete' && app.selection) {
		app.edit([{ op: 'deleteNode', id: app.selection }], `Delete ${app.selection}`);
	} else if (e.key === '/') {
		e.preventDefault();
		document.getElementById('search')?.focus();
	}
});

watchTheme(() => {
	graph.themeChanged();
	if (isGraphView()) {
		renderLegend(legend, new Set<NodeKind>(graph.scene.nodes.map((n) => n.kind)), graph.theme, app.diff !== undefined);
	}
});
renderSide();
toolbar.update();
app.post({ type: 'ready' });
