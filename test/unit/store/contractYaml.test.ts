import * as assert from 'node:assert/strict';
import { promises as fs, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { AnalysisStore } from '../../../src/core/store/analysisStore';
import { canonicalJson } from '../../../src/core/store/canonicalJson';
import { StoreCorruptFileError, StoreInvalidFileError } from '../../../src/core/store/errors';
import { contractJsonSchema, contractSchema } from '../../../src/core/store/schemas';
import { parseYamlDocument } from '../../../src/core/store/yamlDocument';
import { sampleArtifacts, tempWorkspace, user } from './helpers';

const SCHEMA_FILE = join(__dirname, '..', '..', '..', 'src', 'core', 'store', 'schemas', 'rampart.contract.schema.json');

const VALID = `# Shopfront policy
schemaVersion: 1
name: shopfront
forbiddenApis:
  - pattern: eval
    reason: code injection
forbiddenPackages: []
requiredProtections:
  - id: P1
    description: parameterised SQL
    cwe: CWE-89
gates:
  - id: sast
    kind: sast
    blocking: true
network: none
`;

describe('policy contract as YAML', () => {
	it('reads a hand-written rampart.contract.yaml through the store', async () => {
		const ws = await tempWorkspace();
		await fs.mkdir(join(ws, '.rampart'));
		await fs.writeFile(join(ws, '.rampart', 'rampart.contract.yaml'), VALID);
		const contract = await AnalysisStore.forWorkspace(ws).read('contract');
		assert.equal(contract!.name, 'shopfront');
		assert.deepEqual(contract!.gates, [{ id: 'sast', kind: 'sast', blocking: true }]);
	});

	it('reports schema errors with the line of the offending value', () => {
		const bad = VALID.replace('kind: sast', 'kind: lint').replace('blocking: true', 'blocking: "yes"');
		assert.throws(
			() => parseYamlDocument('rampart.contract.yaml', bad, contractSchema),
			(e: unknown) =>
				e instanceof StoreInvalidFileError &&
				e.problems.some((p) => p.path === 'gates[0].kind' && p.line === 14) &&
				e.problems.some((p) => p.path === 'gates[0].blocking' && p.line === 15) &&
				/^rampart\.contract\.yaml: does not match its schema: line 14: gates\[0\]\.kind/.test(e.message),
		);
		// A missing key is reported at its parent.
		assert.throws(
			() => parseYamlDocument('c.yaml', VALID.replace('    reason: code injection\n', ''), contractSchema),
			(e: unknown) => e instanceof StoreInvalidFileError && e.problems.some((p) => p.path === 'forbiddenApis[0].reason' && p.line === 5),
		);
	});

	it('reports YAML syntax errors, empty files and duplicate keys with file and line', () => {
		assert.throws(
			() => parseYamlDocument('c.yaml', 'schemaVersion: 1\ngates: [a, b\nname: x\n', contractSchema),
			(e: unknown) => e instanceof StoreCorruptFileError && e.format === 'YAML' && e.line !== undefined && /^c\.yaml:\d+:\d+: not valid YAML/.test(e.message),
		);
		assert.throws(() => parseYamlDocument('c.yaml', '\n', contractSchema), /c\.yaml: not valid YAML: the file is empty/);
		assert.throws(() => parseYamlDocument('c.yaml', 'name: a\nname: b\n', contractSchema), (e: unknown) => e instanceof StoreCorruptFileError && e.line === 2);
	});

	it('a hand-broken contract is reported and never overwritten; the previous version stays readable', async () => {
		const ws = await tempWorkspace();
		const store = AnalysisStore.forWorkspace(ws);
		const v1 = await store.write({ contract: sampleArtifacts().contract }, { author: user, message: 'contract' });
		const file = join(ws, '.rampart', 'rampart.contract.yaml');
		await fs.writeFile(file, 'schemaVersion: 1\nname: [\n');
		await assert.rejects(store.read('contract'), /rampart\.contract\.yaml:\d+:\d+: not valid YAML/);
		await assert.rejects(store.write({ contract: { ...sampleArtifacts().contract, name: 'other' } }, { author: user, message: 'x' }), /not valid YAML/);
		assert.equal(await fs.readFile(file, 'utf8'), 'schemaVersion: 1\nname: [\n');
		assert.deepEqual(await store.readAt(v1.id, 'contract'), sampleArtifacts().contract);
	});

	it('still reads the old JSON location, and moves it to YAML on the next write', async () => {
		const ws = await tempWorkspace();
		await fs.mkdir(join(ws, '.rampart'));
		const legacy = join(ws, '.rampart', 'rampart.contract.json');
		await fs.writeFile(legacy, canonicalJson(sampleArtifacts().contract));
		const store = AnalysisStore.forWorkspace(ws);
		assert.deepEqual(await store.read('contract'), sampleArtifacts().contract);
		await fs.writeFile(legacy, '{"schemaVersion": 1, "name": ');
		await assert.rejects(store.read('contract'), /rampart\.contract\.json:1:\d+: not valid JSON/);
		await fs.writeFile(legacy, canonicalJson(sampleArtifacts().contract));
		await store.recordWorkingChanges({ author: user, message: 'record' });
		await store.write({ contract: { ...sampleArtifacts().contract, name: 'moved' } }, { author: user, message: 'move' });
		await assert.rejects(fs.access(legacy));
		const yamlText = await fs.readFile(join(ws, '.rampart', 'rampart.contract.yaml'), 'utf8');
		assert.equal((parse(yamlText) as { name: string }).name, 'moved');
		assert.match(yamlText, /^# Rampart contract/);
	});

	it('the checked-in JSON Schema is the one generated from the zod schema, and describes the contract', () => {
		const generated = contractJsonSchema();
		assert.deepEqual(JSON.parse(readFileSync(SCHEMA_FILE, 'utf8')), generated, 'out of date: write JSON.stringify(contractJsonSchema(), null, tab) to the file again');
		const props = (generated as { properties: Record<string, { enum?: string[] }> }).properties;
		for (const key of ['schemaVersion', 'name', 'forbiddenApis', 'forbiddenPackages', 'requiredProtections', 'gates', 'network', 'networkAllowlist']) {
			assert.ok(key in props, key);
		}
		assert.deepEqual(props.network!.enum, ['none', 'allowlist']);
		assert.deepEqual((generated as { required: string[] }).required.sort(), ['forbiddenApis', 'forbiddenPackages', 'gates', 'name', 'network', 'requiredProtections', 'schemaVersion']);
	});
});
