import type { Node } from 'web-tree-sitter';
import { qualifiedName } from '../../imports';
import type { MatchContext } from '../../rule';
import type { Fix, TextEdit } from '../../types';
import { argumentsOf, calleeText, qualifiedCallee, resolveConst, unescapeJs } from './jsHelpers';
import { callContext, callQuery } from './queryText';

export const execQuery = callQuery('[\\w$]*[eE]xec[\\w$]*|command|commandSync|run|sh|shell');

/** Captures `fn`, `callee` and the command line as `cmd`; undefined unless the callee runs a shell. */
export function execContext(match: MatchContext): MatchContext | undefined {
	const ctx = callContext(match, /[eE]xec|^(command|commandSync|run|sh|shell)$/, ['cmd']);
	return ctx?.captures.has('cmd') && isShellCall(ctx) ? ctx : undefined;
}

/** Shell-running functions, by fully qualified name. */
const shellFunctions = /^(child_process\.(exec|execSync)|shelljs\.exec|execa\.(command|commandSync|execaCommand|execaCommandSync))$/;

/** `exec` itself, an imported alias, or `promisify(exec)`. */
function isShellCall(ctx: MatchContext): boolean {
	const callee = ctx.captures.get('callee');
	if (!callee) {
		return false;
	}
	const name = qualifiedCallee(ctx, ctx.node);
	if (shellFunctions.test(name)) {
		return true;
	}
	if (callee.type === 'identifier') {
		const bound = resolveConst(callee);
		if (bound.type === 'call_expression' && /^(util\.)?promisify$/.test(calleeText(bound))) {
			const inner = argumentsOf(bound)[0]?.text ?? '';
			return shellFunctions.test(qualifiedName(inner.replace(/^require\(\s*['"](?:node:)?([^'"]+)['"]\s*\)/, '$1'), ctx.imports));
		}
	}
	return false;
}

type Piece = { readonly literal: string } | { readonly value: Node };

function piecesOf(node: Node): Piece[] | undefined {
	if (node.type === 'string') {
		return [{ literal: unescapeJs(node.text.slice(1, -1)) }];
	}
	if (node.type === 'template_string') {
		const out: Piece[] = [];
		for (const c of node.namedChildren) {
			if (c?.type === 'template_substitution') {
				const inner = c.namedChildren[0];
				if (!inner) {
					return undefined;
				}
				out.push({ value: inner });
			} else if (c) {
				out.push({ literal: c.type === 'escape_sequence' ? unescapeJs(c.text) : c.text });
			}
		}
		return out;
	}
	if (node.type === 'binary_expression' && node.childForFieldName('operator')?.text === '+') {
		const left = node.childForFieldName('left');
		const right = node.childForFieldName('right');
		if (!left || !right) {
			return undefined;
		}
		const l = /^(string|template_string|binary_expression)$/.test(left.type) ? piecesOf(left) : [{ value: left }];
		const r = /^(string|template_string)$/.test(right.type) ? piecesOf(right) : [{ value: right }];
		return l && r ? [...l, ...r] : undefined;
	}
	return undefined;
}

const plainWord = /^[\w@%+=:,./-]+$/;

/** `'git log ' + ref` → program `git`, arguments `['log', ref]`; undefined if a shell feature is used. */
function argv(node: Node): { program: string; args: string[] } | undefined {
	const pieces = piecesOf(node);
	if (!pieces) {
		return undefined;
	}
	const words: string[] = [];
	let joinable = false; // the previous piece ended inside a word
	for (const piece of pieces) {
		if ('literal' in piece) {
			const text = piece.literal;
			if (/^\S/.test(text) && joinable) {
				return undefined; // a value glued to literal text: `--out=${file}`
			}
			for (const word of text.split(/\s+/).filter(Boolean)) {
				if (!plainWord.test(word)) {
					return undefined;
				}
				words.push(`'${word}'`);
			}
			joinable = /\S$/.test(text);
		} else {
			if (joinable || words.length === 0) {
				return undefined;
			}
			words.push(piece.value.text);
			joinable = true;
		}
	}
	const [program, ...args] = words;
	return program && program.startsWith("'") && args.length > 0 ? { program, args } : undefined;
}

/** Adds `execFile` next to `exec` in the file's `require('child_process')` or import. */
function importEdit(ctx: MatchContext, from: string, to: string): TextEdit | undefined | null {
	const importRe = new RegExp(`(\\{[^}]*?\\b${from}\\b)([^}]*\\}\\s*(?:=\\s*require\\(\\s*|from\\s*)['"](?:node:)?child_process['"])`);
	const m = importRe.exec(ctx.source);
	if (!m) {
		return null;
	}
	if (new RegExp(`\\b${to}\\b`).test(m[0])) {
		return undefined; // already imported
	}
	const at = m.index + m[1].length;
	return { startIndex: at, endIndex: at, newText: `, ${to}` };
}

/** Rewrites `exec('prog arg ' + value)` to `execFile('prog', ['arg', value])`: no shell, no injection. */
export function execFileFix(match: MatchContext): Fix | undefined {
	const ctx = execContext(match);
	if (!ctx) {
		return undefined;
	}
	const callee = ctx.captures.get('callee');
	const cmd = ctx.captures.get('cmd');
	const fn = ctx.text('fn');
	if (!callee || !cmd || (fn !== 'exec' && fn !== 'execSync')) {
		return undefined;
	}
	const parsed = argv(cmd);
	if (!parsed) {
		return undefined;
	}
	const replacement = fn === 'exec' ? 'execFile' : 'execFileSync';
	const edits: TextEdit[] = [];
	if (callee.type === 'identifier') {
		const importChange = importEdit(ctx, fn, replacement);
		if (importChange === null) {
			return undefined;
		}
		if (importChange) {
			edits.push(importChange);
		}
	}
	const calleeEnd = callee.endIndex;
	edits.push({ startIndex: calleeEnd - fn.length, endIndex: calleeEnd, newText: replacement });
	edits.push({ startIndex: cmd.startIndex, endIndex: cmd.endIndex, newText: `${parsed.program}, [${parsed.args.join(', ')}]` });
	return { title: `Run the program directly with ${replacement} (no shell)`, edits };
}
