// The engine logs through this interface so the same code serves the action (workflow
// commands through @actions/core) and the command line (plain lines on stderr).

export interface AnnotationProps {
  title?: string;
  file?: string;
}

export interface Logger {
  info(message: string): void;
  debug(message: string): void;
  warning(message: string, props?: AnnotationProps): void;
  error(message: string, props?: AnnotationProps): void;
  /** Runs fn inside a collapsible group in the workflow log. */
  group<T>(name: string, fn: () => Promise<T>): Promise<T>;
}

/** Collects lines in memory; for tests and for callers that want a quiet engine. */
export class MemoryLogger implements Logger {
  readonly lines: string[] = [];
  info(message: string): void {
    this.lines.push(message);
  }
  debug(message: string): void {
    this.lines.push(`debug: ${message}`);
  }
  warning(message: string): void {
    this.lines.push(`warning: ${message}`);
  }
  error(message: string): void {
    this.lines.push(`error: ${message}`);
  }
  async group<T>(name: string, fn: () => Promise<T>): Promise<T> {
    this.lines.push(`group: ${name}`);
    return fn();
  }
}
