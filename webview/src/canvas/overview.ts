import { kindColours } from '../../../src/core/canvas/kindStyle';
import type { Scene, Viewport } from './scene';
import type { CanvasTheme } from './theme';

const W = 200;
const H = 130;

/** The small map of the whole view in the corner: the nodes, the visible area, click to go there. */
export class Overview {
	readonly element: HTMLCanvasElement;
	private bitmap: HTMLCanvasElement | undefined;
	private scale = 1;
	private offsetX = 0;
	private offsetY = 0;

	constructor(private readonly goTo: (worldX: number, worldY: number) => void) {
		this.element = document.createElement('canvas');
		this.element.className = 'overview';
		this.element.width = W;
		this.element.height = H;
		this.element.setAttribute('aria-label', 'Overview of the whole view; click to move there');
		this.element.addEventListener('pointerdown', (e) => {
			e.stopPropagation();
			const r = this.element.getBoundingClientRect();
			this.goTo((e.clientX - r.left - this.offsetX) / this.scale, (e.clientY - r.top - this.offsetY) / this.scale);
		});
	}

	/** Redraws the node map; call when the scene or theme changes. */
	rebuild(scene: Scene, theme: CanvasTheme): void {
		const width = scene.maxX - scene.minX || 1;
		const height = scene.maxY - scene.minY || 1;
		this.scale = Math.min((W - 8) / width, (H - 8) / height);
		this.offsetX = (W - width * this.scale) / 2 - scene.minX * this.scale;
		this.offsetY = (H - height * this.scale) / 2 - scene.minY * this.scale;
		const bitmap = document.createElement('canvas');
		bitmap.width = W;
		bitmap.height = H;
		const ctx = bitmap.getContext('2d')!;
		ctx.fillStyle = theme.background;
		ctx.fillRect(0, 0, W, H);
		for (const n of scene.nodes) {
			ctx.fillStyle = kindColours(n.kind, theme.kind, theme.foreground, theme.background).stroke;
			ctx.fillRect(this.offsetX + n.x * this.scale, this.offsetY + n.y * this.scale, Math.max(1.5, n.w * this.scale), Math.max(1.5, n.h * this.scale));
		}
		this.bitmap = bitmap;
	}

	draw(v: Viewport, viewWidth: number, viewHeight: number, theme: CanvasTheme): void {
		const ctx = this.element.getContext('2d')!;
		if (this.bitmap) {
			ctx.drawImage(this.bitmap, 0, 0);
		}
		ctx.strokeStyle = theme.focus;
		ctx.lineWidth = 1.5;
		ctx.strokeRect(this.offsetX + (-v.x / v.zoom) * this.scale, this.offsetY + (-v.y / v.zoom) * this.scale, (viewWidth / v.zoom) * this.scale, (viewHeight / v.zoom) * this.scale);
	}
}
