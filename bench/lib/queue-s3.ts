// Child-process side of startS3Process(): the embedded S3 server (s3rver) in its own Node process.
// In production S3 is another service; in the API's process it would take event-loop time from the
// queue under test (every completion does four S3 calls, every worker one upload).
import { startEmbeddedS3 } from '@atelier/api/dist/embedded/embedded-s3.js';

type Message = { type: 'start'; directory: string } | { type: 'cpu'; id: number } | { type: 'stop' };

let stop: (() => Promise<void>) | undefined;

process.on('message', (m: Message) => {
  void (async () => {
    try {
      if (m.type === 'start') {
        const s3 = await startEmbeddedS3({ directory: m.directory, port: 0 });
        stop = s3.stop;
        process.send!({ type: 'started', endpoint: s3.endpoint, accessKey: s3.accessKey, secretKey: s3.secretKey });
      } else if (m.type === 'cpu') {
        process.send!({ type: 'cpu', id: m.id, usage: process.cpuUsage() });
      } else if (m.type === 'stop') {
        await stop?.();
        process.send!({ type: 'stopped' }, () => process.exit(0));
      }
    } catch (e) {
      process.send!({ type: 'error', error: e instanceof Error ? (e.stack ?? e.message) : String(e) }, () => process.exit(1));
    }
  })();
});
// The parent went away (killed): do not linger.
process.on('disconnect', () => process.exit(0));
