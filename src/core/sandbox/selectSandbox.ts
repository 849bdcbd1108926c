// Chooses where a run's commands execute: a container on the discovered engine, or — only when no
// engine answers and the user approved exactly these command lines for this run — the host.
import { DockerSandbox, type SandboxLimits } from './dockerSandbox';
import { type DiscoveryOptions, type DiscoveryResult, discoverEngine, noEngineMessage } from './engineDiscovery';
import { type HostRunApproval, HostSandbox } from './hostSandbox';
import type { SandboxPort } from './sandboxPort';

export interface SelectSandboxOptions extends DiscoveryOptions {
	workspaceRoot: string;
	image: string;
	limits?: Partial<SandboxLimits>;
	/** The user's approval to run these exact command lines on the host for this run. */
	hostApproval?: HostRunApproval;
	/** Tests pass a discovery result instead of probing. */
	discovery?: DiscoveryResult;
}

export type SandboxChoice =
	| { ok: true; sandbox: SandboxPort; note: string }
	| { ok: false; reason: string };

export async function selectSandbox(options: SelectSandboxOptions): Promise<SandboxChoice> {
	const discovery = options.discovery ?? (await discoverEngine(options));
	if (discovery.engine) {
		const { location, version } = discovery.engine;
		const sandbox = new DockerSandbox({ docker: discovery.engine.docker, workspaceRoot: options.workspaceRoot, image: options.image, limits: options.limits });
		const availability = await sandbox.available();
		if (!availability.ok) {
			return { ok: false, reason: availability.reason ?? 'the container engine is not usable' };
		}
		return { ok: true, sandbox, note: `container engine ${version} at ${location.uri} (${location.source}), image ${options.image}` };
	}
	const message = noEngineMessage(discovery);
	if (!options.hostApproval || options.hostApproval.commands.length === 0) {
		return { ok: false, reason: message };
	}
	return {
		ok: true,
		sandbox: new HostSandbox({ workspaceRoot: options.workspaceRoot, approval: options.hostApproval }),
		note: `on this machine, approved for run ${options.hostApproval.runId}: ${options.hostApproval.commands.join('; ')}`,
	};
}
