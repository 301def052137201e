import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';
import { canonicalJson } from './canonical-json.js';
import type { TemplateSpec } from './template-spec.schema.js';

/** A spec -> lowercase hex SHA-256 of its UTF-8 canonical JSON; equal specs give equal hashes in any key order. */
export function computeSpecHash(spec: TemplateSpec): string {
  return bytesToHex(sha256(utf8ToBytes(canonicalJson(spec))));
}
