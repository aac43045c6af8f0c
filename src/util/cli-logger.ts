// The command line's Logger: plain lines on stderr, so stdout carries only the verdict.
import type { Logger } from './logger.js';

export function cliLogger(options: { verbose: boolean; redact: (text: string) => string }): Logger {
  const write = (line: string) => process.stderr.write(`${options.redact(line)}\n`);
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
