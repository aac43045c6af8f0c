// The action's post step: a thin entry that calls run().
import { run } from '../action/post.js';

await run();
