import type { CanvasEdit } from '../protocol/canvasMessages';

export interface UndoEntry {
	readonly message: string;
	readonly forward: readonly CanvasEdit[];
	readonly inverse: readonly CanvasEdit[];
}

/** The canvas's undo/redo history; each step is written to the store as a new version. */
export class UndoStack {
	private readonly done: UndoEntry[] = [];
	private readonly undone: UndoEntry[] = [];

	constructor(private readonly limit = 200) {}

	push(entry: UndoEntry): void {
		this.done.push(entry);
		if (this.done.length > this.limit) {
			this.done.shift();
		}
		this.undone.length = 0;
	}

	get canUndo(): boolean {
		return this.done.length > 0;
	}

	get canRedo(): boolean {
		return this.undone.length > 0;
	}

	/** The edits that take the last step back (its message prefixed "Undo"). */
	undo(): { message: string; edits: readonly CanvasEdit[] } | undefined {
		const entry = this.done.pop();
		if (!entry) {
			return undefined;
		}
		this.undone.push(entry);
		return { message: `Undo: ${entry.message}`, edits: entry.inverse };
	}

	redo(): { message: string; edits: readonly CanvasEdit[] } | undefined {
		const entry = this.undone.pop();
		if (!entry) {
			return undefined;
		}
		this.done.push(entry);
		return { message: `Redo: ${entry.message}`, edits: entry.forward };
	}

	/** Drops the last step when the store refused it. */
	dropLast(): void {
		this.done.pop();
	}
}
