/**
 * Test helpers that speak Alibaba Cloud's RPC wire: a recorded HTTP server on 127.0.0.1 that reads the
 * Action and parameters of each request the way the products' endpoints do (Node only).
 */
export { startRecordedServer } from './recorded-server.js';
export type { RecordedRequest, RecordedAnswer, RecordedServer } from './recorded-server.js';
