import '@vscode-elements/elements/dist/vscode-button/index.js';
import '@vscode-elements/elements/dist/vscode-textarea/index.js';
import '@vscode-elements/elements/dist/vscode-badge/index.js';
import '@vscode-elements/elements/dist/vscode-divider/index.js';
import type { ChatRole, ChatToHostMessage, FindingsSummary, HostToChatMessage, StageView, UsageView } from '../../../src/core/protocol/chatMessages';
import { addStyle, el, getVsCodeApi } from '../shared/vscodeApi';
import { chatStyles } from './chatStyles';
import { HistoryPanel } from './historyPanel';
import { type Entry, Transcript } from './transcript';

interface ChatState {
	readonly entries: ReadonlyArray<Entry | { role: ChatRole; text: string }>;
	readonly scrollTop?: number;
}

const vscode = getVsCodeApi<ChatToHostMessage, ChatState>();
const restored: Entry[] = (vscode.getState()?.entries ?? []).map((e, i) => ('kind' in e ? e : { kind: 'message', id: `r${i}`, role: e.role, text: e.text }));

addStyle(chatStyles);
const root = document.getElementById('root') ?? document.body;

const header = el('section', undefined, 'findings');
header.id = 'findings';
const title = el('h2', 'Security findings');
const counts = el('div', 'Waiting for the language server…', 'counts');
counts.id = 'finding-counts';
const list = el('ul', undefined, 'finding-list');
const actions = el('div', undefined, 'actions');
const scan = document.createElement('vscode-button');
scan.textContent = 'Scan workspace';
scan.id = 'scan-workspace';
scan.addEventListener('click', () => vscode.postMessage({ type: 'runCommand', command: 'rampart.scanWorkspace' }));
const canvas = document.createElement('vscode-button');
canvas.setAttribute('secondary', '');
canvas.textContent = 'Trace canvas';
canvas.addEventListener('click', () => vscode.postMessage({ type: 'runCommand', command: 'rampart.openTraceCanvas' }));
actions.append(scan, canvas);
const status = el('div', '', 'status');
status.id = 'status';
header.append(title, counts, actions, status, list);

const log = el('section', undefined, 'log');
log.id = 'chat-log';
const progress = el('div', '', 'stage');
progress.id = 'stage';
const meter = el('div', '', 'usage');
meter.id = 'usage';
const form = el('form', undefined, 'composer');
const input = document.createElement('vscode-textarea');
input.setAttribute('placeholder', 'Ask the Security Analyst…');
input.setAttribute('rows', '3');
input.setAttribute('aria-label', 'Message to the Security Analyst; slash commands: /generate, /analyze, /trace, /report, /arena');
const send = document.createElement('vscode-button');
send.textContent = 'Send';
send.setAttribute('type', 'submit');
const stop = document.createElement('vscode-button');
stop.textContent = 'Stop';
stop.id = 'stop';
stop.setAttribute('secondary', '');
stop.setAttribute('disabled', '');
stop.addEventListener('click', () => vscode.postMessage({ type: 'cancel' }));
const buttons = el('div', undefined, 'actions');
buttons.append(send, stop);
form.append(input, buttons);
input.addEventListener('keydown', (event: KeyboardEvent) => {
	if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
		event.preventDefault();
		submit();
	}
});
const submit = () => {
	const text = (input as unknown as { value: string }).value.trim();
	if (text) {
		vscode.postMessage({ type: 'send', text });
		(input as unknown as { value: string }).value = '';
	}
};
form.addEventListener('submit', (event) => {
	event.preventDefault();
	submit();
});
send.addEventListener('click', submit);

const history = new HistoryPanel((message) => vscode.postMessage(message));
root.append(header, el('vscode-divider'), history.bar, history.element, log, progress, meter, form);
const saveState = () => vscode.setState({ entries: transcript.all().slice(-200), scrollTop: document.scrollingElement?.scrollTop });
const transcript = new Transcript(
	log,
	{
		openLink: (url) => vscode.postMessage({ type: 'openLink', url }),
		openNode: (nodeId) => vscode.postMessage({ type: 'openNode', nodeId }),
		copyCode: (code) => vscode.postMessage({ type: 'copyCode', code }),
		insertCode: (code) => vscode.postMessage({ type: 'insertCode', code }),
		applyArena: (arenaId, contestant) => vscode.postMessage({ type: 'applyArenaResult', arenaId, contestant }),
		decide: (approval, approved) => vscode.postMessage({ type: 'approvalDecision', approvalId: approval.approvalId, changeHash: approval.changeHash, approved }),
		changed: () => saveState(),
	},
	restored,
);
const savedScroll = vscode.getState()?.scrollTop;
if (savedScroll !== undefined && document.scrollingElement) {
	document.scrollingElement.scrollTop = savedScroll;
}
window.addEventListener('scroll', () => saveState(), { passive: true });

function setBusy(busy: boolean): void {
	stop.toggleAttribute('disabled', !busy);
	root.classList.toggle('busy', busy);
}

function renderUsage(usage: UsageView): void {
	const share = usage.contextLimit > 0 ? Math.min(100, Math.round((usage.contextTokens / usage.contextLimit) * 100)) : 0;
	const parts = [`${usage.inputTokens.toLocaleString('en')} in · ${usage.outputTokens.toLocaleString('en')} out`];
	if (usage.costUsd !== undefined) {
		parts.push(`$${usage.costUsd.toFixed(4)}`);
	}
	parts.push(`context ${share}%`);
	if (usage.redactions) {
		parts.push(`${usage.redactions} secret${usage.redactions === 1 ? '' : 's'} redacted`);
	}
	meter.textContent = parts.join(' · ');
	meter.style.setProperty('--context-share', `${share}%`);
}

function renderStage(stage: StageView): void {
	progress.textContent = `${stage.stage}: ${stage.state}${stage.step ? ` · ${stage.step}` : ''}${stage.file ? ` · ${stage.file}` : ''}`;
}

function renderFindings(summary: FindingsSummary): void {
	counts.replaceChildren();
	const badge = (n: number, label: string, cls: string) => {
		const b = el('span', `${n} ${label}`, `count ${cls}`);
		return b;
	};
	counts.append(badge(summary.errors, 'errors', 'error'), badge(summary.warnings, 'warnings', 'warning'), badge(summary.infos, 'info', 'info'), el('span', ` in ${summary.files} files`));
	list.replaceChildren(
		...summary.top.map((f) => {
			const li = el('li');
			const link = el('a', `${f.file}:${f.line + 1}`);
			link.href = '#';
			link.addEventListener('click', (event) => {
				event.preventDefault();
				vscode.postMessage({ type: 'openFinding', file: f.file, line: f.line });
			});
			li.append(link, el('span', ` ${f.ruleId}: ${f.message}`));
			return li;
		}),
	);
}

window.addEventListener('message', (event: MessageEvent<HostToChatMessage>) => {
	const message = event.data;
	switch (message.type) {
		case 'findings':
			renderFindings(message.summary);
			break;
		case 'chatEntry':
			transcript.addMessage(message.role, message.text);
			break;
		case 'status':
			status.textContent = message.text;
			status.classList.toggle('busy', message.busy);
			break;
		case 'assistantDelta':
			transcript.appendDelta(message.turnId, message.text);
			break;
		case 'assistantDone':
			transcript.finishStream(message.turnId);
			break;
		case 'toolGroup':
			transcript.addToolGroup(message.groupId, message.calls);
			break;
		case 'toolStatus':
			transcript.setToolState(message.callId, message.state, message.detail);
			break;
		case 'approvalRequest':
			transcript.addApproval(message.approval);
			break;
		case 'approvalResolved':
			transcript.resolveApproval(message.approvalId, message.approved);
			break;
		case 'busy':
			setBusy(message.busy);
			if (!message.busy) {
				history.refresh();
			}
			break;
		case 'usage':
			renderUsage(message.usage);
			break;
		case 'stage':
			renderStage(message.stage);
			break;
		case 'conversation':
			transcript.replace(message.conversation.entries);
			log.dataset.conversationId = message.conversation.id;
			break;
		case 'history':
			history.show(message.query, message.conversations);
			break;
		case 'arena':
			transcript.addArena(message.id, message.table);
			break;
	}
});

vscode.postMessage({ type: 'ready' });
