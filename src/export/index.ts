// Public library surface of the TypeScript exporter.
export {};
