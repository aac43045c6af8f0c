// Text that comes from outside the drill (the backup, the database, the API, a leg's report)
// reaches people through three renderers: GitHub Markdown (report.md, the job summary, the pull
// request comment, fleet.md), Slack mrkdwn and Microsoft Teams Adaptive Cards. Each has one
// function here, applied where such text enters the renderer's output, that makes it inert: it
// reads as the same characters, and nothing in it becomes a link, an image, a mention, HTML, a
// heading or a table break. Everything is one line: a line break in such text could start a block.
import { sanitizeName } from './sanitize.js';

/** Zero-width space: invisible, and it splits what GitHub and chat clients would link. */
const ZWSP = '\u200B';

/** One line: runs of whitespace that hold a line break fold to a space, tabs to spaces, other controls to '?'. */
export function oneLine(text: string): string {
  return sanitizeName(text.replace(/\s*[\r\n\u2028\u2029]+\s*/g, ' ').replace(/\t/g, ' '));
}

/**
 * GitHub Markdown. Every character CommonMark or GFM could read as syntax here is escaped with
 * a backslash (links, images, emphasis, code, HTML and entities, tables, math, strike-through);
 * a value cannot start a block (list, heading, quote, indented code). What GitHub links in plain
 * text after rendering (@mentions, #123 and GH-123 references, bare URLs, www. and e-mail
 * addresses) is split with a zero-width space, the way Dependabot and Renovate quote mentions:
 * a backslash would not stop it, as GitHub links the rendered text.
 */
export function markdownText(text: string): string {
  return (
    oneLine(text)
      .trimStart()
      .replace(/[\\`*~[\]<>&!|$#]/g, '\\$&')
      // An underscore between letters or digits (pg_restore) emphasises nothing in GFM.
      .replace(/(?<![\p{L}\p{N}])_|_(?![\p{L}\p{N}])/gu, '\\_')
      .replace(/^([-+=])/, '\\$1')
      .replace(/^(\d{1,9})([.)])(?=\s|$)/, '$1\\$2')
      .replace(/@/g, `@${ZWSP}`)
      .replace(/#/g, `#${ZWSP}`)
      .replace(/\b(GH)-/gi, `$1-${ZWSP}`)
      .replace(/:\/\//g, `:${ZWSP}//`)
      .replace(/\b(www)\./gi, `$1${ZWSP}.`)
      // Written as its entity, so the raw Markdown shows where it is.
      .replace(/\u200B/g, '&#8203;')
  );
}

/**
 * A code span of `text` on one line, fenced past any backticks in it. Inert on GitHub as it is:
 * nothing inside a code span is a link, a mention or HTML. In a table cell, pipes still need
 * escaping (markdown-format's codeCell), as GitHub splits cells first.
 */
export function markdownCode(text: string): string {
  const line = oneLine(text);
  const longestRun = Math.max(0, ...(line.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longestRun + 1);
  const pad = line.startsWith('`') || line.endsWith('`') || line === '' ? ' ' : '';
  return `${fence}${pad}${line}${pad}${fence}`;
}

/**
 * A URL from outside text as a Markdown link's target, or null: only https, and nothing in it
 * that could end the link or start another (spaces, parentheses, brackets, <, >, backticks).
 */
export function markdownLinkUrl(url: string | null | undefined): string | null {
  if (typeof url !== 'string' || !/^https:\/\/[^\s()<>[\]\\`"']+$/.test(url) || !URL.canParse(url)) return null;
  return url;
}

/**
 * Slack mrkdwn. &, < and > are Slack's control characters (links, @user and @channel mentions
 * are all written inside < >): escaped as Slack asks. The text objects that carry it set
 * `verbatim: true`, so Slack does not link bare URLs or channel names or parse mentions either.
 */
export function slackText(text: string): string {
  return oneLine(text).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/**
 * Microsoft Teams Adaptive Cards. TextBlock and FactSet text is a Markdown subset whose
 * backslash escapes the Teams clients do not all honour, so the syntax is split instead: a
 * zero-width space after every ] (no [text](url) and no reference), after < (no <url> and no
 * <at> mention), after the colon of ://, in www., after @ (no e-mail link) and after the dot of
 * a name.tld (no bare domain link), which no renderer then reads as a link.
 */
export function teamsText(text: string): string {
  return oneLine(text)
    .replace(/\]/g, `]${ZWSP}`)
    .replace(/</g, `<${ZWSP}`)
    .replace(/:\/\//g, `:${ZWSP}//`)
    .replace(/\b(www)\./gi, `$1${ZWSP}.`)
    .replace(/@/g, `@${ZWSP}`)
    .replace(/([A-Za-z0-9-])\.(?=[A-Za-z])/g, `$1.${ZWSP}`);
}
