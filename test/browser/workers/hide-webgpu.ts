// Imported first by no-webgpu.worker.ts: removes navigator.gpu before the engine loads.
Object.defineProperty(Object.getPrototypeOf(self.navigator), 'gpu', { get: () => undefined, configurable: true });
export {};
