import { z } from 'zod';
import type { Layout } from '../store/schemas/layout';
import { type StpaEdge, stpaEdgeSchema, type StpaGraph, stpaNodeSchema } from '../store/schemas/stpaGraph';

/**
 * Trace canvas webview ⇄ extension host messages, declared once and imported by both sides.
 * Messages from the webview are validated with `parseCanvasToHostMessage` before use.
 */

/** The views of one graph the canvas offers. */
export const CANVAS_VIEWS = ['structure', 'trace', 'graph', 'threats', 'ucas', 'coverage'] as const;
export type CanvasView = (typeof CANVAS_VIEWS)[number];

export interface CanvasViewport {
	readonly x: number;
	readonly y: number;
	readonly zoom: number;
}

/** What the webview keeps in its state; the panel serializer restores it after a reload. */
export interface CanvasPersistedState {
	readonly view: CanvasView;
	readonly viewport?: CanvasViewport;
	readonly selection?: string;
	readonly traceOf?: string;
}

export interface CanvasVersionInfo {
	readonly id: string;
	readonly time: string;
	readonly author: string;
	readonly message: string;
}

/** Ids added, removed or changed between a chosen version and the head. */
export interface CanvasDiff {
	readonly versionId: string;
	readonly added: string[];
	readonly removed: string[];
	readonly changed: string[];
}

export const EXPORT_FORMATS = ['drawio', 'mermaid', 'graphml', 'dot', 'otm', 'json'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];
export const IMAGE_FORMATS = ['svg', 'png'] as const;
export type ImageFormat = (typeof IMAGE_FORMATS)[number];

const nodeFieldValue = z.union([z.string(), z.number(), z.array(z.string()), z.record(z.string(), z.unknown()), z.null()]);

/** One change of the graph; every user action is a list of these, written as one version. */
export const canvasEditSchema = z.discriminatedUnion('op', [
	z.object({ op: z.literal('updateNode'), id: z.string().min(1), fields: z.record(z.string(), nodeFieldValue) }),
	z.object({ op: z.literal('addNode'), node: stpaNodeSchema }),
	z.object({ op: z.literal('deleteNode'), id: z.string().min(1) }),
	z.object({ op: z.literal('addEdge'), edge: stpaEdgeSchema }),
	z.object({ op: z.literal('removeEdge'), edge: stpaEdgeSchema }),
]);
export type CanvasEdit = z.infer<typeof canvasEditSchema>;

const canvasToHostSchema = z.discriminatedUnion('type', [
	z.object({ type: z.literal('ready') }),
	z.object({
		type: z.literal('edit'),
		edits: z.array(canvasEditSchema).min(1).max(10_000),
		message: z.string().max(500),
		baseHead: z.string().nullable(),
	}),
	z.object({ type: z.literal('openAnchor'), file: z.string().min(1).max(1000), line: z.number().int().positive().optional(), function: z.string().max(500).optional() }),
	z.object({ type: z.literal('export'), format: z.enum(EXPORT_FORMATS), nodeIds: z.array(z.string()).optional() }),
	z.object({ type: z.literal('saveImage'), format: z.enum(IMAGE_FORMATS), data: z.string().max(50_000_000) }),
	z.object({ type: z.literal('selectVersion'), versionId: z.string().regex(/^[0-9a-f]{64}$/).nullable() }),
]);
export type CanvasToHostMessage = z.infer<typeof canvasToHostSchema>;

/** The host's check of a message from the canvas webview: undefined when it is not one. */
export function parseCanvasToHostMessage(message: unknown): CanvasToHostMessage | undefined {
	const parsed = canvasToHostSchema.safeParse(message);
	return parsed.success ? parsed.data : undefined;
}

export type HostToCanvasMessage =
	| {
			readonly type: 'model';
			readonly graph: StpaGraph;
			readonly layout?: Layout;
			/** The version the graph is at (null: no version yet). */
			readonly head: string | null;
			readonly versions: CanvasVersionInfo[];
			/** Problems loading the store, shown as text. */
			readonly problems: string[];
			/** Set while a version is compared with the head; removed nodes are part of `graph`. */
			readonly diff?: CanvasDiff;
	  }
	| { readonly type: 'focus'; readonly nodeId: string; readonly mode?: 'trace' }
	| { readonly type: 'editResult'; readonly ok: boolean; readonly error?: string }
	| { readonly type: 'exported'; readonly format: ExportFormat | ImageFormat; readonly fileName?: string };

/** Argument of the `rampart.openTraceCanvas` command. */
export interface OpenTraceCanvasArgs {
	readonly nodeId: string;
	readonly mode?: 'trace';
}

export function isOpenTraceCanvasArgs(value: unknown): value is OpenTraceCanvasArgs {
	const v = value as Partial<OpenTraceCanvasArgs> | undefined;
	return typeof v === 'object' && v !== null && typeof v.nodeId === 'string' && v.nodeId.length > 0 && (v.mode === undefined || v.mode === 'trace');
}

/** Layout worker protocol: positioned boxes for the nodes of one view. */
export interface LayoutRequest {
	readonly seq: number;
	readonly nodes: ReadonlyArray<{ id: string; width: number; height: number; layer: number }>;
	readonly edges: ReadonlyArray<{ source: string; target: string }>;
	/** 'DOWN': edges from the refining element point upward, so sources sit lower. */
	readonly direction: 'UP' | 'DOWN' | 'RIGHT';
}

export interface LayoutResponse {
	readonly seq: number;
	readonly positions: Record<string, { x: number; y: number }>;
	readonly edges: ReadonlyArray<{ source: string; target: string; points: number[] }>;
	readonly ms: number;
	/** Which layout made the positions: elkjs in the worker, or the quick layered layout. */
	readonly engine: 'elkjs' | 'quick';
	readonly error?: string;
}

export type { StpaEdge };
