// The write-side test harness in one import: a world (in-memory Store, clock, ids, random), seeds
// through the real repo functions, the serialized launch and the service controller's apply called
// directly, a recording applier, and reads of what a user would see. See README.md.
export * from './world.js';
export * from './seed.js';
export * from './launch.js';
export * from './service.js';
export * from './recordingApplier.js';
export * from './read.js';
