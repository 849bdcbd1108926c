import { TextDocument } from 'vscode-languageserver-textdocument';
import type { TextDocumentContentChangeEvent } from 'vscode-languageserver';
import { Edit, type Tree } from 'web-tree-sitter';

/** An open document with the parse tree of its last analysis, kept for incremental parsing. */
export interface OpenDocument {
	document: TextDocument;
	tree: Tree | undefined;
	timer: NodeJS.Timeout | undefined;
}

/**
 * The open documents, updated from incremental changes. Each change is also applied to the
 * document's last tree as a tree-sitter edit, so the next parse reuses the unchanged parts.
 */
export class OpenDocuments {
	private readonly docs = new Map<string, OpenDocument>();

	open(uri: string, languageId: string, version: number, text: string): OpenDocument {
		this.close(uri);
		const doc: OpenDocument = { document: TextDocument.create(uri, languageId, version, text), tree: undefined, timer: undefined };
		this.docs.set(uri, doc);
		return doc;
	}

	get(uri: string): OpenDocument | undefined {
		return this.docs.get(uri);
	}

	all(): IterableIterator<OpenDocument> {
		return this.docs.values();
	}

	change(uri: string, version: number, changes: readonly TextDocumentContentChangeEvent[]): OpenDocument | undefined {
		const doc = this.docs.get(uri);
		if (!doc) {
			return undefined;
		}
		for (const change of changes) {
			const before = doc.document;
			if ('range' in change) {
				const startIndex = before.offsetAt(change.range.start);
				const oldEndIndex = before.offsetAt(change.range.end);
				doc.document = TextDocument.update(before, [change], version);
				const newEndIndex = startIndex + change.text.length;
				const newEnd = doc.document.positionAt(newEndIndex);
				doc.tree?.edit(
					new Edit({
						startIndex,
						oldEndIndex,
						newEndIndex,
						startPosition: { row: change.range.start.line, column: change.range.start.character },
						oldEndPosition: { row: change.range.end.line, column: change.range.end.character },
						newEndPosition: { row: newEnd.line, column: newEnd.character },
					}),
				);
			} else {
				doc.document = TextDocument.update(before, [change], version);
				this.dropTree(doc);
			}
		}
		return doc;
	}

	close(uri: string): void {
		const doc = this.docs.get(uri);
		if (doc) {
			clearTimeout(doc.timer);
			this.dropTree(doc);
			this.docs.delete(uri);
		}
	}

	replaceTree(doc: OpenDocument, tree: Tree | undefined): void {
		if (doc.tree && doc.tree !== tree) {
			doc.tree.delete();
		}
		doc.tree = tree;
	}

	private dropTree(doc: OpenDocument): void {
		doc.tree?.delete();
		doc.tree = undefined;
	}
}
