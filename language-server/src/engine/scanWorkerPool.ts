import { Worker } from 'node:worker_threads';
import { applyBaseline } from './baseline';
import { type ScannedFile, type ScanOptions, type ScanReport, statsOf } from './scanFiles';
import type { ScanWorkerRequest } from './scanWorker';

type WorkerReply = { readonly files: ScannedFile[]; readonly bytes: number } | { readonly error: string };

const chunkSize = 8;

/**
 * Scans files on `jobs` worker threads (each with its own engine), handing out small chunks
 * so fast and slow files balance out. The report is the same as scanFiles' (sorted by path,
 * baseline applied), so callers cannot tell the difference but for the time taken.
 */
export function scanFilesInWorkers(files: readonly string[], options: ScanOptions, workerScript: string, jobs: number): Promise<ScanReport> {
	const started = performance.now();
	const paths = [...new Set(files)].sort();
	const chunks: string[][] = [];
	for (let i = 0; i < paths.length; i += chunkSize) {
		chunks.push(paths.slice(i, i + chunkSize));
	}
	const { onProgress, baseline, ...shared } = options;
	const results: ScannedFile[] = [];
	let bytes = 0;
	return new Promise<ScanReport>((resolve, reject) => {
		const workers: Worker[] = [];
		let finished = false;
		const stop = (error?: Error) => {
			if (finished) {
				return;
			}
			finished = true;
			for (const w of workers) {
				void w.terminate();
			}
			if (error) {
				reject(error);
				return;
			}
			results.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
			const withBaseline = baseline ? results.map((f) => ({ ...f, findings: applyBaseline(f.findings, baseline, f.relativePath) })) : results;
			resolve({ root: options.root, files: withBaseline, stats: statsOf(withBaseline, bytes, performance.now() - started) });
		};
		let next = 0;
		let busy = 0;
		const feed = (worker: Worker) => {
			if (next < chunks.length) {
				busy++;
				worker.postMessage({ files: chunks[next++] } satisfies ScanWorkerRequest);
			} else if (busy === 0) {
				stop();
			}
		};
		const count = Math.max(1, Math.min(jobs, chunks.length));
		for (let i = 0; i < count; i++) {
			const worker = new Worker(workerScript, { workerData: shared });
			workers.push(worker);
			worker.on('message', (reply: WorkerReply) => {
				busy--;
				if ('error' in reply) {
					stop(new Error(`scan worker failed: ${reply.error}`));
					return;
				}
				for (const file of reply.files) {
					results.push(file);
					onProgress?.(results.length, paths.length, file.path);
				}
				bytes += reply.bytes;
				feed(worker);
			});
			worker.on('error', (error) => stop(error));
			worker.on('exit', (code) => {
				if (!finished && code !== 0) {
					stop(new Error(`scan worker exited with code ${code}`));
				}
			});
			feed(worker);
		}
		if (chunks.length === 0) {
			stop();
		}
	});
}
