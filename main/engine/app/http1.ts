/**
 * Passive HTTP/1.x for the engine: a request parser and a response parser per TCP connection
 * (sharing an exchange queue so responses know their request's method), and whole messages
 * in UDP datagrams (SSDP).
 */
export { HttpRequestParser } from './http1-request';
export { HttpResponseParser } from './http1-response';
export { parseHttpDatagram, type HttpDatagramRequest, type HttpDatagramResponse } from './http1-datagram';
export {
  createHttpExchangeQueue,
  type HttpExchangeQueue,
  type HttpMessage,
  type HttpParserOptions,
  type HttpPlace,
  type HttpRegion,
  type HttpRequest,
  type HttpResponse,
} from './http1-types';
