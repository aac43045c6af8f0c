// The action's post step: a thin entry that calls run().
import { run } from './post.js';

await run();
