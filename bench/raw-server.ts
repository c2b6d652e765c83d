/** The baseline: a bare node:http server answering a fixed envelope. */
import { createServer } from 'node:http';

const body = JSON.stringify({ code: 0, message: 'success', data: { id: 1, nickname: 'baseline', gender: 2 } });
const port = Number(process.env.PORT ?? 0);
createServer((_req, res) => {
  res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(body) });
  res.end(body);
}).listen(port, '127.0.0.1', () => process.send?.('ready'));
