// A small Markdown renderer that builds DOM nodes and never parses HTML: model text can contain
// `<img onerror>` or `javascript:` links and they come out as plain text. Supported: fenced code
// blocks, headings, bullet and numbered lists, quotes, paragraphs, inline code, bold, italics,
// links (http/https only, opened by the host) and analysis ids such as M-3 or SR-2 (open the canvas).

export interface MarkdownActions {
	openLink(url: string): void;
	openNode(nodeId: string): void;
	copyCode(code: string): void;
	insertCode(code: string): void;
}

/** Stable human ids of the analysis (see the store's node types). */
export const nodeIdPattern = /\b(?:SH|SR|UCA|SC|CA|FB|CC|LS|CE|L|H|V|C|P|R|T|M|F)-\d{1,5}(?:\.\d{1,4})*\b/;

const inlinePattern = new RegExp(String.raw`(\x60[^\x60\n]+\x60)|(\*\*[^*\n]+\*\*)|(\*(?!\s)[^*\n]+\*|(?<![\w_])_(?![_\s])[^_\n]+_(?![\w_]))|(\[[^\]\n]+\]\([^)\s]+\))|(${nodeIdPattern.source})`, 'g');

export function safeUrl(url: string): string | undefined {
	try {
		const parsed = new URL(url);
		return parsed.protocol === 'https:' || parsed.protocol === 'http:' ? parsed.href : undefined;
	} catch {
		return undefined;
	}
}

function link(text: string, onClick: () => void, className: string, title?: string): HTMLAnchorElement {
	const a = document.createElement('a');
	a.textContent = text;
	a.href = '#';
	a.className = className;
	if (title) {
		a.title = title;
	}
	a.addEventListener('click', (event) => {
		event.preventDefault();
		onClick();
	});
	return a;
}

export function renderInline(text: string, actions: MarkdownActions): Node[] {
	const out: Node[] = [];
	let last = 0;
	for (const match of text.matchAll(inlinePattern)) {
		const at = match.index;
		if (at > last) {
			out.push(document.createTextNode(text.slice(last, at)));
		}
		const [whole, code, bold, italic, mdLink, nodeId] = match;
		if (code) {
			const c = document.createElement('code');
			c.textContent = code.slice(1, -1);
			out.push(c);
		} else if (bold) {
			const b = document.createElement('strong');
			b.append(...renderInline(bold.slice(2, -2), actions));
			out.push(b);
		} else if (italic) {
			const i = document.createElement('em');
			i.append(...renderInline(italic.slice(1, -1), actions));
			out.push(i);
		} else if (mdLink) {
			const split = mdLink.indexOf('](');
			const label = mdLink.slice(1, split);
			const url = safeUrl(mdLink.slice(split + 2, -1));
			out.push(url ? link(label, () => actions.openLink(url), 'md-link', url) : document.createTextNode(whole));
		} else if (nodeId) {
			out.push(link(nodeId, () => actions.openNode(nodeId), 'node-ref', `Show ${nodeId} in the trace canvas`));
		}
		last = at + whole.length;
	}
	if (last < text.length) {
		out.push(document.createTextNode(text.slice(last)));
	}
	return out;
}

function codeBlock(code: string, language: string, actions: MarkdownActions): HTMLElement {
	const figure = document.createElement('figure');
	figure.className = 'code-block';
	const bar = document.createElement('div');
	bar.className = 'code-bar';
	const lang = document.createElement('span');
	lang.textContent = language || 'text';
	const copy = document.createElement('button');
	copy.textContent = 'Copy';
	copy.addEventListener('click', () => actions.copyCode(code));
	const insert = document.createElement('button');
	insert.textContent = 'Insert';
	insert.title = 'Insert at the cursor in the active editor';
	insert.addEventListener('click', () => actions.insertCode(code));
	bar.append(lang, copy, insert);
	const pre = document.createElement('pre');
	const c = document.createElement('code');
	c.textContent = code;
	pre.append(c);
	figure.append(bar, pre);
	return figure;
}

/** Renders `markdown` into a fragment. An unterminated code fence (mid-stream) renders as code so far. */
export function renderMarkdown(markdown: string, actions: MarkdownActions): DocumentFragment {
	const fragment = document.createDocumentFragment();
	const lines = markdown.replace(/\r\n?/g, '\n').split('\n');
	let paragraph: string[] = [];
	let list: HTMLElement | undefined;
	const flush = () => {
		if (paragraph.length > 0) {
			const p = document.createElement('p');
			paragraph.forEach((line, i) => {
				if (i > 0) {
					p.append(document.createElement('br'));
				}
				p.append(...renderInline(line, actions));
			});
			fragment.append(p);
			paragraph = [];
		}
		list = undefined;
	};
	for (let i = 0; i < lines.length; i++) {
		const line = lines[i];
		const fence = /^\s*(`{3,}|~{3,})\s*([\w+#.-]*)/.exec(line);
		if (fence) {
			flush();
			const body: string[] = [];
			for (i++; i < lines.length && !lines[i].trimStart().startsWith(fence[1]); i++) {
				body.push(lines[i]);
			}
			fragment.append(codeBlock(body.join('\n'), fence[2], actions));
			continue;
		}
		const heading = /^(#{1,4})\s+(.*)$/.exec(line);
		const bullet = /^\s*[-*+]\s+(.*)$/.exec(line);
		const numbered = /^\s*\d{1,4}[.)]\s+(.*)$/.exec(line);
		const quote = /^>\s?(.*)$/.exec(line);
		if (heading) {
			flush();
			const h = document.createElement(`h${Math.min(6, heading[1].length + 2)}` as 'h3');
			h.append(...renderInline(heading[2], actions));
			fragment.append(h);
		} else if (bullet || numbered) {
			const kind = bullet ? 'UL' : 'OL';
			if (paragraph.length > 0 || list?.tagName !== kind) {
				flush();
				list = document.createElement(bullet ? 'ul' : 'ol');
				fragment.append(list);
			}
			const li = document.createElement('li');
			li.append(...renderInline((bullet ?? numbered)![1], actions));
			list!.append(li);
		} else if (quote) {
			flush();
			const q = document.createElement('blockquote');
			q.append(...renderInline(quote[1], actions));
			fragment.append(q);
		} else if (line.trim() === '') {
			flush();
		} else {
			if (list) {
				list = undefined;
			}
			paragraph.push(line);
		}
	}
	flush();
	return fragment;
}
