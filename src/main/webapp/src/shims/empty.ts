// Stand-in for a polyfill the dashboard's browsers do not need.
export {};
