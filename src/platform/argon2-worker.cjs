/**
 * Runs in a hashing thread (platform/password-hasher.ts): argon2id done synchronously here,
 * in a thread that Piscina starts at the lowest CPU priority, so the event loop always gets
 * the CPU first. CommonJS and plain JavaScript: worker threads load it as it is, from src in
 * tests and from dist in production.
 */
'use strict';
const { Algorithm, hashSync, verifySync } = require('@node-rs/argon2');

module.exports = function argon2(task) {
  if (task.op === 'hash') {
    return hashSync(task.password, {
      algorithm: Algorithm.Argon2id,
      memoryCost: task.memoryCost,
      timeCost: task.timeCost,
      parallelism: 1,
    });
  }
  try {
    return verifySync(task.hashed, task.password);
  } catch {
    // A malformed stored hash never matches.
    return false;
  }
};
