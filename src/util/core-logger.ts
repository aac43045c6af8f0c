// The Logger of the action: workflow commands through @actions/core.
import * as core from '@actions/core';
import type { AnnotationProps, Logger } from './logger.js';

export const coreLogger: Logger = {
  info: (message) => core.info(message),
  debug: (message) => core.debug(message),
  warning: (message, props?: AnnotationProps) => core.warning(message, props ?? {}),
  error: (message, props?: AnnotationProps) => core.error(message, props ?? {}),
  group: (name, fn) => core.group(name, fn),
};
