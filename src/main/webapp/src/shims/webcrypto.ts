// Stand-in for "isomorphic-webcrypto": the dashboard runs only in browsers, which all have WebCrypto.
export default globalThis.crypto;
