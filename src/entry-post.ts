// The action's post step: undoes what the main step left behind.
import { runPost } from './post.js';

await runPost();
