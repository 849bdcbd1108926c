// Child process for the two-windows test: appends N turns to one conversation as fast as it can.
// Usage: node --import tsx test/support/conversationWriter.ts <workspace> <conversationId> <count> <tag>
import { ConversationStore } from '../../src/core/conversations/conversationStore';

async function main(): Promise<void> {
	const [root, id, count, tag] = process.argv.slice(2);
	const store = ConversationStore.forWorkspace(root!);
	for (let i = 0; i < Number(count); i++) {
		await store.append(id!, { entries: [{ kind: 'message', id: `${tag}-${i}`, role: 'user', text: `${tag} turn ${i}` }], messages: [{ role: 'user', content: `${tag} turn ${i}` }] });
	}
}

main().catch((error: unknown) => {
	process.stderr.write(`${String(error)}\n`);
	process.exit(1);
});
