import MochaModule = require('mocha');

/**
 * Mocha 12 is an ES module: `require('mocha')` returns its namespace, whose `default` is the class the
 * types describe. Both hosts and the reporter take it from here.
 */
const namespace = MochaModule as unknown as { default?: typeof MochaModule };
export const Mocha: typeof MochaModule = namespace.default ?? MochaModule;
