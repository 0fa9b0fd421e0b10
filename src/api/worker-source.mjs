// The worker's entry when the service runs from its TypeScript sources (npm test, tsx, bench/): on
// Node 20 a worker thread inherits no TypeScript loader (tsx registers its hooks on the main thread
// only, tap's ts-node is slow to start in each thread), so the worker registers tsx itself, then
// loads worker.ts. From dist/ the pool runs worker.js directly and this file is not used.
import { register } from 'tsx/esm/api';

register();
const { default: work } = await import('./worker.ts');
export default work;
