/**
 * Finds where the value at a JSON path starts in a document's text, so a schema error can name a
 * line. Returns undefined when the path is not there (for example a missing required key: then
 * the enclosing object is located instead by the caller walking the path back).
 */
export function locateJsonPath(text: string, path: readonly (string | number)[]): { line: number; column: number } | undefined {
	let i = 0;
	const ws = (): void => {
		while (i < text.length && /\s/.test(text[i]!)) {
			i++;
		}
	};
	const str = (): string => {
		const start = i;
		i++;
		while (i < text.length && text[i] !== '"') {
			i += text[i] === '\\' ? 2 : 1;
		}
		i++;
		return JSON.parse(text.slice(start, i)) as string;
	};
	const skip = (): void => {
		ws();
		const c = text[i];
		if (c === '"') {
			str();
		} else if (c === '{' || c === '[') {
			const close = c === '{' ? '}' : ']';
			i++;
			ws();
			while (i < text.length && text[i] !== close) {
				if (c === '{') {
					ws();
					str();
					ws();
					i++; // ':'
				}
				skip();
				ws();
				if (text[i] === ',') {
					i++;
				}
				ws();
			}
			i++;
		} else {
			while (i < text.length && !/[\s,\]}]/.test(text[i]!)) {
				i++;
			}
		}
	};
	/** Moves `i` to the start of the child `key` of the container at `i`; false when absent. */
	const enter = (key: string | number): boolean => {
		ws();
		const c = text[i];
		if (c !== '{' && c !== '[') {
			return false;
		}
		const close = c === '{' ? '}' : ']';
		i++;
		let index = 0;
		for (;;) {
			ws();
			if (i >= text.length || text[i] === close) {
				return false;
			}
			let name: string | number = index;
			if (c === '{') {
				name = str();
				ws();
				i++; // ':'
			}
			ws();
			if (name === key) {
				return true;
			}
			skip();
			ws();
			if (text[i] === ',') {
				i++;
			}
			index++;
		}
	};
	try {
		ws();
		for (const key of path) {
			if (!enter(key)) {
				return undefined;
			}
		}
	} catch {
		return undefined;
	}
	const before = text.slice(0, i);
	return { line: before.split('\n').length, column: i - before.lastIndexOf('\n') };
}
