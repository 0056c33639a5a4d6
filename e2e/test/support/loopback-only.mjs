// Preloaded (node --import) into every README example the doc-test runs: a connection to anything but
// 127.0.0.1 / ::1 / localhost fails at once, so an example can never reach a real service from CI.
import net from 'node:net';

const allowed = new Set(['127.0.0.1', '::1', 'localhost', '::ffff:127.0.0.1']);
const connect = net.Socket.prototype.connect;
net.Socket.prototype.connect = function guardedConnect(...args) {
  const first = Array.isArray(args[0]) ? args[0][0] : args[0];
  const host = typeof first === 'object' && first !== null ? (first.path === undefined ? (first.host ?? 'localhost') : undefined) : typeof first === 'number' || /^\d+$/.test(String(first)) ? (typeof args[1] === 'string' ? args[1] : 'localhost') : undefined;
  if (host !== undefined && !allowed.has(String(host).replace(/^\[|\]$/g, ''))) {
    throw new Error(`doc-test: a README example tried to connect to ${host}; examples that need the real cloud carry <!-- doc-test: cloud -->`);
  }
  return connect.apply(this, args);
};
