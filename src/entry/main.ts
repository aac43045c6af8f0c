// The action's main step: a thin entry that calls run().
import { run } from '../action/main.js';

await run();
