// Stand-in for "cross-fetch": browsers have fetch and its classes natively.
const nativeFetch: typeof fetch = (...args) => globalThis.fetch(...args);
export default nativeFetch;
export const Headers = globalThis.Headers;
export const Request = globalThis.Request;
export const Response = globalThis.Response;
