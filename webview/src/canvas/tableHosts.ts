import { el } from '../shared/vscodeApi';
import type { CanvasApp } from './canvasApp';
import { renderCoverage } from './coverageView';
import { renderUcaTable } from './ucaTableView';

/** The UCA table in its scrolling container. */
export function ucaTableView(app: CanvasApp): HTMLElement {
	const box = el('div', undefined, 'table-view');
	renderUcaTable(box, app);
	return box;
}

/** The coverage matrix in its scrolling container. */
export function coverageMatrixView(app: CanvasApp): HTMLElement {
	const box = el('div', undefined, 'matrix-view');
	renderCoverage(box, app);
	return box;
}
