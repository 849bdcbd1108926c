import * as assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { decodeText } from '../../../language-server/src/engine/fileFilter';
import type { AnalyzeOptions } from '../../../language-server/src/engine/securityEngine';
import { listRuleFixtures } from '../../support/fixtureCorpus';

/** A small seeded generator (mulberry32) so that a failing input can be reproduced. */
function random(seed: number): () => number {
	let a = seed >>> 0;
	return () => {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

const extensions = ['.js', '.ts', '.tsx', '.py'];
/** Per input: the parse budget is 1.5 s, so 10 s means something other than parsing ran away. */
const perInputMs = 10_000;

interface Outcome {
	readonly count: number;
	/** Inputs analysed (not skipped before or during parsing). */
	readonly analysed: number;
	readonly slowest: number;
	readonly slowestName: string;
}

type Reply = { readonly ok: true; readonly ms: number; readonly skipped: boolean; readonly badRange?: string } | { readonly ok: false; readonly error: string };

/**
 * The engine in a worker thread, so that an input that never returns (an endless loop in a
 * rule) fails the test with the input's name instead of hanging the run.
 */
const workerSource = `
const { parentPort, workerData } = require('node:worker_threads');
require(workerData.tsx).register();
const { SecurityEngine } = require(workerData.engine);
const ready = SecurityEngine.create();
parentPort.on('message', async ({ name, text, options }) => {
	const engine = await ready;
	const started = performance.now();
	try {
		const result = engine.analyze(name, text, options);
		const ms = performance.now() - started;
		const bad = result.findings.find((f) => !(f.range.start.line >= 0 && f.startIndex <= f.endIndex && f.endIndex <= text.length));
		parentPort.postMessage({ ok: true, ms, skipped: result.skipped !== undefined, badRange: bad ? bad.ruleId : undefined });
	} catch (error) {
		parentPort.postMessage({ ok: false, error: String(error && error.stack || error) });
	}
});
`;

class EngineWorker {
	private worker: Worker | undefined;

	private start(): Worker {
		this.worker ??= new Worker(workerSource, {
			eval: true,
			workerData: { tsx: require.resolve('tsx/cjs/api'), engine: require.resolve('../../../language-server/src/engine/securityEngine') },
		});
		return this.worker;
	}

	/** Analyses one input; resolves undefined when no answer came within `limitMs` (the worker is then replaced). */
	analyze(name: string, text: string, options: AnalyzeOptions, limitMs: number): Promise<Reply | undefined> {
		const worker = this.start();
		return new Promise((resolve, reject) => {
			const timer = setTimeout(() => {
				cleanup();
				this.worker = undefined;
				void worker.terminate();
				resolve(undefined);
			}, limitMs);
			const onMessage = (reply: Reply) => {
				cleanup();
				resolve(reply);
			};
			const onError = (error: Error) => {
				cleanup();
				this.worker = undefined;
				reject(error);
			};
			const cleanup = () => {
				clearTimeout(timer);
				worker.off('message', onMessage);
				worker.off('error', onError);
			};
			worker.on('message', onMessage);
			worker.on('error', onError);
			worker.postMessage({ name, text, options });
		});
	}

	async stop(): Promise<void> {
		await this.worker?.terminate();
		this.worker = undefined;
	}
}

const engineWorker = new EngineWorker();

/** Feeds every input to the engine; fails with the input's name on a throw, a bad range or a hang. */
async function feed(inputs: Iterable<[string, string]>, options: AnalyzeOptions = {}): Promise<Outcome> {
	let count = 0;
	let analysed = 0;
	let slowest = 0;
	let slowestName = '';
	for (const [name, text] of inputs) {
		// The first input also pays for loading the grammars in a fresh worker.
		const reply = await engineWorker.analyze(name, text, options, perInputMs + (count === 0 ? 20_000 : 0));
		if (!reply) {
			const saved = join(tmpdir(), `rampart-fuzz-hang-${name.replace(/[^\w.-]+/g, '_').slice(-80)}`);
			writeFileSync(saved, text);
			assert.fail(`${name}: no result within ${perInputMs} ms (endless loop?); input saved to ${saved}`);
		}
		if (!reply.ok) {
			assert.fail(`${name}: engine threw ${reply.error}`);
		}
		assert.equal(reply.badRange, undefined, `${name}: finding of ${reply.badRange} has a range outside the text`);
		count++;
		analysed += reply.skipped ? 0 : 1;
		if (reply.ms > slowest) {
			slowest = reply.ms;
			slowestName = name;
		}
	}
	return { count, analysed, slowest, slowestName };
}

function* randomBytes(rand: () => number, n: number): Generator<[string, string]> {
	for (let i = 0; i < n; i++) {
		const bytes = new Uint8Array(Math.floor(rand() * 20_000));
		for (let j = 0; j < bytes.length; j++) {
			// Mostly printable ASCII with some control and high bytes, so parsers get past the first token.
			const r = rand();
			bytes[j] = r < 0.8 ? 32 + Math.floor(rand() * 95) : r < 0.9 ? [9, 10, 13, 0][Math.floor(rand() * 4)] : 128 + Math.floor(rand() * 128);
		}
		yield [`random-${i}${extensions[i % extensions.length]}`, decodeText(bytes)];
	}
}

const breakers = ['(', ')', '{', '}', '[', ']', '"', "'", '`', '"""', '/*', '${', ':', '\\', '\n\t\t', 'def ', 'function ', '=>', '\u0000', '\uD800'];

function mutate(text: string, rand: () => number): string {
	let out = text;
	const edits = 1 + Math.floor(rand() * 6);
	for (let e = 0; e < edits; e++) {
		const at = Math.floor(rand() * (out.length + 1));
		const len = Math.floor(rand() * Math.min(200, out.length + 1));
		const kind = rand();
		if (kind < 0.3) {
			out = out.slice(0, at) + out.slice(at + len); // deletion
		} else if (kind < 0.55) {
			out = out.slice(0, at) + out.slice(at, at + len).repeat(2 + Math.floor(rand() * 3)) + out.slice(at + len); // duplication
		} else if (kind < 0.85) {
			out = out.slice(0, at) + breakers[Math.floor(rand() * breakers.length)].repeat(1 + Math.floor(rand() * 5)) + out.slice(at); // unbalanced brackets/quotes
		} else {
			const lines = out.split('\n');
			lines.splice(Math.floor(rand() * lines.length), 0, ...lines.slice(0, Math.floor(rand() * 5)).reverse());
			out = lines.join('\n'); // shuffled lines
		}
	}
	return out;
}

function* mutatedFixtures(rand: () => number, perFixture: number): Generator<[string, string]> {
	for (const fixture of listRuleFixtures()) {
		for (let i = 0; i < perFixture; i++) {
			yield [fixture.path.replace(/(\.\w+)$/, `.mutation-${i}$1`), mutate(fixture.text, rand)];
		}
	}
}

/** Nested constructs, one level per line so the input is not mistaken for minified code. */
function* deepNesting(depth: number): Generator<[string, string]> {
	const nest = (open: string, inner: string, close: string) => `${`${open}\n`.repeat(depth)}${inner}\n${`${close}\n`.repeat(depth)}`;
	for (const ext of extensions) {
		yield [`open-parens${ext}`, `x = ${'(\n'.repeat(depth)}`];
		yield [`balanced-parens${ext}`, `x = ${nest('(', '1', ')')}`];
		yield [`nested-lists${ext}`, `x = ${nest('[', '', ']')}`];
		yield [`nested-calls${ext}`, `x = ${nest('f(', 'req', ')')}`];
		yield [`long-chain${ext}`, `x = a${' + a\n'.repeat(depth * 4)}\n`];
	}
	yield ['nested-blocks.js', nest('{', '', '}')];
	yield ['nested-functions.js', nest('function f(req) {', 'eval(req.query.x)', '}')];
	yield ['nested-arrows.ts', `const f = ${nest('(req: any) => (', 'eval(req.body)', ')')}`];
	yield ['nested-ifs.py', `${Array.from({ length: 90 }, (_, i) => `${' '.repeat(i)}if x:`).join('\n')}\n${' '.repeat(90)}eval(x)\n`];
}

function* nonUtf8(): Generator<[string, string]> {
	const chunks = [
		[0xff, 0xfe, 0x00, 0x61], // UTF-16 BOM then NUL
		[0xc0, 0xaf], // overlong '/'
		[0xed, 0xa0, 0x80], // encoded lone surrogate
		[0xf4, 0x90, 0x80, 0x80], // above U+10FFFF
		[0xe2, 0x82], // truncated sequence
		[0x80, 0x80, 0x80],
	];
	for (const ext of extensions) {
		for (let i = 0; i < chunks.length; i++) {
			const body = Buffer.concat([Buffer.from('x = "'), Buffer.from(chunks[i]), Buffer.from('"\nos.system(x)\neval(x)\n')]);
			yield [`bytes-${i}${ext}`, decodeText(body)];
		}
		yield [`lone-surrogates${ext}`, `s = "\uD800\uDC00\uDFFF\uD83D"\neval(s)\n`];
	}
}

describe('engine fuzz', function () {
	this.timeout(300_000);
	const total = { started: 0 };
	before(() => {
		total.started = performance.now();
	});
	after(async () => {
		await engineWorker.stop();
		// One generous bound for the whole suite: a pathological input shows up here, not as a hang.
		assert.ok(performance.now() - total.started < 240_000);
	});

	it('survives random bytes', async () => {
		const outcome = await feed(randomBytes(random(1), 80));
		assert.equal(outcome.count, 80);
	});

	it('survives mutated fixture sources (deletions, duplications, unbalanced brackets)', async () => {
		const fixtures = listRuleFixtures().length;
		const outcome = await feed(mutatedFixtures(random(2), 12));
		assert.equal(outcome.count, fixtures * 12);
	});

	it('survives nesting 5,000 deep', async () => {
		const outcome = await feed(deepNesting(5_000), { limits: { maxBytes: 4 * 1024 * 1024 } });
		assert.equal(outcome.count, extensions.length * 5 + 4);
		assert.ok(outcome.analysed > outcome.count / 2, `only ${outcome.analysed} of ${outcome.count} inputs got past the parser`);
	});

	it('skips a 10 MB minified line quickly, with the default limit and with a raised one', async () => {
		const line = 'var a=require("x");a.b(function(c){return eval(c.d)});'.repeat(Math.ceil((10 * 1024 * 1024) / 55));
		for (const options of [{}, { limits: { maxBytes: 16 * 1024 * 1024 } }]) {
			const outcome = await feed([['bundle.js', line]], options);
			assert.equal(outcome.analysed, 0, 'skipped, as too large or as minified');
		}
	});

	it('survives non-UTF-8 bytes and lone surrogates', async () => {
		const outcome = await feed(nonUtf8());
		assert.equal(outcome.count, extensions.length * 7);
	});
});
