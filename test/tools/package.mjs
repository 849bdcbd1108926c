// `npm run package`: builds, packages rampart-<version>.vsix at the repo root with vsce, then checks
// what went in: only the allow-listed files (bundles, wasm, media, manifest, docs) and < 15 MB.
// The last line printed is `VSIX <absolute path>` so other scripts can find the file.
// Options: --skip-build (reuse dist/ as it is).
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { inflateRawSync } from 'node:zlib';

export const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const maxBytes = 15 * 1024 * 1024;

/** Paths allowed inside the VSIX (relative to the zip root). */
const allowed = [
	/^extension\.vsixmanifest$/,
	/^\[Content_Types\]\.xml$/,
	/^extension\/package\.json$/,
	/^extension\/(readme|changelog)\.md$/i,
	/^extension\/license(\.txt|\.md)?$/i,
	/^extension\/media\/.+$/,
	/^extension\/dist\/(?:[\w.-]+\/)*[\w.-]+\.(js|cjs|css|wasm)$/,
];

/** Files the VSIX must contain. */
const required = ['extension/package.json', 'extension/dist/extension.js', 'extension/dist/server.js'];

/** Lists the entries of a zip file from its central directory: name and uncompressed size. */
export function listZip(path) {
	const buf = readFileSync(path);
	let eocd = -1;
	for (let i = buf.length - 22; i >= Math.max(0, buf.length - 22 - 0xffff); i--) {
		if (buf.readUInt32LE(i) === 0x06054b50) {
			eocd = i;
			break;
		}
	}
	if (eocd < 0) {
		throw new Error(`${path} is not a zip file (no end of central directory).`);
	}
	const count = buf.readUInt16LE(eocd + 10);
	let offset = buf.readUInt32LE(eocd + 16);
	const entries = [];
	for (let n = 0; n < count; n++) {
		if (buf.readUInt32LE(offset) !== 0x02014b50) {
			throw new Error(`${path}: corrupt central directory at entry ${n}.`);
		}
		const method = buf.readUInt16LE(offset + 10);
		const compressed = buf.readUInt32LE(offset + 20);
		const size = buf.readUInt32LE(offset + 24);
		const nameLength = buf.readUInt16LE(offset + 28);
		const extraLength = buf.readUInt16LE(offset + 30);
		const commentLength = buf.readUInt16LE(offset + 32);
		const local = buf.readUInt32LE(offset + 42);
		const name = buf.toString('utf8', offset + 46, offset + 46 + nameLength);
		entries.push({ name, size, method, compressed, local });
		offset += 46 + nameLength + extraLength + commentLength;
	}
	return { entries, read: (entry) => readEntry(buf, entry) };
}

function readEntry(buf, entry) {
	const start = entry.local + 30 + buf.readUInt16LE(entry.local + 26) + buf.readUInt16LE(entry.local + 28);
	const data = buf.subarray(start, start + entry.compressed);
	return entry.method === 0 ? data : inflateRawSync(data);
}

function run(command, args) {
	const result = spawnSync(command, args, { cwd: repoRoot, stdio: ['ignore', 'inherit', 'inherit'] });
	if (result.status !== 0) {
		throw new Error(`\`${command} ${args.join(' ')}\` failed (exit ${result.status ?? result.signal}).`);
	}
}

function formatSize(bytes) {
	return bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(2)} MB` : `${(bytes / 1024).toFixed(1)} KB`;
}

/** Checks a packaged VSIX; returns the list of problems (empty when it is fine). */
export function checkVsix(vsixPath, { print = true } = {}) {
	const problems = [];
	const { entries, read } = listZip(vsixPath);
	const bytes = statSync(vsixPath).size;
	if (print) {
		console.log(`\n${vsixPath}: ${entries.length} files`);
		for (const e of [...entries].sort((a, b) => a.name.localeCompare(b.name))) {
			console.log(`  ${formatSize(e.size).padStart(10)}  ${e.name}`);
		}
		console.log(`VSIX size: ${formatSize(bytes)} (${bytes} bytes, limit ${formatSize(maxBytes)})`);
	}
	for (const e of entries) {
		if (!e.name.endsWith('/') && !allowed.some((re) => re.test(e.name))) {
			problems.push(`not allowed in the VSIX: ${e.name}`);
		}
	}
	for (const name of required) {
		if (!entries.some((e) => e.name === name)) {
			problems.push(`missing from the VSIX: ${name}`);
		}
	}
	for (const doc of [/^extension\/readme\.md$/i, /^extension\/changelog\.md$/i, /^extension\/license(\.txt|\.md)?$/i]) {
		if (!entries.some((e) => doc.test(e.name))) {
			problems.push(`missing from the VSIX: ${doc.source}`);
		}
	}
	const manifest = entries.find((e) => e.name === 'extension/package.json');
	if (manifest) {
		const pkg = JSON.parse(read(manifest).toString('utf8'));
		const main = String(pkg.main ?? '').replace(/^\.\//, '');
		if (main && !entries.some((e) => e.name === `extension/${main}`)) {
			problems.push(`package.json "main" (${pkg.main}) is not in the VSIX`);
		}
	}
	if (bytes >= maxBytes) {
		problems.push(`VSIX is ${formatSize(bytes)}, the limit is ${formatSize(maxBytes)}`);
	}
	return problems;
}

/** Builds (unless skipBuild) and packages; returns the VSIX path. Throws when a check fails. */
export function packageVsix({ skipBuild = false } = {}) {
	const pkg = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8'));
	const missingDocs = ['README.md', 'CHANGELOG.md', 'LICENSE'].filter((f) => !existsSync(join(repoRoot, f)));
	if (missingDocs.length > 0) {
		throw new Error(`Cannot package: ${missingDocs.join(', ')} missing at the repo root.`);
	}
	if (!skipBuild) {
		run('npm', ['run', 'build']);
	}
	const out = join(repoRoot, `${pkg.name}-${pkg.version}.vsix`);
	const vsce = join(repoRoot, 'node_modules', '@vscode', 'vsce', 'vsce');
	run(process.execPath, [vsce, 'package', '--no-dependencies', '--out', out]);
	const problems = checkVsix(out);
	if (problems.length > 0) {
		throw new Error(`VSIX check failed:\n  - ${problems.join('\n  - ')}`);
	}
	return out;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
	try {
		const out = packageVsix({ skipBuild: process.argv.includes('--skip-build') });
		console.log('VSIX checks passed.');
		console.log(`VSIX ${out}`);
	} catch (error) {
		console.error(`package: ${error instanceof Error ? error.message : String(error)}`);
		process.exit(1);
	}
}
