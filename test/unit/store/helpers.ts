import { promises as fs, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseDocument } from '../../../src/core/store/analysisStore';
import { layoutSchema, stpaGraphSchema, type ArtifactOf, type ArtifactKind, type Layout, type StpaGraph } from '../../../src/core/store/schemas';

export const FIXTURES = join(__dirname, '..', '..', 'fixtures', 'store');

export function loadShopfront(): StpaGraph {
	const file = join(FIXTURES, 'shopfront.stpa-sec.json');
	return parseDocument(file, readFileSync(file, 'utf8'), stpaGraphSchema);
}

export function loadShopfrontLayout(): Layout {
	const file = join(FIXTURES, 'shopfront.layout.json');
	return parseDocument(file, readFileSync(file, 'utf8'), layoutSchema);
}

export async function tempWorkspace(): Promise<string> {
	return fs.mkdtemp(join(tmpdir(), 'rampart-store-'));
}

export const user = { kind: 'user', name: 'alice' } as const;
export const agent = { kind: 'agent', name: 'rampart' } as const;

/** One valid document of every artifact kind. */
export function sampleArtifacts(): { [K in ArtifactKind]: ArtifactOf<K> } {
	return {
		prd: {
			schemaVersion: 1,
			title: 'Shopfront',
			summary: 'A small web shop with login, password reset and card payments.',
			users: [{ role: 'customer', description: 'buys things' }],
			features: [{ id: 'F1', title: 'Login', description: 'e-mail and password', acceptance: ['locks after 5 failures'] }],
			dataHandled: [{ name: 'password hash', sensitivity: 'secret' }],
			nonFunctional: ['p95 < 200 ms'],
			outOfScope: ['marketplace'],
		},
		architecture: {
			schemaVersion: 1,
			files: [
				{ path: 'src/routes/auth.ts', purpose: 'login', language: 'typescript', api: [{ name: 'login', signature: '(req: Request, res: Response) => Promise<void>', exported: true }], dependsOn: ['src/db.ts'] },
				{ path: 'src/db.ts', purpose: 'pool', language: 'typescript', api: [], dependsOn: [] },
			],
			packages: [{ name: 'pg', version: '8.11.0', reason: 'database driver' }],
			validation: [{ check: 'imports resolve', passed: true, message: 'ok' }],
		},
		threatModel: {
			schemaVersion: 1,
			securityContext: 'Internet-facing shop',
			attackerModel: 'Anonymous remote attacker',
			entryInterfaces: [{ name: 'POST /login', anchor: { file: 'src/routes/auth.ts', function: 'login' }, exposure: 'public' }],
			threats: [
				{ id: 'T-1', title: 'SQL injection', anchor: { file: 'src/routes/auth.ts', function: 'login' }, cwe: 'CWE-89', stride: 'tampering', vector: 'e-mail field', requiredProtection: 'parameterised query', severity: 'critical', status: 'open', evidence: [] },
			],
		},
		stpa: loadShopfront(),
		layout: loadShopfrontLayout(),
		contract: {
			schemaVersion: 1,
			name: 'shopfront',
			forbiddenApis: [{ pattern: 'eval', reason: 'code injection' }],
			forbiddenPackages: [{ name: 'md5', reason: 'weak hash' }],
			requiredProtections: [{ id: 'P1', description: 'parameterised SQL', cwe: 'CWE-89' }],
			gates: [{ id: 'sast', kind: 'sast', blocking: true }],
			network: 'none',
		},
		runs: {
			schemaVersion: 1,
			runs: [{ id: 'run-1', kind: 'generation', startedAt: '2026-01-01T10:00:00.000Z', status: 'succeeded', summary: 'generated 2 files', stages: [{ name: 'prd', status: 'succeeded' }] }],
		},
	};
}

export interface XmlElement {
	name: string;
	attrs: Record<string, string>;
	children: XmlElement[];
	text: string;
}

const decode = (s: string): string =>
	s.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|amp|lt|gt|quot|apos);/g, (_m, e: string) =>
		e === 'amp' ? '&' : e === 'lt' ? '<' : e === 'gt' ? '>' : e === 'quot' ? '"' : e === 'apos' ? "'" : String.fromCodePoint(e[1] === 'x' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10)),
	);

/** A strict little XML parser for tests: throws on anything not well-formed it can see. */
export function parseXml(xml: string): XmlElement {
	let i = 0;
	const root: XmlElement = { name: '#document', attrs: {}, children: [], text: '' };
	const stack = [root];
	const checkText = (t: string): void => {
		if (/[<>]/.test(t.replace(/>/g, ''))) {
			throw new Error(`raw < in text: ${t}`);
		}
		if (/&(?!(#x[0-9a-fA-F]+|#[0-9]+|amp|lt|gt|quot|apos);)/.test(t)) {
			throw new Error(`bare & in: ${t}`);
		}
	};
	while (i < xml.length) {
		const lt = xml.indexOf('<', i);
		const text = xml.slice(i, lt === -1 ? xml.length : lt);
		checkText(text);
		stack[stack.length - 1]!.text += decode(text);
		if (lt === -1) {
			break;
		}
		if (xml.startsWith('<?', lt)) {
			i = xml.indexOf('?>', lt) + 2;
			continue;
		}
		const gt = xml.indexOf('>', lt);
		if (gt === -1) {
			throw new Error('unterminated tag');
		}
		const tag = xml.slice(lt + 1, gt);
		i = gt + 1;
		if (tag.startsWith('/')) {
			const open = stack.pop()!;
			if (open.name !== tag.slice(1).trim()) {
				throw new Error(`</${tag.slice(1)}> closes <${open.name}>`);
			}
			continue;
		}
		const selfClosing = tag.endsWith('/');
		const body = selfClosing ? tag.slice(0, -1) : tag;
		const m = /^([A-Za-z_][\w:.-]*)/.exec(body);
		if (!m) {
			throw new Error(`bad tag <${tag}>`);
		}
		const attrs: Record<string, string> = {};
		const rest = body.slice(m[1]!.length);
		const attrRe = /\s+([A-Za-z_][\w:.-]*)="([^"<]*)"/gy;
		let end = 0;
		for (let a = attrRe.exec(rest); a; a = attrRe.exec(rest)) {
			if (a[1]! in attrs) {
				throw new Error(`duplicate attribute ${a[1]}`);
			}
			checkText(a[2]!);
			attrs[a[1]!] = decode(a[2]!);
			end = attrRe.lastIndex;
		}
		if (rest.slice(end).trim() !== '') {
			throw new Error(`bad attributes in <${tag}>`);
		}
		const el: XmlElement = { name: m[1]!, attrs, children: [], text: '' };
		stack[stack.length - 1]!.children.push(el);
		if (!selfClosing) {
			stack.push(el);
		}
	}
	if (stack.length !== 1) {
		throw new Error(`unclosed <${stack[stack.length - 1]!.name}>`);
	}
	if (root.children.length !== 1) {
		throw new Error('expected exactly one root element');
	}
	return root.children[0]!;
}

export function findAll(el: XmlElement, name: string): XmlElement[] {
	return [...(el.name === name ? [el] : []), ...el.children.flatMap((c) => findAll(c, name))];
}
