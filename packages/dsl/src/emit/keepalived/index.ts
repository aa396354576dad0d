export { emitKeepalived, type KeepalivedOptions } from './emit.ts';
