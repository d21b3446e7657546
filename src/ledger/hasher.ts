/** SHA-256 of a UTF-8 string, as 64 hex digits. Injected so the core stays free of `node:crypto`. */
export type Hasher = (text: string) => string;

export const GENESIS_HASH = '0'.repeat(64);
