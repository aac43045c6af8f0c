// The command line's Logger: plain lines on stderr, so stdout carries only the verdict.
import type { Logger } from './logger.js';
import { inertLogText } from './sanitize.js';

export function cliLogger(options: { verbose: boolean; redact: (text: string) => string }): Logger {
  // Run in a workflow step, these lines reach the runner too: none may be a workflow command.
  const write = (line: string) => process.stderr.write(`${inertLogText(options.redact(line))}\n`);
  return {
    info: (message) => write(message),
    debug: (message) => {
      if (options.verbose) write(`debug: ${message}`);
    },
    warning: (message, props) => write(`warning${props?.title ? ` [${props.title}]` : ''}: ${message}`),
    error: (message, props) => write(`error${props?.title ? ` [${props.title}]` : ''}: ${message}`),
    group: async (name, fn) => {
      write(`── ${name}`);
      return fn();
    },
  };
}
