// The Logger of the action: workflow commands through @actions/core.
import * as core from '@actions/core';
import type { AnnotationProps, Logger } from './logger.js';
import { inertLogText } from './sanitize.js';

export const coreLogger: Logger = {
  // core.info writes the message as it is (the others escape theirs inside their command).
  info: (message) => core.info(inertLogText(message)),
  debug: (message) => core.debug(message),
  warning: (message, props?: AnnotationProps) => core.warning(message, props ?? {}),
  error: (message, props?: AnnotationProps) => core.error(message, props ?? {}),
  group: (name, fn) => core.group(name, fn),
};
