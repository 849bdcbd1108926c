import '@vscode-elements/elements/dist/vscode-button/index.js';
import '@vscode-elements/elements/dist/vscode-textarea/index.js';
import '@vscode-elements/elements/dist/vscode-badge/index.js';
import '@vscode-elements/elements/dist/vscode-divider/index.js';
import type { ChatToHostMessage, FindingsSummary, HostToChatMessage } from '../../../src/core/protocol/chatMessages';
import { addStyle, el, getVsCodeApi } from '../shared/vscodeApi';
import { chatStyles } from './chatStyles';

interface ChatState {
	readonly entries: ReadonlyArray<{ role: string; text: string }>;
}

const vscode = getVsCodeApi<ChatToHostMessage, ChatState>();
const entries: Array<{ role: string; text: string }> = [...(vscode.getState()?.entries ?? [])];

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
const form = el('form', undefined, 'composer');
const input = document.createElement('vscode-textarea');
input.setAttribute('placeholder', 'Ask the Security Analyst…');
input.setAttribute('rows', '3');
const send = document.createElement('vscode-button');
send.textContent = 'Send';
send.setAttribute('type', 'submit');
form.append(input, send);
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

root.append(header, el('vscode-divider'), log, form);
for (const entry of entries) {
	renderEntry(entry.role, entry.text);
}

function renderEntry(role: string, text: string): void {
	const item = el('div', undefined, `entry ${role}`);
	item.append(el('span', role === 'user' ? 'You' : role === 'assistant' ? 'Rampart' : 'Note', 'who'), el('p', text));
	log.append(item);
	item.scrollIntoView({ block: 'end' });
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
			entries.push({ role: message.role, text: message.text });
			vscode.setState({ entries: entries.slice(-200) });
			renderEntry(message.role, message.text);
			break;
		case 'status':
			status.textContent = message.text;
			status.classList.toggle('busy', message.busy);
			break;
	}
});

vscode.postMessage({ type: 'ready' });
