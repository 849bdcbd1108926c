// Makes sure the Debian packages the browser and end-to-end tests need are installed.
// Usage: node test/tools/provision.mjs [chromium|code-server|all]   (default: chromium)
// As root with apt-get, missing packages are installed (`apt-get update` once per process);
// otherwise the script exits non-zero with a message naming the package to install.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

/** What each target needs: a Debian package and how to tell it is already there. */
export const requirements = {
	chromium: [
		{ pkg: 'chromium', present: () => existsSync('/usr/bin/chromium') },
		{ pkg: 'fonts-liberation', present: () => dpkgInstalled('fonts-liberation') },
	],
	'code-server': [{ pkg: 'libkrb5-dev', present: () => dpkgInstalled('libkrb5-dev') }],
};

export class ProvisionError extends Error {}

let aptUpdated = false;

function dpkgInstalled(pkg) {
	const result = spawnSync('dpkg-query', ['-W', '-f=${Status}', pkg], { encoding: 'utf8' });
	return result.status === 0 && result.stdout.includes('install ok installed');
}

function hasAptGet() {
	return spawnSync('sh', ['-c', 'command -v apt-get'], { stdio: 'ignore' }).status === 0;
}

function run(command, args) {
	const result = spawnSync(command, args, {
		stdio: ['ignore', 'inherit', 'inherit'],
		env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
	});
	if (result.status !== 0) {
		throw new ProvisionError(`\`${command} ${args.join(' ')}\` failed (exit ${result.status ?? result.signal}).`);
	}
}

/**
 * Installs the missing Debian packages among `packages` (names) if it can.
 * @param {string[]} packages
 * @returns {string[]} the packages it installed
 */
export function ensureDebianPackages(packages) {
	const known = Object.values(requirements).flat();
	const missing = packages.filter((pkg) => {
		const req = known.find((r) => r.pkg === pkg);
		return req ? !req.present() : !dpkgInstalled(pkg);
	});
	if (missing.length === 0) {
		return [];
	}
	const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
	if (!isRoot || !hasAptGet()) {
		throw new ProvisionError(
			`Missing Debian package(s): ${missing.join(', ')}. Install them with ` +
				`\`sudo apt-get install --no-install-recommends ${missing.join(' ')}\` ` +
				`(this script only installs packages itself when running as root with apt-get).`,
		);
	}
	console.log(`provision: installing ${missing.join(', ')} with apt-get`);
	if (!aptUpdated) {
		run('apt-get', ['update']);
		aptUpdated = true;
	}
	run('apt-get', ['install', '-y', '--no-install-recommends', ...missing]);
	const still = missing.filter((pkg) => !(known.find((r) => r.pkg === pkg)?.present() ?? dpkgInstalled(pkg)));
	if (still.length > 0) {
		throw new ProvisionError(`apt-get ran but ${still.join(', ')} is still missing.`);
	}
	return missing;
}

/**
 * Ensures everything one target needs.
 * @param {'chromium' | 'code-server' | 'all'} target
 */
export function provision(target = 'chromium') {
	const names = target === 'all' ? Object.keys(requirements) : [target];
	for (const name of names) {
		const reqs = requirements[name];
		if (!reqs) {
			throw new ProvisionError(`Unknown target "${name}"; use one of: ${Object.keys(requirements).join(', ')}, all.`);
		}
		ensureDebianPackages(reqs.map((r) => r.pkg));
	}
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
	const target = process.argv[2] ?? 'chromium';
	try {
		provision(target);
		console.log(`provision: ${target} ready`);
	} catch (error) {
		console.error(`provision: ${error instanceof Error ? error.message : String(error)}`);
		process.exit(1);
	}
}
