// Makes a Docker engine usable offline for the sandbox and verification tests.
// Usage: node test/tools/provisionDocker.mjs [packages|busybox|runtime|all]   (default: all)
//   packages  installs Debian docker.io (and busybox-static / debootstrap) when missing (root + apt only)
//   busybox   builds the busybox rootfs tar (2 MB, seconds)
//   runtime   builds a Debian minbase rootfs tar with nodejs, npm and python3 (debootstrap, ~40-60 s cold)
// Image tars are cached under ~/.cache/rampart-docker/images, so a warm machine reuses them; the
// tests import them into their own engine (test/support/dockerEngine.ts). Prints how long each step took.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, symlinkSync, copyFileSync, chmodSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ensureDebianPackages, ProvisionError } from './provision.mjs';

export const cacheDir = join(homedir(), '.cache', 'rampart-docker');
export const imagesDir = join(cacheDir, 'images');

/** Bump a recipe's version to rebuild its cached tar. */
export const recipes = {
	busybox: { version: 1, tar: join(imagesDir, 'busybox-v1.tar'), packages: ['busybox-static'] },
	// Debian's npm package costs ~2.5 min of debootstrap and does not run in minbase; npm 10 from the
	// npm registry (one self-contained tarball, runs on Debian's Node 18) is added instead.
	runtime: { version: 2, tar: join(imagesDir, 'runtime-node-python-v2.tar'), packages: ['debootstrap'], include: ['nodejs', 'python3'], npm: 'npm@10' },
};

function onPath(cmd) {
	return spawnSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' }).status === 0;
}

function run(command, args, options = {}) {
	const result = spawnSync(command, args, { stdio: ['ignore', 'inherit', 'inherit'], ...options });
	if (result.status !== 0) {
		throw new ProvisionError(`\`${command} ${args.join(' ')}\` failed (exit ${result.status ?? result.signal}).`);
	}
	return result;
}

function timed(label, body) {
	const started = process.hrtime.bigint();
	const value = body();
	const seconds = Number(process.hrtime.bigint() - started) / 1e9;
	console.log(`provision-docker: ${label} took ${seconds.toFixed(1)} s`);
	return value;
}

/** Debian docker.io (dockerd, runc, containerd) unless an engine daemon is already installed. */
export function ensureDockerPackages(extra = []) {
	const wanted = [...(onPath('dockerd') ? [] : ['docker.io']), ...extra];
	if (wanted.length > 0) {
		timed(`apt install check (${wanted.join(', ')})`, () => ensureDebianPackages(wanted));
	}
}

/** The Debian mirror and suite this machine's apt uses (so no host name is written down here). */
function aptMirror() {
	const codename = /^VERSION_CODENAME=(.*)$/m.exec(readFileSync('/etc/os-release', 'utf8'))?.[1]?.trim() ?? 'bookworm';
	const texts = [];
	for (const dir of ['/etc/apt/sources.list.d']) {
		if (existsSync(dir)) {
			for (const f of readdirSync(dir)) {
				texts.push(readFileSync(join(dir, f), 'utf8'));
			}
		}
	}
	if (existsSync('/etc/apt/sources.list')) {
		texts.push(readFileSync('/etc/apt/sources.list', 'utf8'));
	}
	for (const text of texts) {
		for (const stanza of text.split(/\n\s*\n/)) {
			const uri = /^URIs:\s*(\S+)/m.exec(stanza)?.[1];
			const suites = /^Suites:\s*(.*)$/m.exec(stanza)?.[1]?.split(/\s+/) ?? [];
			if (uri && suites.includes(codename) && /\/debian\/?$/.test(uri)) {
				return { mirror: uri, codename };
			}
		}
		const line = new RegExp(`^deb\\s+(?:\\[[^\\]]*\\]\\s+)?(\\S+/debian/?)\\s+${codename}\\s`, 'm').exec(text);
		if (line) {
			return { mirror: line[1], codename };
		}
	}
	throw new ProvisionError('could not find the Debian mirror in the apt sources');
}

function tarFolder(folder, target) {
	const partial = `${target}.partial`;
	run('tar', ['--numeric-owner', '-C', folder, '-cf', partial, '.']);
	renameSync(partial, target);
}

/** A rootfs with busybox-static and its applet links: enough for sh, env, sleep, wget, nc. */
export function buildBusybox() {
	const { tar } = recipes.busybox;
	if (existsSync(tar)) {
		return tar;
	}
	mkdirSync(imagesDir, { recursive: true });
	const root = join(tmpdir(), `rampart-busybox-${process.pid}`);
	rmSync(root, { recursive: true, force: true });
	try {
		timed('busybox rootfs', () => {
			for (const dir of ['bin', 'tmp', 'workspace', 'etc']) {
				mkdirSync(join(root, dir), { recursive: true });
			}
			copyFileSync('/bin/busybox', join(root, 'bin', 'busybox'));
			chmodSync(join(root, 'bin', 'busybox'), 0o755);
			const applets = spawnSync('/bin/busybox', ['--list'], { encoding: 'utf8' }).stdout.split('\n').filter(Boolean);
			for (const applet of applets) {
				if (applet !== 'busybox') {
					symlinkSync('busybox', join(root, 'bin', applet));
				}
			}
			tarFolder(root, tar);
		});
	} finally {
		rmSync(root, { recursive: true, force: true });
	}
	return tar;
}

/** Unpacks npm (which bundles all its dependencies) into the rootfs and links npm and npx. */
function addNpm(root) {
	const packDir = join(tmpdir(), `rampart-npm-pack-${process.pid}`);
	rmSync(packDir, { recursive: true, force: true });
	mkdirSync(packDir, { recursive: true });
	try {
		const packed = spawnSync('npm', ['pack', recipes.runtime.npm, '--silent', '--pack-destination', packDir], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
		const file = packed.stdout.trim().split('\n').pop();
		if (packed.status !== 0 || !file) {
			throw new ProvisionError(`npm pack ${recipes.runtime.npm} failed (exit ${packed.status})`);
		}
		const modules = join(root, 'usr', 'lib', 'node_modules');
		mkdirSync(modules, { recursive: true });
		run('tar', ['-xzf', join(packDir, file), '-C', modules]);
		renameSync(join(modules, 'package'), join(modules, 'npm'));
		symlinkSync('../lib/node_modules/npm/bin/npm-cli.js', join(root, 'usr', 'bin', 'npm'));
		symlinkSync('../lib/node_modules/npm/bin/npx-cli.js', join(root, 'usr', 'bin', 'npx'));
	} finally {
		rmSync(packDir, { recursive: true, force: true });
	}
}

/** Debian minbase with nodejs and python3, without apt caches, docs and locales. */
export function buildRuntime() {
	const { tar, include } = recipes.runtime;
	if (existsSync(tar)) {
		return tar;
	}
	mkdirSync(imagesDir, { recursive: true });
	const { mirror, codename } = aptMirror();
	const root = join(tmpdir(), `rampart-runtime-${process.pid}`);
	rmSync(root, { recursive: true, force: true });
	try {
		timed('runtime rootfs (debootstrap minbase + nodejs, python3)', () => {
			run('debootstrap', ['--variant=minbase', `--include=${include.join(',')}`, codename, root, mirror], { stdio: ['ignore', 'ignore', 'inherit'] });
		});
		for (const junk of ['var/cache/apt', 'var/lib/apt/lists', 'usr/share/doc', 'usr/share/man', 'usr/share/info', 'usr/share/locale']) {
			rmSync(join(root, junk), { recursive: true, force: true });
		}
		mkdirSync(join(root, 'workspace'), { recursive: true });
		timed(`runtime npm (${recipes.runtime.npm} from the npm registry)`, () => addNpm(root));
		timed('runtime tar', () => tarFolder(root, tar));
	} finally {
		rmSync(root, { recursive: true, force: true });
	}
	return tar;
}

export function provisionDocker(target = 'all') {
	const want = target === 'all' ? ['busybox', 'runtime'] : target === 'packages' ? [] : [target];
	if (!['all', 'packages', 'busybox', 'runtime'].includes(target)) {
		throw new ProvisionError(`Unknown target "${target}"; use packages, busybox, runtime or all.`);
	}
	const extra = want.flatMap((w) => recipes[w].packages).filter((pkg) => !(pkg === 'busybox-static' ? existsSync('/bin/busybox') : onPath(pkg)));
	ensureDockerPackages(extra);
	const tars = {};
	if (want.includes('busybox')) {
		tars.busybox = buildBusybox();
	}
	if (want.includes('runtime')) {
		tars.runtime = buildRuntime();
	}
	return tars;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
	const target = process.argv[2] ?? 'all';
	try {
		timed(`total (${target})`, () => provisionDocker(target));
	} catch (error) {
		console.error(`provision-docker: ${error instanceof Error ? error.message : String(error)}`);
		process.exit(1);
	}
}
