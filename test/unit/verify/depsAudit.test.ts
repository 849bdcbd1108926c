import assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import type Docker from 'dockerode';
import { DockerSandbox } from '../../../src/core/sandbox/dockerSandbox';
import { DEFAULT_CONTRACT } from '../../../src/core/verify/gates/contractGates';
import { depsAuditGate } from '../../../src/core/verify/gates/depsAuditGate';
import type { GateContext } from '../../../src/core/verify/gates/gateTypes';
import { detectStacks } from '../../../src/core/verify/stackDetection';
import { folderFiles } from '../../../src/core/verify/stackTypes';
import { acquireDockerEngine, ensureTestImage, releaseDockerEngine } from '../../support/dockerEngine';
import { repoRoot } from '../../support/fixtureCorpus';

/**
 * security_deps with the real npm (inside the container) against an advisory endpoint on loopback
 * that speaks npm's bulk-advisory protocol: one answer with an advisory for left-pad, one without.
 */
describe('security_deps gate: real npm audit in the container', function () {
	this.timeout(180_000);
	let docker: Docker;
	let image: string;
	let server: Server;
	let registry: string;
	let advisories: Record<string, unknown[]> = {};
	const asked: string[] = [];
	const temps: string[] = [];

	before(async function () {
		// A cold machine builds the runtime image here first (debootstrap: 40-160 s, depending on the mirror).
		this.timeout(900_000);
		docker = (await acquireDockerEngine()).docker;
		image = await ensureTestImage(docker, 'runtime');
		server = createServer((req, res) => {
			const chunks: Buffer[] = [];
			req.on('data', (c: Buffer) => chunks.push(c));
			req.on('end', () => {
				res.setHeader('content-type', 'application/json');
				if (req.method === 'POST' && req.url?.endsWith('/-/npm/v1/security/advisories/bulk')) {
					const raw = Buffer.concat(chunks);
					asked.push((req.headers['content-encoding'] === 'gzip' ? gunzipSync(raw) : raw).toString());
					res.end(JSON.stringify(advisories));
				} else {
					res.statusCode = 404;
					res.end('{}');
				}
			});
		});
		await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
		registry = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
	});
	after(async () => {
		await new Promise((r) => server.close(r));
		for (const dir of temps) {
			await fs.rm(dir, { recursive: true, force: true });
		}
		await releaseDockerEngine();
	});

	async function context(): Promise<GateContext> {
		const dir = await fs.mkdtemp(join(tmpdir(), 'rampart-deps-'));
		temps.push(dir);
		await fs.cp(join(repoRoot, 'test', 'fixtures', 'verify', 'contracts', 'deps-lockfile'), dir, { recursive: true });
		// Host networking keeps the audit's traffic on this machine's loopback.
		const sandbox = new DockerSandbox({ docker, workspaceRoot: dir, image, allowedNetworkMode: 'host' });
		return { root: dir, contract: DEFAULT_CONTRACT, plans: await detectStacks(folderFiles(dir)), sandbox, allowNetwork: true, runId: 'deps', auditEnv: { npm_config_registry: registry } };
	}

	it('fails when the advisory database lists a locked package', async () => {
		advisories = { 'left-pad': [{ id: 1001, url: 'https://advisories.invalid/1001', title: 'Test advisory', severity: 'high', vulnerable_versions: '<=1.3.0', cwe: ['CWE-400'], cvss: { score: 7.5, vectorString: null } }] };
		const result = await depsAuditGate.run(await context());
		assert.equal(result.outcome, 'hard_fail', result.reason);
		assert.deepEqual(result.details.map((d) => d.message), ['left-pad: high severity advisory']);
		assert.equal(result.evidence[0]?.command, 'npm audit --json');
		assert.equal(result.evidence[0]?.where, 'container');
		assert.deepEqual(JSON.parse(asked.at(-1) ?? '{}'), { 'left-pad': ['1.3.0'] }, 'npm asked about the locked version');
	});

	it('passes when no advisory matches', async () => {
		advisories = {};
		const result = await depsAuditGate.run(await context());
		assert.equal(result.outcome, 'success', result.reason);
		assert.equal(result.evidence[0]?.exitCode, 0);
	});

	it('is skipped with the reason when the tool is missing from the image', async () => {
		const ctx = await context();
		await fs.rm(join(ctx.root, 'package.json'));
		await fs.rm(join(ctx.root, 'package-lock.json'));
		await fs.writeFile(join(ctx.root, 'requirements.txt'), 'requests==2.0.0\n');
		const result = await depsAuditGate.run({ ...ctx, plans: await detectStacks(folderFiles(ctx.root)) });
		assert.equal(result.outcome, 'skipped');
		assert.match(result.reason, /pip-audit is not installed where the commands run/);
	});
});
