// Imported first by no-encoder.worker.ts: this worker has no VideoEncoder, as in browsers without one.
Reflect.deleteProperty(self, 'VideoEncoder');
export {};
