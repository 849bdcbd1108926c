import type { Node } from 'web-tree-sitter';
import { type MatchContext, owasp, pyLanguages, type Rule } from '../../rule';
import type { Fix } from '../../types';
import { isLiteral } from '../ruleHelpers';
import { argumentOf, calleeName, keywordNode, keywordValue, removeArgumentEdit, stringValue, unguardedTaint } from './pyHelpers';

const query = `
(call
  function: [(identifier) @fn (attribute attribute: (identifier) @fn)]
  arguments: (argument_list)
  (#any-of? @fn "run" "call" "Popen" "check_output" "check_call")) @finding
`;

const subprocessFunctions = /^subprocess\.(run|call|Popen|check_output|check_call)$/;

function commandOf(ctx: MatchContext): Node | undefined {
	return subprocessFunctions.test(calleeName(ctx, ctx.node)) ? argumentOf(ctx.node, 0, 'args') : undefined;
}

function usesShell(call: Node): boolean {
	const shell = keywordValue(call, 'shell');
	return !!shell && (shell.type === 'true' || shell.text === '1');
}

/** A piece of the command string: constant text or a Python expression spliced in. */
type Part = { readonly literal: string } | { readonly expr: string };

/** The command as constant text and spliced expressions, or undefined when it is not plain `+`/f-string building. */
function partsOf(node: Node): Part[] | undefined {
	if (node.type === 'binary_operator' && node.childForFieldName('operator')?.text === '+') {
		const left = partsOf(node.childForFieldName('left') as Node);
		const right = partsOf(node.childForFieldName('right') as Node);
		return left && right ? [...left, ...right] : undefined;
	}
	if (node.type === 'parenthesized_expression' && node.namedChildCount === 1) {
		return partsOf(node.namedChildren[0] as Node);
	}
	const constant = stringValue(node);
	if (constant !== undefined) {
		return [{ literal: constant }];
	}
	if (node.type === 'string' && /^f['"]$/i.test(node.firstChild?.text ?? '')) {
		const parts: Part[] = [];
		for (const c of node.namedChildren) {
			if (c?.type === 'string_content') {
				if (c.namedChildCount > 0 || /[{}]/.test(c.text)) {
					return undefined; // escapes and doubled braces: leave to a human
				}
				parts.push({ literal: c.text });
			} else if (c?.type === 'interpolation') {
				const expr = c.childForFieldName('expression');
				if (!expr || c.namedChildCount !== 1) {
					return undefined; // !r conversions and format specs change the text
				}
				parts.push({ expr: expr.text });
			}
		}
		return parts;
	}
	if (node.type === 'identifier' || node.type === 'attribute' || node.type === 'subscript' || node.type === 'call') {
		return [{ expr: node.text }];
	}
	return undefined;
}

const shellSyntax = /[|&;<>()$`\\"'*?[\]#~{}\n]/;

/** `"ls -l " + d` → `["ls", "-l", d]`: only when the program is constant and no shell syntax is used. */
export function argvOf(command: Node): string | undefined {
	const parts = partsOf(command);
	if (!parts || !parts.some((p) => 'expr' in p)) {
		return undefined;
	}
	const tokens: Part[][] = [[]];
	for (const part of parts) {
		if ('expr' in part) {
			tokens[tokens.length - 1].push(part);
			continue;
		}
		if (shellSyntax.test(part.literal)) {
			return undefined;
		}
		part.literal.split(/(\s+)/).forEach((piece) => {
			if (/^\s+$/.test(piece)) {
				tokens.push([]);
			} else if (piece) {
				tokens[tokens.length - 1].push({ literal: piece });
			}
		});
	}
	const words = tokens.filter((t) => t.length > 0);
	if (words.length === 0 || words[0].some((p) => 'expr' in p)) {
		return undefined;
	}
	const rendered = words.map((word) => {
		if (word.length === 1) {
			const only = word[0];
			return 'expr' in only ? only.expr : `"${only.literal}"`;
		}
		return `f"${word.map((p) => ('expr' in p ? `{${p.expr}}` : p.literal)).join('')}"`;
	});
	return `[${rendered.join(', ')}]`;
}

function fixOf(ctx: MatchContext): Fix | undefined {
	const command = commandOf(ctx);
	const shell = keywordNode(ctx.node, 'shell');
	if (!command || !shell || command.parent?.type === 'keyword_argument') {
		return undefined;
	}
	const argv = argvOf(command);
	if (!argv) {
		return undefined;
	}
	return {
		title: 'Pass an argument list instead of a shell string',
		edits: [{ startIndex: command.startIndex, endIndex: command.endIndex, newText: argv }, removeArgumentEdit(shell)],
	};
}

const shared = {
	languages: pyLanguages,
	vulnClass: 'command-injection',
	cwe: [78],
	owasp: owasp.injection,
	query,
	fix: fixOf,
} as const;

/** Untrusted data in a `subprocess` command that runs through the shell, or that names the program. */
export const subprocessShellInjection: Rule = {
	...shared,
	id: 'rampart.py.command-injection.subprocess-shell',
	severity: 'error',
	precision: 'high',
	message: 'Untrusted data reaches a subprocess command run with shell=True.',
	help:
		'With `shell=True` the command string is parsed by `/bin/sh`, so `;`, `&&`, `|`, `$(...)` in request data start further commands. ' +
		'Drop `shell=True` and pass a list: `subprocess.run(["convert", src, dst], check=True)`; each element reaches the program as one argument ' +
		'and is never interpreted. Rampart offers this rewrite when the program name is a constant. Without a shell, untrusted data must still not ' +
		'choose the program itself (`subprocess.run([request.args["tool"], ...])`), and values that start with `-` can be read as options: ' +
		'validate them or put `--` before them.',
	check: (ctx) => {
		const command = commandOf(ctx);
		if (!command) {
			return false;
		}
		if (usesShell(ctx.node)) {
			const taint = unguardedTaint(ctx.node, command, ctx.taint);
			return taint ? { taint } : false;
		}
		// No shell: only the program (the string, or the list's first element) is dangerous.
		const program = command.type === 'list' ? (command.namedChildren[0] ?? undefined) : command;
		if (!program || program.type === 'list_splat' || isLiteral(program)) {
			return false;
		}
		const taint = unguardedTaint(ctx.node, program, ctx.taint);
		return taint ? { taint, message: 'Untrusted data chooses the program that subprocess runs.' } : false;
	},
};

/** A computed shell command with no visible untrusted source: audit level. */
export const subprocessShellAudit: Rule = {
	...shared,
	id: 'rampart.py.command-injection.subprocess-shell-audit',
	severity: 'info',
	precision: 'low',
	message: 'A computed command runs with shell=True; check that no user input reaches it, or pass an argument list.',
	help:
		'`shell=True` with a command built at run time is one missing quote away from command injection. No untrusted source reaches it here, ' +
		'but prefer an argument list without a shell: it is safer and avoids quoting bugs with spaces in file names.',
	check: (ctx) => {
		const command = commandOf(ctx);
		return !!command && usesShell(ctx.node) && !isLiteral(command) && !/\bquote\(/.test(command.text) && !ctx.taint(command);
	},
};
