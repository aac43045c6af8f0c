// The merge action's main step (merge/action.yml): a thin entry that calls run().
import { run } from '../action/merge.js';

await run();
