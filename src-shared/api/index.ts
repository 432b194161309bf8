// The one typed contract between the UI and the agent (DESIGN.md "One typed contract, two transports").
export * from './client';
export * from './events';
export * from './frames';
export * from './methods';
export * from './views';
