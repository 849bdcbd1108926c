// The sandbox an interactive agent gets: chosen on first use (not at start-up), a container engine
// found by the usual discovery and the base image of the stack the workspace holds. When no engine
// answers, every command is refused with the reason and how to start one — an interactive session
// never falls back to running on the host.
import { detectStacks } from '../verify/stackDetection';
import { folderFiles } from '../verify/stackTypes';
import type { SandboxPort } from './sandboxPort';
import { selectSandbox, type SandboxChoice } from './selectSandbox';

export interface WorkspaceSandboxOptions {
	root: string;
	/** `rampart.verify.dockerHost`, when set. */
	dockerHost?: string;
	/** Image override (`rampart.verify.images` for the detected stack); else the stack's default. */
	image?: string;
	/** Used when no stack is detected. */
	fallbackImage?: string;
}

export function workspaceSandbox(options: WorkspaceSandboxOptions): SandboxPort {
	let choice: Promise<SandboxChoice> | undefined;
	const pick = (): Promise<SandboxChoice> =>
		(choice ??= (async () => {
			const plans = await detectStacks(folderFiles(options.root));
			const image = options.image ?? plans[0]?.image ?? options.fallbackImage ?? 'debian:bookworm-slim';
			return selectSandbox({ workspaceRoot: options.root, image, setting: options.dockerHost });
		})());
	return {
		kind: 'docker',
		async available() {
			const c = await pick();
			if (!c.ok) {
				choice = undefined; // asked again next time: the user may start an engine meanwhile
				return { ok: false, reason: c.reason };
			}
			return c.sandbox.available();
		},
		async run(command) {
			const c = await pick();
			if (!c.ok) {
				choice = undefined;
				throw new Error(c.reason);
			}
			return c.sandbox.run(command);
		},
	};
}
