// ComfyUI's exception text becomes a job's lastError, which designers read. It must say what went
// wrong in a line, without ComfyUI's advice paragraph, without the box's file paths (a path names
// the box's folders and, for a LoRA, the file) and without LoRA hashes (a stable identifier of a
// person's identity LoRA, worth nothing to a designer): paths become their file name, and
// redactLoraHashes (which knows the job's files) turns hashes into what the file is.

const TIPS = /^\s*TIPS:/;
// An absolute path (POSIX or Windows) after a space, a quote or a bracket, or at the start.
const ABSOLUTE_PATH = /(^|[\s'"([])(?:[A-Za-z]:)?[\\/](?:[^\s'"\\/]+[\\/])+([^\s'"\\/]+)/g;
const SHA256 = /\b[0-9a-f]{64}\b/g;

/** ComfyUI's exception text -> one short line: no TIPS paragraph, absolute paths cut to their file name. */
export function cleanComfyText(text: string, maxLength = 400): string {
  const lines: string[] = [];
  for (const raw of text.split(/\r?\n/)) {
    if (TIPS.test(raw)) break;
    const line = raw.trim();
    if (line) lines.push(line);
  }
  const joined = lines.map((line, i) => (i < lines.length - 1 && !/[.!?:;]$/.test(line) ? `${line}.` : line)).join(' ');
  const clean = joined.replace(ABSOLUTE_PATH, '$1$2');
  return clean.length > maxLength ? `${clean.slice(0, maxLength - 1)}…` : clean;
}

/** Text -> the same with each LoRA hash named by what it is (`names`: sha256 -> words), other hashes as "a LoRA file". */
export function redactLoraHashes(text: string, names: ReadonlyMap<string, string>): string {
  return text.replace(/\b([0-9a-f]{64})(\.safetensors)?\b/g, (_match, sha: string) => names.get(sha) ?? 'a LoRA file').replace(SHA256, 'a LoRA file');
}
