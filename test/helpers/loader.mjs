// tap's `node-arg` (package.json): the TypeScript loader of the test processes (see ./loader-hooks.mjs)
import { register } from 'node:module';

register('./loader-hooks.mjs', import.meta.url);
