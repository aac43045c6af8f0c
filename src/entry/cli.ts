// The command line: `pickdriver-vault drill|demo|verify-report`.
import { main } from '../cli/main.js';

process.exitCode = await main(process.argv.slice(2));
