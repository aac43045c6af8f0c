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

/**
 * Holds lines for another logger until `release`: work begun ahead of the log group it belongs
 * to (the drill database, made while the backup is read) writes there, not into the group open.
 */
export class HeldLogger implements Logger {
  private readonly held: ((to: Logger) => void)[] = [];
  private target: Logger | null = null;
  info(message: string): void {
    this.add((to) => to.info(message));
  }
  debug(message: string): void {
    this.add((to) => to.debug(message));
  }
  warning(message: string, props?: AnnotationProps): void {
    this.add((to) => to.warning(message, props));
  }
  error(message: string, props?: AnnotationProps): void {
    this.add((to) => to.error(message, props));
  }
  group<T>(_name: string, fn: () => Promise<T>): Promise<T> {
    return fn();
  }
  /** Writes the lines held to `to`, in order; later lines go straight there. */
  release(to: Logger): void {
    this.target = to;
    for (const line of this.held.splice(0)) line(to);
  }
  private add(line: (to: Logger) => void): void {
    if (this.target) line(this.target);
    else this.held.push(line);
  }
}
