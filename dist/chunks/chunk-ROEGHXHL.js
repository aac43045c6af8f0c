import { createRequire as __pdvCreateRequire } from 'node:module';
import { fileURLToPath as __pdvFileURLToPath } from 'node:url';
import { dirname as __pdvPathDirname } from 'node:path';
const require = __pdvCreateRequire(import.meta.url);
const __pdvFilename = __pdvFileURLToPath(import.meta.url);
const __pdvDirname = __pdvPathDirname(__pdvFilename);
import {
  markdownCode,
  markdownLinkUrl,
  markdownText,
  oneLine
} from "./chunk-ZOEOBCSS.js";
import {
  REPORT_JSON,
  REPORT_MARKDOWN,
  SIGNATURE_FILE,
  insideReportDir,
  sha256Of,
  signManifest,
  writeFileAtomically
} from "./chunk-GOQBBC7E.js";
import {
  check
} from "./chunk-JBTATGD6.js";
import {
  sanitizeName
} from "./chunk-CN4I7IFA.js";
import {
  formatBytes,
  formatCount,
  formatDuration,
  formatPercent
} from "./chunk-LIWSDS64.js";
import {
  __commonJS,
  __toESM
} from "./chunk-TZ6PIJFA.js";

// node_modules/picomatch/lib/constants.js
var require_constants = __commonJS({
  "node_modules/picomatch/lib/constants.js"(exports, module) {
    "use strict";
    var WIN_SLASH = "\\\\/";
    var WIN_NO_SLASH = `[^${WIN_SLASH}]`;
    var DEFAULT_MAX_EXTGLOB_RECURSION = 0;
    var DOT_LITERAL = "\\.";
    var PLUS_LITERAL = "\\+";
    var QMARK_LITERAL = "\\?";
    var SLASH_LITERAL = "\\/";
    var ONE_CHAR = "(?=.)";
    var QMARK = "[^/]";
    var END_ANCHOR = `(?:${SLASH_LITERAL}|$)`;
    var START_ANCHOR = `(?:^|${SLASH_LITERAL})`;
    var DOTS_SLASH = `${DOT_LITERAL}{1,2}${END_ANCHOR}`;
    var NO_DOT = `(?!${DOT_LITERAL})`;
    var NO_DOTS = `(?!${START_ANCHOR}${DOTS_SLASH})`;
    var NO_DOT_SLASH = `(?!${DOT_LITERAL}{0,1}${END_ANCHOR})`;
    var NO_DOTS_SLASH = `(?!${DOTS_SLASH})`;
    var QMARK_NO_DOT = `[^.${SLASH_LITERAL}]`;
    var STAR = `${QMARK}*?`;
    var SEP = "/";
    var POSIX_CHARS = {
      DOT_LITERAL,
      PLUS_LITERAL,
      QMARK_LITERAL,
      SLASH_LITERAL,
      ONE_CHAR,
      QMARK,
      END_ANCHOR,
      DOTS_SLASH,
      NO_DOT,
      NO_DOTS,
      NO_DOT_SLASH,
      NO_DOTS_SLASH,
      QMARK_NO_DOT,
      STAR,
      START_ANCHOR,
      SEP
    };
    var WINDOWS_CHARS = {
      ...POSIX_CHARS,
      SLASH_LITERAL: `[${WIN_SLASH}]`,
      QMARK: WIN_NO_SLASH,
      STAR: `${WIN_NO_SLASH}*?`,
      DOTS_SLASH: `${DOT_LITERAL}{1,2}(?:[${WIN_SLASH}]|$)`,
      NO_DOT: `(?!${DOT_LITERAL})`,
      NO_DOTS: `(?!(?:^|[${WIN_SLASH}])${DOT_LITERAL}{1,2}(?:[${WIN_SLASH}]|$))`,
      NO_DOT_SLASH: `(?!${DOT_LITERAL}{0,1}(?:[${WIN_SLASH}]|$))`,
      NO_DOTS_SLASH: `(?!${DOT_LITERAL}{1,2}(?:[${WIN_SLASH}]|$))`,
      QMARK_NO_DOT: `[^.${WIN_SLASH}]`,
      START_ANCHOR: `(?:^|[${WIN_SLASH}])`,
      END_ANCHOR: `(?:[${WIN_SLASH}]|$)`,
      SEP: "\\"
    };
    var POSIX_REGEX_SOURCE = {
      __proto__: null,
      alnum: "a-zA-Z0-9",
      alpha: "a-zA-Z",
      ascii: "\\x00-\\x7F",
      blank: " \\t",
      cntrl: "\\x00-\\x1F\\x7F",
      digit: "0-9",
      graph: "\\x21-\\x7E",
      lower: "a-z",
      print: "\\x20-\\x7E ",
      punct: "\\-!\"#$%&'()\\*+,./:;<=>?@[\\]^_`{|}~",
      space: " \\t\\r\\n\\v\\f",
      upper: "A-Z",
      word: "A-Za-z0-9_",
      xdigit: "A-Fa-f0-9"
    };
    module.exports = {
      DEFAULT_MAX_EXTGLOB_RECURSION,
      MAX_LENGTH: 1024 * 64,
      POSIX_REGEX_SOURCE,
      // regular expressions
      REGEX_BACKSLASH: /\\(?![*+?^${}(|)[\]])/g,
      REGEX_NON_SPECIAL_CHARS: /^[^@![\].,$*+?^{}()|\\/]+/,
      REGEX_SPECIAL_CHARS: /[-*+?.^${}(|)[\]]/,
      REGEX_SPECIAL_CHARS_BACKREF: /(\\?)((\W)(\3*))/g,
      REGEX_SPECIAL_CHARS_GLOBAL: /([-*+?.^${}(|)[\]])/g,
      REGEX_REMOVE_BACKSLASH: /(?:\[.*?[^\\]\]|\\(?=.))/g,
      // Replace globs with equivalent patterns to reduce parsing time.
      REPLACEMENTS: {
        __proto__: null,
        "***": "*",
        "**/**": "**",
        "**/**/**": "**"
      },
      // Digits
      CHAR_0: 48,
      /* 0 */
      CHAR_9: 57,
      /* 9 */
      // Alphabet chars.
      CHAR_UPPERCASE_A: 65,
      /* A */
      CHAR_LOWERCASE_A: 97,
      /* a */
      CHAR_UPPERCASE_Z: 90,
      /* Z */
      CHAR_LOWERCASE_Z: 122,
      /* z */
      CHAR_LEFT_PARENTHESES: 40,
      /* ( */
      CHAR_RIGHT_PARENTHESES: 41,
      /* ) */
      CHAR_ASTERISK: 42,
      /* * */
      // Non-alphabetic chars.
      CHAR_AMPERSAND: 38,
      /* & */
      CHAR_AT: 64,
      /* @ */
      CHAR_BACKWARD_SLASH: 92,
      /* \ */
      CHAR_CARRIAGE_RETURN: 13,
      /* \r */
      CHAR_CIRCUMFLEX_ACCENT: 94,
      /* ^ */
      CHAR_COLON: 58,
      /* : */
      CHAR_COMMA: 44,
      /* , */
      CHAR_DOT: 46,
      /* . */
      CHAR_DOUBLE_QUOTE: 34,
      /* " */
      CHAR_EQUAL: 61,
      /* = */
      CHAR_EXCLAMATION_MARK: 33,
      /* ! */
      CHAR_FORM_FEED: 12,
      /* \f */
      CHAR_FORWARD_SLASH: 47,
      /* / */
      CHAR_GRAVE_ACCENT: 96,
      /* ` */
      CHAR_HASH: 35,
      /* # */
      CHAR_HYPHEN_MINUS: 45,
      /* - */
      CHAR_LEFT_ANGLE_BRACKET: 60,
      /* < */
      CHAR_LEFT_CURLY_BRACE: 123,
      /* { */
      CHAR_LEFT_SQUARE_BRACKET: 91,
      /* [ */
      CHAR_LINE_FEED: 10,
      /* \n */
      CHAR_NO_BREAK_SPACE: 160,
      /* \u00A0 */
      CHAR_PERCENT: 37,
      /* % */
      CHAR_PLUS: 43,
      /* + */
      CHAR_QUESTION_MARK: 63,
      /* ? */
      CHAR_RIGHT_ANGLE_BRACKET: 62,
      /* > */
      CHAR_RIGHT_CURLY_BRACE: 125,
      /* } */
      CHAR_RIGHT_SQUARE_BRACKET: 93,
      /* ] */
      CHAR_SEMICOLON: 59,
      /* ; */
      CHAR_SINGLE_QUOTE: 39,
      /* ' */
      CHAR_SPACE: 32,
      /*   */
      CHAR_TAB: 9,
      /* \t */
      CHAR_UNDERSCORE: 95,
      /* _ */
      CHAR_VERTICAL_LINE: 124,
      /* | */
      CHAR_ZERO_WIDTH_NOBREAK_SPACE: 65279,
      /* \uFEFF */
      /**
       * Create EXTGLOB_CHARS
       */
      extglobChars(chars) {
        return {
          "!": { type: "negate", open: "(?:(?!(?:", close: `))${chars.STAR})` },
          "?": { type: "qmark", open: "(?:", close: ")?" },
          "+": { type: "plus", open: "(?:", close: ")+" },
          "*": { type: "star", open: "(?:", close: ")*" },
          "@": { type: "at", open: "(?:", close: ")" }
        };
      },
      /**
       * Create GLOB_CHARS
       */
      globChars(win32) {
        return win32 === true ? WINDOWS_CHARS : POSIX_CHARS;
      }
    };
  }
});

// node_modules/picomatch/lib/utils.js
var require_utils = __commonJS({
  "node_modules/picomatch/lib/utils.js"(exports) {
    "use strict";
    var {
      REGEX_BACKSLASH,
      REGEX_REMOVE_BACKSLASH,
      REGEX_SPECIAL_CHARS,
      REGEX_SPECIAL_CHARS_GLOBAL
    } = require_constants();
    exports.isObject = (val) => val !== null && typeof val === "object" && !Array.isArray(val);
    exports.hasRegexChars = (str) => REGEX_SPECIAL_CHARS.test(str);
    exports.isRegexChar = (str) => str.length === 1 && exports.hasRegexChars(str);
    exports.escapeRegex = (str) => str.replace(REGEX_SPECIAL_CHARS_GLOBAL, "\\$1");
    exports.toPosixSlashes = (str) => str.replace(REGEX_BACKSLASH, "/");
    exports.isWindows = () => {
      if (typeof navigator !== "undefined" && navigator.platform) {
        const platform = navigator.platform.toLowerCase();
        return platform === "win32" || platform === "windows";
      }
      if (typeof process !== "undefined" && process.platform) {
        return process.platform === "win32";
      }
      return false;
    };
    exports.removeBackslashes = (str) => {
      return str.replace(REGEX_REMOVE_BACKSLASH, (match) => {
        return match === "\\" ? "" : match;
      });
    };
    exports.escapeLast = (input, char, lastIdx) => {
      const idx = input.lastIndexOf(char, lastIdx);
      if (idx === -1) return input;
      if (input[idx - 1] === "\\") return exports.escapeLast(input, char, idx - 1);
      return `${input.slice(0, idx)}\\${input.slice(idx)}`;
    };
    exports.removePrefix = (input, state = {}) => {
      let output = input;
      if (output.startsWith("./")) {
        output = output.slice(2);
        state.prefix = "./";
      }
      return output;
    };
    exports.wrapOutput = (input, state = {}, options = {}) => {
      const prepend = options.contains ? "" : "^";
      const append = options.contains ? "" : "$";
      let output = `${prepend}(?:${input})${append}`;
      if (state.negated === true) {
        output = `(?:^(?!${output}).*$)`;
      }
      return output;
    };
    exports.basename = (path3, { windows } = {}) => {
      const segs = path3.split(windows ? /[\\/]/ : "/");
      const last = segs[segs.length - 1];
      if (last === "") {
        return segs[segs.length - 2];
      }
      return last;
    };
  }
});

// node_modules/picomatch/lib/scan.js
var require_scan = __commonJS({
  "node_modules/picomatch/lib/scan.js"(exports, module) {
    "use strict";
    var utils = require_utils();
    var {
      CHAR_ASTERISK,
      /* * */
      CHAR_AT,
      /* @ */
      CHAR_BACKWARD_SLASH,
      /* \ */
      CHAR_COMMA,
      /* , */
      CHAR_DOT,
      /* . */
      CHAR_EXCLAMATION_MARK,
      /* ! */
      CHAR_FORWARD_SLASH,
      /* / */
      CHAR_LEFT_CURLY_BRACE,
      /* { */
      CHAR_LEFT_PARENTHESES,
      /* ( */
      CHAR_LEFT_SQUARE_BRACKET,
      /* [ */
      CHAR_PLUS,
      /* + */
      CHAR_QUESTION_MARK,
      /* ? */
      CHAR_RIGHT_CURLY_BRACE,
      /* } */
      CHAR_RIGHT_PARENTHESES,
      /* ) */
      CHAR_RIGHT_SQUARE_BRACKET
      /* ] */
    } = require_constants();
    var isPathSeparator = (code2) => {
      return code2 === CHAR_FORWARD_SLASH || code2 === CHAR_BACKWARD_SLASH;
    };
    var depth = (token) => {
      if (token.isPrefix !== true) {
        token.depth = token.isGlobstar ? Infinity : 1;
      }
    };
    var scan = (input, options) => {
      const opts = options || {};
      const length = input.length - 1;
      const scanToEnd = opts.parts === true || opts.tokens === true || opts.scanToEnd === true;
      const slashes = [];
      const tokens = [];
      const parts = [];
      let str = input;
      let index = -1;
      let start = 0;
      let lastIndex = 0;
      let isBrace = false;
      let isBracket = false;
      let isGlob2 = false;
      let isExtglob = false;
      let isGlobstar = false;
      let braceEscaped = false;
      let backslashes = false;
      let negated = false;
      let negatedExtglob = false;
      let finished = false;
      let braces = 0;
      let prev;
      let code2;
      let token = { value: "", depth: 0, isGlob: false };
      const eos = () => index >= length;
      const peek = () => str.charCodeAt(index + 1);
      const advance = () => {
        prev = code2;
        return str.charCodeAt(++index);
      };
      while (index < length) {
        code2 = advance();
        let next;
        if (code2 === CHAR_BACKWARD_SLASH) {
          backslashes = token.backslashes = true;
          code2 = advance();
          if (code2 === CHAR_LEFT_CURLY_BRACE) {
            braceEscaped = true;
          }
          continue;
        }
        if (braceEscaped === true || code2 === CHAR_LEFT_CURLY_BRACE) {
          braces++;
          while (eos() !== true && (code2 = advance())) {
            if (code2 === CHAR_BACKWARD_SLASH) {
              backslashes = token.backslashes = true;
              advance();
              continue;
            }
            if (code2 === CHAR_LEFT_CURLY_BRACE) {
              braces++;
              continue;
            }
            if (braceEscaped !== true && code2 === CHAR_DOT && (code2 = advance()) === CHAR_DOT) {
              isBrace = token.isBrace = true;
              isGlob2 = token.isGlob = true;
              finished = true;
              if (scanToEnd === true) {
                continue;
              }
              break;
            }
            if (braceEscaped !== true && code2 === CHAR_COMMA) {
              isBrace = token.isBrace = true;
              isGlob2 = token.isGlob = true;
              finished = true;
              if (scanToEnd === true) {
                continue;
              }
              break;
            }
            if (code2 === CHAR_RIGHT_CURLY_BRACE) {
              braces--;
              if (braces === 0) {
                braceEscaped = false;
                isBrace = token.isBrace = true;
                finished = true;
                break;
              }
            }
          }
          if (scanToEnd === true) {
            continue;
          }
          break;
        }
        if (code2 === CHAR_FORWARD_SLASH) {
          slashes.push(index);
          tokens.push(token);
          token = { value: "", depth: 0, isGlob: false };
          if (finished === true) continue;
          if (prev === CHAR_DOT && index === start + 1) {
            start += 2;
            continue;
          }
          lastIndex = index + 1;
          continue;
        }
        if (opts.noext !== true) {
          const isExtglobChar = code2 === CHAR_PLUS || code2 === CHAR_AT || code2 === CHAR_ASTERISK || code2 === CHAR_QUESTION_MARK || code2 === CHAR_EXCLAMATION_MARK;
          if (isExtglobChar === true && peek() === CHAR_LEFT_PARENTHESES) {
            isGlob2 = token.isGlob = true;
            isExtglob = token.isExtglob = true;
            finished = true;
            if (code2 === CHAR_EXCLAMATION_MARK && index === start) {
              negatedExtglob = true;
            }
            if (scanToEnd === true) {
              let parens = 0;
              while (eos() !== true && (code2 = advance())) {
                if (code2 === CHAR_BACKWARD_SLASH) {
                  backslashes = token.backslashes = true;
                  advance();
                  continue;
                }
                if (code2 === CHAR_LEFT_PARENTHESES) {
                  parens++;
                  continue;
                }
                if (code2 === CHAR_RIGHT_PARENTHESES && --parens === 0) {
                  finished = true;
                  break;
                }
              }
              continue;
            }
            break;
          }
        }
        if (code2 === CHAR_ASTERISK) {
          if (prev === CHAR_ASTERISK) isGlobstar = token.isGlobstar = true;
          isGlob2 = token.isGlob = true;
          finished = true;
          if (scanToEnd === true) {
            continue;
          }
          break;
        }
        if (code2 === CHAR_QUESTION_MARK) {
          isGlob2 = token.isGlob = true;
          finished = true;
          if (scanToEnd === true) {
            continue;
          }
          break;
        }
        if (code2 === CHAR_LEFT_SQUARE_BRACKET) {
          while (eos() !== true && (next = advance())) {
            if (next === CHAR_BACKWARD_SLASH) {
              backslashes = token.backslashes = true;
              advance();
              continue;
            }
            if (next === CHAR_RIGHT_SQUARE_BRACKET) {
              isBracket = token.isBracket = true;
              isGlob2 = token.isGlob = true;
              finished = true;
              break;
            }
          }
          if (scanToEnd === true) {
            continue;
          }
          break;
        }
        if (opts.nonegate !== true && code2 === CHAR_EXCLAMATION_MARK && index === start) {
          negated = token.negated = true;
          start++;
          continue;
        }
        if (opts.noparen !== true && code2 === CHAR_LEFT_PARENTHESES) {
          isGlob2 = token.isGlob = true;
          if (scanToEnd === true) {
            let parens = 1;
            while (eos() !== true && (code2 = advance())) {
              if (code2 === CHAR_BACKWARD_SLASH) {
                backslashes = token.backslashes = true;
                advance();
                continue;
              }
              if (code2 === CHAR_LEFT_PARENTHESES) {
                parens++;
                continue;
              }
              if (code2 === CHAR_RIGHT_PARENTHESES && --parens === 0) {
                finished = true;
                break;
              }
            }
            continue;
          }
          break;
        }
        if (isGlob2 === true) {
          finished = true;
          if (scanToEnd === true) {
            continue;
          }
          break;
        }
      }
      if (opts.noext === true) {
        isExtglob = false;
        isGlob2 = false;
      }
      let base = str;
      let prefix = "";
      let glob = "";
      if (start > 0) {
        prefix = str.slice(0, start);
        str = str.slice(start);
        lastIndex -= start;
      }
      if (base && isGlob2 === true && lastIndex > 0) {
        base = str.slice(0, lastIndex);
        glob = str.slice(lastIndex);
      } else if (isGlob2 === true) {
        base = "";
        glob = str;
      } else {
        base = str;
      }
      if (base && base !== "" && base !== "/" && base !== str) {
        if (isPathSeparator(base.charCodeAt(base.length - 1))) {
          base = base.slice(0, -1);
        }
      }
      if (opts.unescape === true) {
        if (glob) glob = utils.removeBackslashes(glob);
        if (base && backslashes === true) {
          base = utils.removeBackslashes(base);
        }
      }
      const state = {
        prefix,
        input,
        start,
        base,
        glob,
        isBrace,
        isBracket,
        isGlob: isGlob2,
        isExtglob,
        isGlobstar,
        negated,
        negatedExtglob
      };
      if (opts.tokens === true) {
        state.maxDepth = 0;
        if (!isPathSeparator(code2)) {
          tokens.push(token);
        }
        state.tokens = tokens;
      }
      if (opts.parts === true || opts.tokens === true) {
        let prevIndex;
        for (let idx = 0; idx < slashes.length; idx++) {
          const n2 = prevIndex !== void 0 ? prevIndex + 1 : start;
          const i = slashes[idx];
          const value3 = input.slice(n2, i);
          if (opts.tokens) {
            if (idx === 0 && start !== 0) {
              tokens[idx].isPrefix = true;
              tokens[idx].value = prefix;
            } else {
              tokens[idx].value = value3;
            }
            depth(tokens[idx]);
            state.maxDepth += tokens[idx].depth;
          }
          if (i >= start) {
            parts.push(value3);
            prevIndex = i;
          }
        }
        const n = prevIndex !== void 0 ? prevIndex + 1 : start;
        const value2 = input.slice(n);
        parts.push(value2);
        if (opts.tokens && prevIndex && prevIndex + 1 < input.length) {
          tokens[tokens.length - 1].value = value2;
          depth(tokens[tokens.length - 1]);
          state.maxDepth += tokens[tokens.length - 1].depth;
        }
        state.slashes = slashes;
        state.parts = parts;
      }
      return state;
    };
    module.exports = scan;
  }
});

// node_modules/picomatch/lib/parse.js
var require_parse = __commonJS({
  "node_modules/picomatch/lib/parse.js"(exports, module) {
    "use strict";
    var constants = require_constants();
    var utils = require_utils();
    var {
      MAX_LENGTH,
      POSIX_REGEX_SOURCE,
      REGEX_NON_SPECIAL_CHARS,
      REGEX_SPECIAL_CHARS_BACKREF,
      REPLACEMENTS
    } = constants;
    var expandRange = (args, options) => {
      if (typeof options.expandRange === "function") {
        return options.expandRange(...args, options);
      }
      args.sort();
      const value2 = `[${args.join("-")}]`;
      try {
        new RegExp(value2);
      } catch (ex) {
        return args.map((v) => utils.escapeRegex(v)).join("..");
      }
      return value2;
    };
    var syntaxError = (type, char) => {
      return `Missing ${type}: "${char}" - use "\\\\${char}" to match literal characters`;
    };
    var splitTopLevel = (input) => {
      const parts = [];
      let bracket = 0;
      let paren = 0;
      let quote = 0;
      let value2 = "";
      let escaped = false;
      for (const ch of input) {
        if (escaped === true) {
          value2 += ch;
          escaped = false;
          continue;
        }
        if (ch === "\\") {
          value2 += ch;
          escaped = true;
          continue;
        }
        if (ch === '"') {
          quote = quote === 1 ? 0 : 1;
          value2 += ch;
          continue;
        }
        if (quote === 0) {
          if (ch === "[") {
            bracket++;
          } else if (ch === "]" && bracket > 0) {
            bracket--;
          } else if (bracket === 0) {
            if (ch === "(") {
              paren++;
            } else if (ch === ")" && paren > 0) {
              paren--;
            } else if (ch === "|" && paren === 0) {
              parts.push(value2);
              value2 = "";
              continue;
            }
          }
        }
        value2 += ch;
      }
      parts.push(value2);
      return parts;
    };
    var isPlainBranch = (branch) => {
      let escaped = false;
      for (const ch of branch) {
        if (escaped === true) {
          escaped = false;
          continue;
        }
        if (ch === "\\") {
          escaped = true;
          continue;
        }
        if (/[?*+@!()[\]{}]/.test(ch)) {
          return false;
        }
      }
      return true;
    };
    var normalizeSimpleBranch = (branch) => {
      let value2 = branch.trim();
      let changed = true;
      while (changed === true) {
        changed = false;
        if (/^@\([^\\()[\]{}|]+\)$/.test(value2)) {
          value2 = value2.slice(2, -1);
          changed = true;
        }
      }
      if (!isPlainBranch(value2)) {
        return;
      }
      return value2.replace(/\\(.)/g, "$1");
    };
    var hasRepeatedCharPrefixOverlap = (branches) => {
      const values = branches.map(normalizeSimpleBranch).filter(Boolean);
      for (let i = 0; i < values.length; i++) {
        for (let j = i + 1; j < values.length; j++) {
          const a = values[i];
          const b = values[j];
          const char = a[0];
          if (!char || a !== char.repeat(a.length) || b !== char.repeat(b.length)) {
            continue;
          }
          if (a === b || a.startsWith(b) || b.startsWith(a)) {
            return true;
          }
        }
      }
      return false;
    };
    var parseRepeatedExtglob = (pattern, requireEnd = true) => {
      if (pattern[0] !== "+" && pattern[0] !== "*" || pattern[1] !== "(") {
        return;
      }
      let bracket = 0;
      let paren = 0;
      let quote = 0;
      let escaped = false;
      for (let i = 1; i < pattern.length; i++) {
        const ch = pattern[i];
        if (escaped === true) {
          escaped = false;
          continue;
        }
        if (ch === "\\") {
          escaped = true;
          continue;
        }
        if (ch === '"') {
          quote = quote === 1 ? 0 : 1;
          continue;
        }
        if (quote === 1) {
          continue;
        }
        if (ch === "[") {
          bracket++;
          continue;
        }
        if (ch === "]" && bracket > 0) {
          bracket--;
          continue;
        }
        if (bracket > 0) {
          continue;
        }
        if (ch === "(") {
          paren++;
          continue;
        }
        if (ch === ")") {
          paren--;
          if (paren === 0) {
            if (requireEnd === true && i !== pattern.length - 1) {
              return;
            }
            return {
              type: pattern[0],
              body: pattern.slice(2, i),
              end: i
            };
          }
        }
      }
    };
    var buildCharClassStar = (chars) => {
      const source = chars.length === 1 ? utils.escapeRegex(chars[0]) : `[${chars.map((ch) => utils.escapeRegex(ch)).join("")}]`;
      return `${source}*`;
    };
    var getStarExtglobSequenceChars = (pattern) => {
      let index = 0;
      const chars = [];
      while (index < pattern.length) {
        const match = parseRepeatedExtglob(pattern.slice(index), false);
        if (!match || match.type !== "*") {
          return;
        }
        const branches = splitTopLevel(match.body).map((branch2) => branch2.trim());
        if (branches.length !== 1) {
          return;
        }
        const branch = normalizeSimpleBranch(branches[0]);
        if (!branch || branch.length !== 1) {
          return;
        }
        chars.push(branch);
        index += match.end + 1;
      }
      if (chars.length < 1) {
        return;
      }
      return chars;
    };
    var repeatedExtglobRecursion = (pattern) => {
      let depth = 0;
      let value2 = pattern.trim();
      let match = parseRepeatedExtglob(value2);
      while (match) {
        depth++;
        value2 = match.body.trim();
        match = parseRepeatedExtglob(value2);
      }
      return depth;
    };
    var analyzeRepeatedExtglob = (body, options) => {
      if (options.maxExtglobRecursion === false) {
        return { risky: false };
      }
      const max = typeof options.maxExtglobRecursion === "number" ? options.maxExtglobRecursion : constants.DEFAULT_MAX_EXTGLOB_RECURSION;
      const branches = splitTopLevel(body).map((branch) => branch.trim());
      if (branches.length > 1) {
        if (branches.some((branch) => branch === "") || branches.some((branch) => /^[*?]+$/.test(branch)) || hasRepeatedCharPrefixOverlap(branches)) {
          return { risky: true };
        }
      }
      const safeChars = [];
      let sawStarSequence = false;
      let combinable = true;
      for (const branch of branches) {
        const chars = getStarExtglobSequenceChars(branch);
        if (chars) {
          sawStarSequence = true;
          safeChars.push(...chars);
          continue;
        }
        const literal = normalizeSimpleBranch(branch);
        if (literal && literal.length === 1) {
          safeChars.push(literal);
          continue;
        }
        combinable = false;
        if (repeatedExtglobRecursion(branch) > max) {
          return { risky: true };
        }
      }
      if (sawStarSequence) {
        return combinable ? { risky: true, safeOutput: buildCharClassStar([...new Set(safeChars)]) } : { risky: true };
      }
      return { risky: false };
    };
    var parse = (input, options) => {
      if (typeof input !== "string") {
        throw new TypeError("Expected a string");
      }
      input = REPLACEMENTS[input] || input;
      const opts = { ...options };
      const max = typeof opts.maxLength === "number" ? Math.min(MAX_LENGTH, opts.maxLength) : MAX_LENGTH;
      let len = input.length;
      if (len > max) {
        throw new SyntaxError(`Input length: ${len}, exceeds maximum allowed length: ${max}`);
      }
      const bos = { type: "bos", value: "", output: opts.prepend || "" };
      const tokens = [bos];
      const capture = opts.capture ? "" : "?:";
      const PLATFORM_CHARS = constants.globChars(opts.windows);
      const EXTGLOB_CHARS = constants.extglobChars(PLATFORM_CHARS);
      const {
        DOT_LITERAL,
        PLUS_LITERAL,
        SLASH_LITERAL,
        ONE_CHAR,
        DOTS_SLASH,
        NO_DOT,
        NO_DOT_SLASH,
        NO_DOTS_SLASH,
        QMARK,
        QMARK_NO_DOT,
        STAR,
        START_ANCHOR
      } = PLATFORM_CHARS;
      const globstar = (opts2) => {
        return `(${capture}(?:(?!${START_ANCHOR}${opts2.dot ? DOTS_SLASH : DOT_LITERAL}).)*?)`;
      };
      const nodot = opts.dot ? "" : NO_DOT;
      const qmarkNoDot = opts.dot ? QMARK : QMARK_NO_DOT;
      let star = opts.bash === true ? globstar(opts) : STAR;
      if (opts.capture) {
        star = `(${star})`;
      }
      if (typeof opts.noext === "boolean") {
        opts.noextglob = opts.noext;
      }
      const state = {
        input,
        index: -1,
        start: 0,
        dot: opts.dot === true,
        consumed: "",
        output: "",
        prefix: "",
        backtrack: false,
        negated: false,
        brackets: 0,
        braces: 0,
        parens: 0,
        quotes: 0,
        globstar: false,
        tokens
      };
      input = utils.removePrefix(input, state);
      len = input.length;
      const extglobs = [];
      const braces = [];
      const stack = [];
      let prev = bos;
      let value2;
      const eos = () => state.index === len - 1;
      const peek = state.peek = (n = 1) => input[state.index + n];
      const advance = state.advance = () => input[++state.index] || "";
      const remaining = () => input.slice(state.index + 1);
      const consume = (value3 = "", num = 0) => {
        state.consumed += value3;
        state.index += num;
      };
      const append = (token) => {
        state.output += token.output != null ? token.output : token.value;
        consume(token.value);
      };
      const negate = () => {
        let count2 = 1;
        while (peek() === "!" && (peek(2) !== "(" || peek(3) === "?")) {
          advance();
          state.start++;
          count2++;
        }
        if (count2 % 2 === 0) {
          return false;
        }
        state.negated = true;
        state.start++;
        return true;
      };
      const increment = (type) => {
        state[type]++;
        stack.push(type);
      };
      const decrement = (type) => {
        state[type]--;
        stack.pop();
      };
      const push = (tok) => {
        if (prev.type === "globstar") {
          const isBrace = state.braces > 0 && (tok.type === "comma" || tok.type === "brace");
          const isExtglob = tok.extglob === true || extglobs.length && (tok.type === "pipe" || tok.type === "paren");
          if (tok.type !== "slash" && tok.type !== "paren" && !isBrace && !isExtglob) {
            state.output = state.output.slice(0, -prev.output.length);
            prev.type = "star";
            prev.value = "*";
            prev.output = star;
            state.output += prev.output;
          }
        }
        if (extglobs.length && tok.type !== "paren") {
          extglobs[extglobs.length - 1].inner += tok.value;
        }
        if (tok.value || tok.output) append(tok);
        if (prev && prev.type === "text" && tok.type === "text") {
          prev.output = (prev.output || prev.value) + tok.value;
          prev.value += tok.value;
          return;
        }
        tok.prev = prev;
        tokens.push(tok);
        prev = tok;
      };
      const extglobOpen = (type, value3) => {
        const token = { ...EXTGLOB_CHARS[value3], conditions: 1, inner: "" };
        token.prev = prev;
        token.parens = state.parens;
        token.output = state.output;
        token.startIndex = state.index;
        token.tokensIndex = tokens.length;
        const output = (opts.capture ? "(" : "") + token.open;
        increment("parens");
        push({ type, value: value3, output: state.output ? "" : ONE_CHAR });
        push({ type: "paren", extglob: true, value: advance(), output });
        extglobs.push(token);
      };
      const extglobClose = (token) => {
        const literal = input.slice(token.startIndex, state.index + 1);
        const body = input.slice(token.startIndex + 2, state.index);
        const analysis = analyzeRepeatedExtglob(body, opts);
        if ((token.type === "plus" || token.type === "star") && analysis.risky) {
          const safeOutput = analysis.safeOutput ? (token.output ? "" : ONE_CHAR) + (opts.capture ? `(${analysis.safeOutput})` : analysis.safeOutput) : void 0;
          const open = tokens[token.tokensIndex];
          open.type = "text";
          open.value = literal;
          open.output = safeOutput || utils.escapeRegex(literal);
          for (let i = token.tokensIndex + 1; i < tokens.length; i++) {
            tokens[i].value = "";
            tokens[i].output = "";
            delete tokens[i].suffix;
          }
          state.output = token.output + open.output;
          state.backtrack = true;
          push({ type: "paren", extglob: true, value: value2, output: "" });
          decrement("parens");
          return;
        }
        let output = token.close + (opts.capture ? ")" : "");
        let rest;
        if (token.type === "negate") {
          let extglobStar = star;
          if (token.inner && token.inner.length > 1 && token.inner.includes("/")) {
            extglobStar = globstar(opts);
          }
          if (extglobStar !== star || eos() || /^\)+$/.test(remaining())) {
            output = token.close = `)$))${extglobStar}`;
          }
          if (token.inner.includes("*") && (rest = remaining()) && /^\.[^\\/.]+$/.test(rest)) {
            const expression = parse(rest, { ...options, fastpaths: false }).output;
            output = token.close = `)${expression})${extglobStar})`;
          }
          if (token.prev.type === "bos") {
            state.negatedExtglob = true;
          }
        }
        push({ type: "paren", extglob: true, value: value2, output });
        decrement("parens");
      };
      if (opts.fastpaths !== false && !/(^[*!]|[/()[\]{}"])/.test(input)) {
        let backslashes = false;
        let output = input.replace(REGEX_SPECIAL_CHARS_BACKREF, (m, esc, chars, first, rest, index) => {
          if (first === "\\") {
            backslashes = true;
            return m;
          }
          if (first === "?") {
            if (esc) {
              return esc + first + (rest ? QMARK.repeat(rest.length) : "");
            }
            if (index === 0) {
              return qmarkNoDot + (rest ? QMARK.repeat(rest.length) : "");
            }
            return QMARK.repeat(chars.length);
          }
          if (first === ".") {
            return DOT_LITERAL.repeat(chars.length);
          }
          if (first === "*") {
            if (esc) {
              return esc + first + (rest ? star : "");
            }
            return star;
          }
          return esc ? m : `\\${m}`;
        });
        if (backslashes === true) {
          if (opts.unescape === true) {
            output = output.replace(/\\/g, "");
          } else {
            output = output.replace(/\\+/g, (m) => {
              return m.length % 2 === 0 ? "\\\\" : m ? "\\" : "";
            });
          }
        }
        if (output === input && opts.contains === true) {
          state.output = input;
          return state;
        }
        state.output = utils.wrapOutput(output, state, options);
        return state;
      }
      while (!eos()) {
        value2 = advance();
        if (value2 === "\0") {
          continue;
        }
        if (value2 === "\\") {
          const next = peek();
          if (next === "/" && opts.bash !== true) {
            continue;
          }
          if (next === "." || next === ";") {
            continue;
          }
          if (!next) {
            value2 += "\\";
            push({ type: "text", value: value2 });
            continue;
          }
          const match = /^\\+/.exec(remaining());
          let slashes = 0;
          if (match && match[0].length > 2) {
            slashes = match[0].length;
            state.index += slashes;
            if (slashes % 2 !== 0) {
              value2 += "\\";
            }
          }
          if (opts.unescape === true) {
            value2 = advance();
          } else {
            value2 += advance();
          }
          if (state.brackets === 0) {
            push({ type: "text", value: value2 });
            continue;
          }
        }
        if (state.brackets > 0 && (value2 !== "]" || prev.value === "[" || prev.value === "[^")) {
          if (opts.posix !== false && value2 === ":") {
            const inner = prev.value.slice(1);
            if (inner.includes("[")) {
              prev.posix = true;
              if (inner.includes(":")) {
                const idx = prev.value.lastIndexOf("[");
                const pre = prev.value.slice(0, idx);
                const rest2 = prev.value.slice(idx + 2);
                const posix = POSIX_REGEX_SOURCE[rest2];
                if (posix) {
                  prev.value = pre + posix;
                  state.backtrack = true;
                  advance();
                  if (!bos.output && tokens.indexOf(prev) === 1) {
                    bos.output = ONE_CHAR;
                  }
                  continue;
                }
              }
            }
          }
          if (value2 === "[" && peek() !== ":" || value2 === "-" && peek() === "]") {
            value2 = `\\${value2}`;
          }
          if (value2 === "]" && (prev.value === "[" || prev.value === "[^")) {
            value2 = `\\${value2}`;
          }
          if (opts.posix === true && value2 === "!" && prev.value === "[") {
            value2 = "^";
          }
          prev.value += value2;
          append({ value: value2 });
          continue;
        }
        if (state.quotes === 1 && value2 !== '"') {
          value2 = utils.escapeRegex(value2);
          prev.value += value2;
          append({ value: value2 });
          continue;
        }
        if (value2 === '"') {
          state.quotes = state.quotes === 1 ? 0 : 1;
          if (opts.keepQuotes === true) {
            push({ type: "text", value: value2 });
          }
          continue;
        }
        if (value2 === "(") {
          increment("parens");
          push({ type: "paren", value: value2 });
          continue;
        }
        if (value2 === ")") {
          if (state.parens === 0 && opts.strictBrackets === true) {
            throw new SyntaxError(syntaxError("opening", "("));
          }
          const extglob = extglobs[extglobs.length - 1];
          if (extglob && state.parens === extglob.parens + 1) {
            extglobClose(extglobs.pop());
            continue;
          }
          push({ type: "paren", value: value2, output: state.parens ? ")" : "\\)" });
          decrement("parens");
          continue;
        }
        if (value2 === "[") {
          if (opts.nobracket === true || !remaining().includes("]")) {
            if (opts.nobracket !== true && opts.strictBrackets === true) {
              throw new SyntaxError(syntaxError("closing", "]"));
            }
            value2 = `\\${value2}`;
          } else {
            increment("brackets");
          }
          push({ type: "bracket", value: value2 });
          continue;
        }
        if (value2 === "]") {
          if (opts.nobracket === true || prev && prev.type === "bracket" && prev.value.length === 1) {
            push({ type: "text", value: value2, output: `\\${value2}` });
            continue;
          }
          if (state.brackets === 0) {
            if (opts.strictBrackets === true) {
              throw new SyntaxError(syntaxError("opening", "["));
            }
            push({ type: "text", value: value2, output: `\\${value2}` });
            continue;
          }
          decrement("brackets");
          const prevValue = prev.value.slice(1);
          if (prev.posix !== true && prevValue[0] === "^" && !prevValue.includes("/")) {
            value2 = `/${value2}`;
          }
          prev.value += value2;
          append({ value: value2 });
          if (opts.literalBrackets === false || utils.hasRegexChars(prevValue)) {
            continue;
          }
          const escaped = utils.escapeRegex(prev.value);
          state.output = state.output.slice(0, -prev.value.length);
          if (opts.literalBrackets === true) {
            state.output += escaped;
            prev.value = escaped;
            continue;
          }
          prev.value = `(${capture}${escaped}|${prev.value})`;
          state.output += prev.value;
          continue;
        }
        if (value2 === "{" && opts.nobrace !== true) {
          increment("braces");
          const open = {
            type: "brace",
            value: value2,
            output: "(",
            outputIndex: state.output.length,
            tokensIndex: state.tokens.length
          };
          braces.push(open);
          push(open);
          continue;
        }
        if (value2 === "}") {
          const brace = braces[braces.length - 1];
          if (opts.nobrace === true || !brace) {
            push({ type: "text", value: value2, output: value2 });
            continue;
          }
          let output = ")";
          if (brace.dots === true) {
            const arr = tokens.slice();
            const range = [];
            for (let i = arr.length - 1; i >= 0; i--) {
              tokens.pop();
              if (arr[i].type === "brace") {
                break;
              }
              if (arr[i].type !== "dots") {
                range.unshift(arr[i].value);
              }
            }
            output = expandRange(range, opts);
            state.backtrack = true;
          }
          if (brace.comma !== true && brace.dots !== true) {
            const out = state.output.slice(0, brace.outputIndex);
            const toks = state.tokens.slice(brace.tokensIndex);
            brace.value = brace.output = "\\{";
            value2 = output = "\\}";
            state.output = out;
            for (const t of toks) {
              state.output += t.output || t.value;
            }
          }
          push({ type: "brace", value: value2, output });
          decrement("braces");
          braces.pop();
          continue;
        }
        if (value2 === "|") {
          if (extglobs.length > 0) {
            extglobs[extglobs.length - 1].conditions++;
          }
          push({ type: "text", value: value2 });
          continue;
        }
        if (value2 === ",") {
          let output = value2;
          const brace = braces[braces.length - 1];
          if (brace && stack[stack.length - 1] === "braces") {
            brace.comma = true;
            output = "|";
          }
          push({ type: "comma", value: value2, output });
          continue;
        }
        if (value2 === "/") {
          if (prev.type === "dot" && state.index === state.start + 1) {
            state.start = state.index + 1;
            state.consumed = "";
            state.output = "";
            tokens.pop();
            prev = bos;
            continue;
          }
          push({ type: "slash", value: value2, output: SLASH_LITERAL });
          continue;
        }
        if (value2 === ".") {
          if (state.braces > 0 && prev.type === "dot") {
            if (prev.value === ".") prev.output = DOT_LITERAL;
            const brace = braces[braces.length - 1];
            prev.type = "dots";
            prev.output += value2;
            prev.value += value2;
            brace.dots = true;
            continue;
          }
          if (state.braces + state.parens === 0 && prev.type !== "bos" && prev.type !== "slash") {
            push({ type: "text", value: value2, output: DOT_LITERAL });
            continue;
          }
          push({ type: "dot", value: value2, output: DOT_LITERAL });
          continue;
        }
        if (value2 === "?") {
          const isGroup = prev && prev.value === "(";
          if (!isGroup && opts.noextglob !== true && peek() === "(" && peek(2) !== "?") {
            extglobOpen("qmark", value2);
            continue;
          }
          if (prev && prev.type === "paren") {
            const next = peek();
            let output = value2;
            if (prev.value === "(" && !/[!=<:]/.test(next) || next === "<" && !/<([!=]|\w+>)/.test(remaining())) {
              output = `\\${value2}`;
            }
            push({ type: "text", value: value2, output });
            continue;
          }
          if (opts.dot !== true && (prev.type === "slash" || prev.type === "bos")) {
            push({ type: "qmark", value: value2, output: QMARK_NO_DOT });
            continue;
          }
          push({ type: "qmark", value: value2, output: QMARK });
          continue;
        }
        if (value2 === "!") {
          if (opts.noextglob !== true && peek() === "(") {
            if (peek(2) !== "?" || !/[!=<:]/.test(peek(3))) {
              extglobOpen("negate", value2);
              continue;
            }
          }
          if (opts.nonegate !== true && state.index === 0) {
            negate();
            continue;
          }
        }
        if (value2 === "+") {
          if (opts.noextglob !== true && peek() === "(" && peek(2) !== "?") {
            extglobOpen("plus", value2);
            continue;
          }
          if (prev && prev.value === "(" || opts.regex === false) {
            push({ type: "plus", value: value2, output: PLUS_LITERAL });
            continue;
          }
          if (prev && (prev.type === "bracket" || prev.type === "paren" || prev.type === "brace") || state.parens > 0) {
            push({ type: "plus", value: value2 });
            continue;
          }
          push({ type: "plus", value: PLUS_LITERAL });
          continue;
        }
        if (value2 === "@") {
          if (opts.noextglob !== true && peek() === "(" && peek(2) !== "?") {
            push({ type: "at", extglob: true, value: value2, output: "" });
            continue;
          }
          push({ type: "text", value: value2 });
          continue;
        }
        if (value2 !== "*") {
          if (value2 === "$" || value2 === "^") {
            value2 = `\\${value2}`;
          }
          const match = REGEX_NON_SPECIAL_CHARS.exec(remaining());
          if (match) {
            value2 += match[0];
            state.index += match[0].length;
          }
          push({ type: "text", value: value2 });
          continue;
        }
        if (prev && (prev.type === "globstar" || prev.star === true)) {
          prev.type = "star";
          prev.star = true;
          prev.value += value2;
          prev.output = star;
          state.backtrack = true;
          state.globstar = true;
          consume(value2);
          continue;
        }
        let rest = remaining();
        if (opts.noextglob !== true && /^\([^?]/.test(rest)) {
          extglobOpen("star", value2);
          continue;
        }
        if (prev.type === "star") {
          if (opts.noglobstar === true) {
            consume(value2);
            continue;
          }
          const prior = prev.prev;
          const before = prior.prev;
          const isStart = prior.type === "slash" || prior.type === "bos";
          const afterStar = before && (before.type === "star" || before.type === "globstar");
          if (opts.bash === true && (!isStart || rest[0] && rest[0] !== "/")) {
            push({ type: "star", value: value2, output: "" });
            continue;
          }
          const isBrace = state.braces > 0 && (prior.type === "comma" || prior.type === "brace");
          const isExtglob = extglobs.length && (prior.type === "pipe" || prior.type === "paren");
          if (!isStart && prior.type !== "paren" && !isBrace && !isExtglob) {
            push({ type: "star", value: value2, output: "" });
            continue;
          }
          while (rest.slice(0, 3) === "/**") {
            const after = input[state.index + 4];
            if (after && after !== "/") {
              break;
            }
            rest = rest.slice(3);
            consume("/**", 3);
          }
          const isEnd = eos() || state.parens > 0 && rest === ")".repeat(state.parens) && !extglobs.some((extglob) => extglob.type === "negate");
          if (prior.type === "bos" && eos()) {
            prev.type = "globstar";
            prev.value += value2;
            prev.output = globstar(opts);
            state.output = prev.output;
            state.globstar = true;
            consume(value2);
            continue;
          }
          if (prior.type === "slash" && prior.prev.type !== "bos" && !afterStar && isEnd) {
            state.output = state.output.slice(0, -(prior.output + prev.output).length);
            prior.output = `(?:${prior.output}`;
            prev.type = "globstar";
            prev.output = globstar(opts) + (opts.strictSlashes ? ")" : "|$)");
            prev.value += value2;
            state.globstar = true;
            state.output += prior.output + prev.output;
            consume(value2);
            continue;
          }
          if (prior.type === "slash" && prior.prev.type !== "bos" && rest[0] === "/") {
            const end = rest[1] !== void 0 ? "|$" : "";
            state.output = state.output.slice(0, -(prior.output + prev.output).length);
            prior.output = `(?:${prior.output}`;
            prev.type = "globstar";
            prev.output = `${globstar(opts)}${SLASH_LITERAL}|${SLASH_LITERAL}${end})`;
            prev.value += value2;
            state.output += prior.output + prev.output;
            state.globstar = true;
            consume(value2 + advance());
            push({ type: "slash", value: "/", output: "" });
            continue;
          }
          if (prior.type === "bos" && rest[0] === "/") {
            prev.type = "globstar";
            prev.value += value2;
            prev.output = `(?:^|${SLASH_LITERAL}|${globstar(opts)}${SLASH_LITERAL})`;
            state.output = prev.output;
            state.globstar = true;
            consume(value2 + advance());
            push({ type: "slash", value: "/", output: "" });
            continue;
          }
          state.output = state.output.slice(0, -prev.output.length);
          prev.type = "globstar";
          prev.output = globstar(opts);
          prev.value += value2;
          state.output += prev.output;
          state.globstar = true;
          consume(value2);
          continue;
        }
        const token = { type: "star", value: value2, output: star };
        if (opts.bash === true) {
          token.output = ".*?";
          if (prev.type === "bos" || prev.type === "slash") {
            token.output = nodot + token.output;
          }
          push(token);
          continue;
        }
        if (prev && (prev.type === "bracket" || prev.type === "paren") && opts.regex === true) {
          token.output = value2;
          push(token);
          continue;
        }
        if (state.index === state.start || prev.type === "slash" || prev.type === "dot") {
          if (prev.type === "dot") {
            state.output += NO_DOT_SLASH;
            prev.output += NO_DOT_SLASH;
          } else if (opts.dot === true) {
            state.output += NO_DOTS_SLASH;
            prev.output += NO_DOTS_SLASH;
          } else {
            state.output += nodot;
            prev.output += nodot;
          }
          if (peek() !== "*") {
            state.output += ONE_CHAR;
            prev.output += ONE_CHAR;
          }
        }
        push(token);
      }
      while (state.brackets > 0) {
        if (opts.strictBrackets === true) throw new SyntaxError(syntaxError("closing", "]"));
        state.output = utils.escapeLast(state.output, "[");
        decrement("brackets");
      }
      while (state.parens > 0) {
        if (opts.strictBrackets === true) throw new SyntaxError(syntaxError("closing", ")"));
        state.output = utils.escapeLast(state.output, "(");
        decrement("parens");
      }
      while (state.braces > 0) {
        if (opts.strictBrackets === true) throw new SyntaxError(syntaxError("closing", "}"));
        state.output = utils.escapeLast(state.output, "{");
        decrement("braces");
      }
      if (opts.strictSlashes !== true && (prev.type === "star" || prev.type === "bracket")) {
        push({ type: "maybe_slash", value: "", output: `${SLASH_LITERAL}?` });
      }
      if (state.backtrack === true) {
        state.output = "";
        for (const token of state.tokens) {
          state.output += token.output != null ? token.output : token.value;
          if (token.suffix) {
            state.output += token.suffix;
          }
        }
      }
      return state;
    };
    parse.fastpaths = (input, options) => {
      const opts = { ...options };
      const max = typeof opts.maxLength === "number" ? Math.min(MAX_LENGTH, opts.maxLength) : MAX_LENGTH;
      const len = input.length;
      if (len > max) {
        throw new SyntaxError(`Input length: ${len}, exceeds maximum allowed length: ${max}`);
      }
      input = REPLACEMENTS[input] || input;
      const {
        DOT_LITERAL,
        SLASH_LITERAL,
        ONE_CHAR,
        DOTS_SLASH,
        NO_DOT,
        NO_DOTS,
        NO_DOTS_SLASH,
        STAR,
        START_ANCHOR
      } = constants.globChars(opts.windows);
      const nodot = opts.dot ? NO_DOTS : NO_DOT;
      const slashDot = opts.dot ? NO_DOTS_SLASH : NO_DOT;
      const capture = opts.capture ? "" : "?:";
      const state = { negated: false, prefix: "" };
      let star = opts.bash === true ? ".*?" : STAR;
      if (opts.capture) {
        star = `(${star})`;
      }
      const globstar = (opts2) => {
        if (opts2.noglobstar === true) return star;
        return `(${capture}(?:(?!${START_ANCHOR}${opts2.dot ? DOTS_SLASH : DOT_LITERAL}).)*?)`;
      };
      const create = (str) => {
        switch (str) {
          case "*":
            return `${nodot}${ONE_CHAR}${star}`;
          case ".*":
            return `${DOT_LITERAL}${ONE_CHAR}${star}`;
          case "*.*":
            return `${nodot}${star}${DOT_LITERAL}${ONE_CHAR}${star}`;
          case "*/*":
            return `${nodot}${star}${SLASH_LITERAL}${ONE_CHAR}${slashDot}${star}`;
          case "**":
            return nodot + globstar(opts);
          case "**/*":
            return `(?:${nodot}${globstar(opts)}${SLASH_LITERAL})?${slashDot}${ONE_CHAR}${star}`;
          case "**/*.*":
            return `(?:${nodot}${globstar(opts)}${SLASH_LITERAL})?${slashDot}${star}${DOT_LITERAL}${ONE_CHAR}${star}`;
          case "**/.*":
            return `(?:${nodot}${globstar(opts)}${SLASH_LITERAL})?${DOT_LITERAL}${ONE_CHAR}${star}`;
          default: {
            const match = /^(.*?)\.(\w+)$/.exec(str);
            if (!match) return;
            const source2 = create(match[1]);
            if (!source2) return;
            return source2 + DOT_LITERAL + match[2];
          }
        }
      };
      const output = utils.removePrefix(input, state);
      let source = create(output);
      if (source && opts.strictSlashes !== true) {
        source += `${SLASH_LITERAL}?`;
      }
      return source;
    };
    module.exports = parse;
  }
});

// node_modules/picomatch/lib/picomatch.js
var require_picomatch = __commonJS({
  "node_modules/picomatch/lib/picomatch.js"(exports, module) {
    "use strict";
    var scan = require_scan();
    var parse = require_parse();
    var utils = require_utils();
    var constants = require_constants();
    var isObject = (val) => val && typeof val === "object" && !Array.isArray(val);
    var picomatch2 = (glob, options, returnState = false) => {
      if (Array.isArray(glob)) {
        const fns = glob.map((input) => picomatch2(input, options, returnState));
        const arrayMatcher = (str) => {
          for (const isMatch of fns) {
            const state2 = isMatch(str);
            if (state2) return state2;
          }
          return false;
        };
        return arrayMatcher;
      }
      const isState = isObject(glob) && glob.tokens && glob.input;
      if (glob === "" || typeof glob !== "string" && !isState) {
        throw new TypeError("Expected pattern to be a non-empty string");
      }
      const opts = options || {};
      const posix = opts.windows;
      const regex = isState ? picomatch2.compileRe(glob, options) : picomatch2.makeRe(glob, options, false, true);
      const state = regex.state;
      delete regex.state;
      let isIgnored = () => false;
      if (opts.ignore) {
        const ignoreOpts = { ...options, ignore: null, onMatch: null, onResult: null };
        isIgnored = picomatch2(opts.ignore, ignoreOpts, returnState);
      }
      const matcher = (input, returnObject = false) => {
        const { isMatch, match, output } = picomatch2.test(input, regex, options, { glob, posix });
        const result = { glob, state, regex, posix, input, output, match, isMatch };
        if (typeof opts.onResult === "function") {
          opts.onResult(result);
        }
        if (isMatch === false) {
          result.isMatch = false;
          return returnObject ? result : false;
        }
        if (isIgnored(input)) {
          if (typeof opts.onIgnore === "function") {
            opts.onIgnore(result);
          }
          result.isMatch = false;
          return returnObject ? result : false;
        }
        if (typeof opts.onMatch === "function") {
          opts.onMatch(result);
        }
        return returnObject ? result : true;
      };
      if (returnState) {
        matcher.state = state;
      }
      return matcher;
    };
    picomatch2.test = (input, regex, options, { glob, posix } = {}) => {
      if (typeof input !== "string") {
        throw new TypeError("Expected input to be a string");
      }
      if (input === "") {
        return { isMatch: false, output: "" };
      }
      const opts = options || {};
      const format = opts.format || (posix ? utils.toPosixSlashes : null);
      let match = input === glob;
      let output = match && format ? format(input) : input;
      if (match === false) {
        output = format ? format(input) : input;
        match = output === glob;
      }
      if (match === false || opts.capture === true) {
        if (opts.matchBase === true || opts.basename === true) {
          match = picomatch2.matchBase(input, regex, options, posix);
        } else {
          match = regex.exec(output);
        }
      }
      return { isMatch: Boolean(match), match, output };
    };
    picomatch2.matchBase = (input, glob, options, posix = options && options.windows) => {
      const regex = glob instanceof RegExp ? glob : picomatch2.makeRe(glob, options);
      return regex.test(utils.basename(input, { windows: posix }));
    };
    picomatch2.isMatch = (str, patterns, options) => picomatch2(patterns, options)(str);
    picomatch2.parse = (pattern, options) => {
      if (Array.isArray(pattern)) return pattern.map((p) => picomatch2.parse(p, options));
      return parse(pattern, { ...options, fastpaths: false });
    };
    picomatch2.scan = (input, options) => scan(input, options);
    picomatch2.compileRe = (state, options, returnOutput = false, returnState = false) => {
      if (returnOutput === true) {
        return state.output;
      }
      const opts = options || {};
      const prepend = opts.contains ? "" : "^";
      const append = opts.contains ? "" : "$";
      let source = `${prepend}(?:${state.output})${append}`;
      if (state && state.negated === true) {
        source = `^(?!${source}).*$`;
      }
      const regex = picomatch2.toRegex(source, options);
      if (returnState === true) {
        regex.state = state;
      }
      return regex;
    };
    picomatch2.makeRe = (input, options = {}, returnOutput = false, returnState = false) => {
      if (!input || typeof input !== "string") {
        throw new TypeError("Expected a non-empty string");
      }
      let parsed = { negated: false, fastpaths: true };
      if (options.fastpaths !== false && (input[0] === "." || input[0] === "*")) {
        parsed.output = parse.fastpaths(input, options);
      }
      if (!parsed.output) {
        parsed = parse(input, options);
      }
      return picomatch2.compileRe(parsed, options, returnOutput, returnState);
    };
    picomatch2.toRegex = (source, options) => {
      try {
        const opts = options || {};
        return new RegExp(source, opts.flags || (opts.nocase ? "i" : ""));
      } catch (err) {
        if (options && options.debug === true) throw err;
        return /$^/;
      }
    };
    picomatch2.constants = constants;
    module.exports = picomatch2;
  }
});

// node_modules/picomatch/posix.js
var require_posix = __commonJS({
  "node_modules/picomatch/posix.js"(exports, module) {
    "use strict";
    module.exports = require_picomatch();
  }
});

// src/report/write-report.ts
import { mkdir, rm } from "node:fs/promises";
import path from "node:path";

// src/report/markdown-format.ts
var STATUS_MARK = { ok: "\u2705", warn: "\u26A0\uFE0F", fail: "\u274C", skip: "\u23ED\uFE0F" };
var RESULT_MARK = { passed: "\u2705", warned: "\u26A0\uFE0F", regressed: "\u{1F4C9}", failed: "\u274C" };
function cell(text2) {
  if (text2 === null || text2 === void 0 || text2 === "") return "\u2014";
  return typeof text2 === "number" ? String(text2) : text2.split(/\r?\n/).map((line) => markdownText(line)).join("<br>");
}
function markdownCell(markdown) {
  if (markdown === null || markdown === "") return "\u2014";
  return markdown.replace(/\r?\n/g, " ").replace(/(?<!\\)\|/g, "\\|");
}
function code(text2) {
  return markdownCode(text2);
}
function codeCell(text2) {
  return markdownCode(text2).replace(/\|/g, "\\|");
}
function inline(text2) {
  return markdownText(text2);
}
function fencedText(lines) {
  const body = lines.flatMap((l) => l.split(/\r?\n/)).map((l) => sanitizeName(l).replace(/`{3,}/g, (run) => "'".repeat(run.length))).join("\n");
  return `${"```"}text
${body}
${"```"}
`;
}
function keyValueTable(rows) {
  const [first, ...rest] = rows;
  return first ? table(first, rest) : "";
}
function table(header, rows) {
  const lines = [`| ${header.join(" | ")} |`, `| ${header.map(() => "---").join(" | ")} |`];
  for (const row of rows) lines.push(`| ${row.join(" | ")} |`);
  return `${lines.join("\n")}
`;
}
function formatBytes2(bytes) {
  return bytes === null ? "\u2014" : formatBytes(bytes);
}
function formatDuration2(ms) {
  return ms === null ? "\u2014" : formatDuration(ms);
}
function versusTarget(actualMs, targetMs, met, what) {
  const actual = formatDuration2(actualMs);
  if (targetMs === null) return `${actual} (no ${what} target)`;
  if (met === null) return `${actual} (${what} target ${formatDuration2(targetMs)})`;
  return met ? `${actual} \u2014 within the ${what} of ${formatDuration2(targetMs)} \u2705` : `${actual} \u2014 over the ${what} of ${formatDuration2(targetMs)} \u274C`;
}
function listSome(items, max = 5) {
  if (items.length <= max) return items.join(", ");
  return `${items.slice(0, max).join(", ")} and ${items.length - max} more`;
}
function plural(count2, one, many = `${one}s`) {
  return `${count2} ${count2 === 1 ? one : many}`;
}

// src/report/markdown-api.ts
function record(value2) {
  return typeof value2 === "object" && value2 !== null && !Array.isArray(value2) ? value2 : null;
}
function text(value2) {
  if (typeof value2 === "string") return value2;
  if (typeof value2 === "number" || typeof value2 === "boolean") return String(value2);
  return null;
}
function roundedMs(details) {
  return details.replace(/\b(\d+\.\d{2,})(?= ?ms\b)/g, (n) => String(Math.round(Number(n) * 10) / 10));
}
function namedChecks(answer) {
  const checks = record(answer)?.["checks"];
  if (!Array.isArray(checks)) return [];
  return checks.flatMap((c) => {
    const r = record(c);
    if (r === null) return [];
    return [{ name: text(r["name"]) ?? "?", status: text(r["status"]) ?? "?", details: text(r["details"]) ?? "" }];
  });
}
function mark(status) {
  return status in STATUS_MARK ? STATUS_MARK[status] : "\u2022";
}
function checksTable(checks) {
  return table(
    ["", "check", "details"],
    checks.map((c) => [`${mark(c.status)} ${cell(c.status)}`, codeCell(c.name), cell(roundedMs(c.details))])
  );
}
function renderApiSection(report) {
  const api = report.api;
  if (api === null) {
    const reason = report.apiSkippedReason ?? "no api-url was given";
    return `## PickDriver API

Skipped: ${inline(reason)}.
`;
  }
  const parts = [];
  const facts = [
    `${code(api.url)} (target ${code(api.target)})`,
    `version ${api.version === null ? "\u2014" : code(api.version)}`,
    `environment ${api.environment === null ? "\u2014" : code(api.environment)}`
  ];
  const dbSchema = text(record(api.dbInfo)?.["schemaVersion"]);
  if (dbSchema !== null) facts.push(`schema version seen by the API ${code(dbSchema)}`);
  parts.push(facts.join(" \xB7 "));
  const smoke = namedChecks(api.smoke);
  if (smoke.length > 0) {
    const status = text(record(api.smoke)?.["status"]) ?? "?";
    parts.push(`**Smoke** (${inline(status)}):

${checksTable(smoke)}`);
  } else if (api.smoke === null) {
    parts.push("**Smoke**: not run.");
  }
  const validate = record(api.validate);
  if (validate !== null) {
    const summary = record(validate["summary"]);
    const counts = summary === null ? "" : ` \u2014 ${inline(text(summary["passed"]) ?? "?")} passed, ${inline(text(summary["failed"]) ?? "?")} failed, ${inline(
      text(summary["warnings"]) ?? "?"
    )} warnings`;
    const success = validate["success"] === true ? "\u2705 success" : validate["success"] === false ? "\u274C failed" : "?";
    const checks = namedChecks(validate);
    parts.push(`**Backup validation**: ${success}${counts}${checks.length > 0 ? `

${checksTable(checks)}` : ""}`);
  } else {
    parts.push("**Backup validation**: not run.");
  }
  return `## PickDriver API

${parts.map((p) => p.trim()).join("\n\n")}
`;
}

// src/source/inventory.ts
var GAP_FACTOR = 1.5;
var BACKUP_VERDICTS = /* @__PURE__ */ new Set(["chosen", "older", "newer", "expired"]);
function isBackup(candidate) {
  return BACKUP_VERDICTS.has(candidate.verdict);
}
function backupCount(candidates) {
  const n = candidates.filter(isBackup).length;
  return `${n} backup${n === 1 ? "" : "s"}`;
}
function durationAsWritten(ms) {
  let rest = Math.round(ms / 1e3);
  const parts = [];
  for (const [unit, size] of [
    ["d", 86400],
    ["h", 3600],
    ["m", 60],
    ["s", 1]
  ]) {
    if (rest >= size) {
      parts.push(`${Math.floor(rest / size)}${unit}`);
      rest %= size;
    }
  }
  return parts.join("") || "0s";
}
function minuteUtc(iso) {
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)}`;
}
function buildInventory(candidates, opts) {
  const now = opts.now.getTime();
  const backups = candidates.filter((c) => isBackup(c) && c.createdAt !== null).map((c) => {
    const ageMs = now - new Date(c.createdAt).getTime();
    return {
      name: c.name,
      createdAt: c.createdAt,
      ageSeconds: Math.max(0, Math.round(ageMs / 1e3)),
      sizeBytes: c.sizeBytes,
      expired: opts.retentionMs !== null && ageMs > opts.retentionMs
    };
  }).sort((a, b) => a.createdAt < b.createdAt ? 1 : a.createdAt > b.createdAt ? -1 : a.name < b.name ? 1 : -1);
  const gaps = [];
  for (let i = 0; i + 1 < backups.length; i++) {
    const newer = backups[i];
    const older = backups[i + 1];
    const ms = new Date(newer.createdAt).getTime() - new Date(older.createdAt).getTime();
    gaps.push({
      from: older.createdAt,
      to: newer.createdAt,
      durationSeconds: Math.round(ms / 1e3),
      missing: opts.intervalMs === null ? null : ms > GAP_FACTOR * opts.intervalMs,
      withinRetention: !older.expired && !newer.expired
    });
  }
  return {
    asOf: opts.now.toISOString(),
    count: backups.length,
    newest: backups[0] ?? null,
    oldest: backups[backups.length - 1] ?? null,
    totalSizeBytes: backups.reduce((sum, b) => sum + (b.sizeBytes ?? 0), 0),
    intervalSeconds: opts.intervalMs === null ? null : Math.round(opts.intervalMs / 1e3),
    retentionSeconds: opts.retentionMs === null ? null : Math.round(opts.retentionMs / 1e3),
    backups,
    gaps,
    expired: backups.filter((b) => b.expired).map((b) => b.name)
  };
}
function missingPeriods(inventory) {
  return inventory.gaps.filter((g) => g.missing === true && g.withinRetention);
}
function cadenceCheck(inventory) {
  const { intervalSeconds, retentionSeconds } = inventory;
  const expiredNote = inventory.expired.length > 0 && retentionSeconds !== null ? `${inventory.expired.length} backup(s) older than ${durationAsWritten(retentionSeconds * 1e3)} are still stored` : null;
  const missing = missingPeriods(inventory);
  const details = {
    count: inventory.count,
    intervalSeconds,
    retentionSeconds,
    missing: missing.map((g) => ({ from: g.from, to: g.to, durationSeconds: g.durationSeconds })),
    expired: inventory.expired
  };
  if (intervalSeconds === null) {
    return expiredNote ? check(
      "backup.cadence",
      "warn",
      `${expiredNote} (backup-retention); gaps not judged: no backup-interval set`,
      details
    ) : check("backup.cadence", "skip", "no backup-interval set: the gaps between backups are not judged", details);
  }
  const interval = durationAsWritten(intervalSeconds * 1e3);
  if (missing.length > 0) {
    const periods = missing.map((g) => `no backup between ${minuteUtc(g.from)} and ${minuteUtc(g.to)}`);
    const shown = periods.slice(0, 3).join("; ") + (periods.length > 3 ? `; and ${periods.length - 3} more` : "");
    return check(
      "backup.cadence",
      "fail",
      `${shown} (UTC; longer than ${GAP_FACTOR} \xD7 backup-interval ${interval})${expiredNote ? `; ${expiredNote}` : ""}`,
      details
    );
  }
  const judged = inventory.gaps.filter((g) => g.withinRetention).length;
  const longest = Math.max(0, ...inventory.gaps.filter((g) => g.withinRetention).map((g) => g.durationSeconds));
  const base = judged === 0 ? `${inventory.count} backup(s): no gap to judge against backup-interval ${interval}` : `${judged} gap(s) between ${inventory.count} backups, the longest ${durationAsWritten(longest * 1e3)}, none longer than ${GAP_FACTOR} \xD7 backup-interval ${interval}`;
  return expiredNote ? check("backup.cadence", "warn", `${base}; ${expiredNote} (backup-retention)`, details) : check("backup.cadence", "ok", base, details);
}

// src/report/markdown-backup.ts
function checksumWords(report) {
  const b = report.backup;
  const failed = report.checks.find((c) => c.id === "backup.checksum")?.status === "fail" ? " \u274C" : "";
  const status = b.checksumStatus ?? (b.checksumVerified === true ? "verified" : "not-verified");
  if (status === "verified") return `verified (${b.checksumSource ?? "given"}) \u2705`;
  if (status === "mismatch")
    return `does NOT match the ${b.checksumSource === "input" ? "backup-checksum input" : "sidecar"} \u274C`;
  switch (b.checksumUnverifiedReason) {
    case "no-sidecar":
      return `not verified (no sidecar${failed ? "; backup-checksum: required" : ""})${failed}`;
    case "off":
      return "not verified (backup-checksum: off)";
    case "sidecar-unreadable":
      return `not verified (the sidecar holds no checksum line)${failed}`;
    default:
      return `not verified${failed}`;
  }
}
function renderBackup(report) {
  const b = report.backup;
  if (b.id === null) {
    return `## Backup

No backup was found in ${code(b.source)}.
`;
  }
  const checksum = b.sha256 === null ? "\u2014" : `${code(b.sha256.slice(0, 12))}\u2026 ${checksumWords(report)}`;
  const created = b.createdAt === null ? "\u2014" : `${b.createdAt}${b.createdAtSource ? ` (${b.createdAtSource})` : ""}`;
  const age = versusTarget(
    b.ageSeconds === null ? null : b.ageSeconds * 1e3,
    b.rpoTargetSeconds === null ? null : b.rpoTargetSeconds * 1e3,
    b.rpoMet,
    "RPO"
  );
  const versions = [
    b.pgDumpVersion !== null ? `pg_dump ${b.pgDumpVersion}` : null,
    b.serverVersion !== null ? `server ${b.serverVersion}` : null,
    b.archiveVersion !== null ? `archive ${b.archiveVersion}` : null,
    b.tocEntries !== null ? `${b.tocEntries} TOC entries` : null
  ].filter((v) => v !== null);
  const rows = [
    ["id", codeCell(b.id)],
    ["source", codeCell(b.source)],
    ["format", cell(b.wrapping.length > 0 ? `${b.format ?? "?"} inside ${b.wrapping.join(" \u2192 ")}` : b.format)],
    ["size", cell(b.sizeBytes === null ? null : formatBytes2(b.sizeBytes))],
    ["sha256", markdownCell(checksum)],
    ["created at", cell(created)],
    ["age", cell(age)],
    ...b.selection && b.selection.mode !== "newest" ? [
      ["selected", cell(b.selection.reason)],
      [
        "newest backup",
        cell(
          `${b.selection.newestId ?? "\u2014"}${b.selection.newestAgeSeconds !== null ? `, ${formatDuration2(b.selection.newestAgeSeconds * 1e3)} old (backup.age judges the RPO on it)` : ""}`
        )
      ]
    ] : [],
    ["versions", cell(versions.join(", "))]
  ];
  return `## Backup

${keyValueTable(rows)}`;
}
function renderCandidates(report) {
  const { candidates } = report.backup;
  if (candidates.length === 0) return "";
  const rows = candidates.map((c) => [
    codeCell(c.name),
    cell(c.verdict),
    cell(c.reason),
    cell(c.createdAt),
    cell(c.sizeBytes === null ? null : formatBytes2(c.sizeBytes))
  ]);
  const others = candidates.filter((c) => !isBackup(c)).length;
  const count2 = `${backupCount(candidates)}${others > 0 ? `; ${others} other entr${others === 1 ? "y" : "ies"}` : ""}`;
  return `<details><summary>Backup candidates (${count2})</summary>

${table(
    ["name", "verdict", "why", "created at", "size"],
    rows
  )}
</details>
`;
}

// src/compare/rules.ts
var MIN_DURATION_RUNS = 3;
function median(values) {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}
var percent = formatPercent;
function count(n) {
  return n === null ? "unknown" : formatCount(n);
}
function seconds(ms) {
  return formatDuration(ms);
}
function runLabel(report) {
  return report.run.runId ? `run ${report.run.runId}` : `the drill of ${report.run.startedAt}`;
}
function dropOf(before, after) {
  if (before === null || after === null || before <= 0) return null;
  return (before - after) / before;
}
function restoreCompleted(report) {
  return report.database != null && report.checks.find((c) => c.id === "restore.completed")?.status !== "fail";
}
function sinceReported(reports, metric) {
  const at = reports.findIndex((r) => (r.regressions ?? []).some((g) => g.metric === metric));
  return at === -1 ? reports : reports.slice(0, at + 1);
}
function checkRegressions(current, previous) {
  const out = [];
  for (const before of previous.checks) {
    if (before.status !== "ok") continue;
    const now = current.checks.find((c) => c.id === before.id);
    if (!now || now.status !== "warn" && now.status !== "fail") continue;
    out.push({
      checkId: before.id,
      metric: "status",
      baseline: "ok",
      current: now.status,
      threshold: null,
      message: `${before.id} was ok in ${runLabel(previous)} and is ${now.status} now: ${now.summary}`
    });
  }
  return out;
}
function tableRegressions(current, previous, threshold) {
  const out = [];
  for (const before of previous.database?.criticalTables ?? []) {
    if (!before.present || before.rows === null) continue;
    const now = current.database?.criticalTables.find((t) => t.name === before.name);
    const rowsNow = now?.present ? now.rows : 0;
    const drop = dropOf(before.rows, rowsNow);
    if (drop === null || drop <= threshold) continue;
    out.push({
      checkId: "database.critical-tables",
      metric: `rows.${before.name}`,
      baseline: before.rows,
      current: rowsNow,
      threshold,
      message: `${before.name}: ${count(rowsNow)} rows, ${count(before.rows)} in ${runLabel(previous)} (${percent(drop)} fewer, more than the ${percent(threshold)} row-drop-threshold): data lost between backups`
    });
  }
  return out;
}
function cumulativeRegressions(current, completed, threshold, flagged) {
  const out = [];
  for (const now of current.database?.criticalTables ?? []) {
    const metric = `rows.${now.name}`;
    if (flagged.has(metric) || !now.present || now.rows === null) continue;
    const span = sinceReported(completed, metric);
    const oldest = span.at(-1);
    if (!oldest || span.length < 2) continue;
    const before = oldest.database?.criticalTables.find((t) => t.name === now.name);
    if (!before?.present || before.rows === null) continue;
    const drop = dropOf(before.rows, now.rows);
    if (drop === null || drop <= threshold) continue;
    out.push({
      checkId: "database.critical-tables",
      metric,
      baseline: before.rows,
      current: now.rows,
      threshold,
      message: `${now.name}: ${count(now.rows)} rows, ${count(before.rows)} in ${runLabel(oldest)} ${span.length} drills ago (${percent(drop)} fewer, more than the ${percent(threshold)} row-drop-threshold, though each drill lost less): a slow loss between backups`
    });
  }
  return out;
}
function migrationRegressions(current, previous, notes) {
  const before = previous.database;
  const now = current.database;
  if (!before || !now) return [];
  const out = [];
  if (before.ledgerSize !== null && now.ledgerSize !== null && now.ledgerSize < before.ledgerSize) {
    out.push({
      checkId: "database.migrations",
      metric: "ledgerSize",
      baseline: before.ledgerSize,
      current: now.ledgerSize,
      threshold: null,
      message: `the migration ledger has ${now.ledgerSize} migrations, ${before.ledgerSize} in ${runLabel(previous)}: the backup went back in time`
    });
  } else if (before.schemaVersion !== null && now.schemaVersion !== null && before.schemaVersion !== now.schemaVersion) {
    const added = now.ledgerSize !== null && before.ledgerSize !== null ? now.ledgerSize - before.ledgerSize : null;
    notes.push(
      `schema changed since ${runLabel(previous)}: ${before.schemaVersion} \u2192 ${now.schemaVersion}` + (added !== null && added > 0 ? ` (${added} more migration${added === 1 ? "" : "s"})` : "")
    );
  }
  return out;
}
function durationRegressions(current, baselines, config, notes) {
  const now = current.restore?.durationMs ?? null;
  if (now === null) {
    notes.push("no restore duration in this drill: the duration rule was not applied");
    return [];
  }
  const completed = baselines.slice(0, config.baselineWindow).filter(restoreCompleted);
  const span = sinceReported(completed, "restore.durationMs");
  const durations = span.map((r) => r.restore?.durationMs ?? null).filter((d) => d !== null);
  const mid = median(durations);
  if (mid === null || durations.length < MIN_DURATION_RUNS) {
    const since = span.length < completed.length ? ` since ${runLabel(span.at(-1))} reported a slower restore` : "";
    notes.push(
      `no verdict on the restore duration: ${durations.length} earlier run(s) with a completed restore${since}, ${MIN_DURATION_RUNS} needed`
    );
    return [];
  }
  if (mid <= 0 || (now - mid) / mid <= config.durationThreshold) return [];
  if (now - mid < config.durationMinDeltaMs) {
    notes.push(
      `the restore took ${seconds(now)}, ${percent((now - mid) / mid)} above the median ${seconds(mid)} but less than duration-min-delta (${seconds(config.durationMinDeltaMs)}) slower: not a regression`
    );
    return [];
  }
  return [
    {
      checkId: "restore.duration",
      metric: "restore.durationMs",
      baseline: mid,
      current: now,
      threshold: config.durationThreshold,
      message: `the restore took ${seconds(now)}, ${percent((now - mid) / mid)} above the median ${seconds(mid)} of the last ${durations.length} runs (duration-threshold ${percent(config.durationThreshold)})`
    }
  ];
}
function sizeRegressions(current, previous, threshold) {
  const before = previous.backup.sizeBytes;
  const now = current.backup.sizeBytes;
  const drop = dropOf(before, now);
  if (drop === null || drop <= threshold) return [];
  return [
    {
      checkId: "backup.archive",
      metric: "backup.sizeBytes",
      baseline: before,
      current: now,
      threshold,
      message: `the backup is ${formatBytes(now)}, ${formatBytes(before)} in ${runLabel(previous)} (${percent(drop)} smaller, more than the ${percent(threshold)} row-drop-threshold)`
    }
  ];
}
function findRegressions(current, baselineReports, config) {
  const notes = [];
  const window = baselineReports.slice(0, config.baselineWindow);
  const completed = window.filter(restoreCompleted);
  const reference = completed[0] ?? window[0];
  if (!reference) return { regressions: [], notes: ["no earlier drill to compare with"] };
  if (!current.database) notes.push("this drill has no database figures: the row and migration rules were not applied");
  else if (completed.length === 0)
    notes.push("no earlier drill with a completed restore: rows and migrations were not compared");
  else if (reference !== window[0])
    notes.push(
      `rows, migrations and size compared with ${runLabel(reference)}, the newest drill whose restore completed`
    );
  const tables = current.database ? tableRegressions(current, reference, config.rowDropThreshold) : [];
  const flagged = new Set(tables.map((r) => r.metric));
  const regressions = [
    ...checkRegressions(current, reference),
    ...tables,
    ...current.database ? cumulativeRegressions(current, completed, config.rowDropThreshold, flagged) : [],
    ...migrationRegressions(current, reference, notes),
    ...durationRegressions(current, window, config, notes),
    ...sizeRegressions(current, reference, config.rowDropThreshold)
  ];
  return { regressions, notes };
}

// src/compare/metric-rows.ts
var UNKNOWN = "\u2014";
function formatValue(metric, value2) {
  if (value2 === null || value2 === void 0) return UNKNOWN;
  if (typeof value2 === "string") return metric === "schemaVersion" ? markdownCode(value2) : markdownText(value2);
  if (metric === "restore.durationMs") return formatDuration(value2);
  if (metric === "backup.sizeBytes") return formatBytes(value2);
  return formatCount(value2);
}
function change(metric, baseline, current) {
  if (typeof baseline === "number" && typeof current === "number") {
    if (baseline === 0) return current === 0 ? "0%" : "new";
    const fraction = (current - baseline) / baseline;
    return `${fraction > 0 ? "+" : ""}${percent(fraction)}`;
  }
  if (baseline === null || current === null) return UNKNOWN;
  if (baseline === current) return "unchanged";
  return metric === "schemaVersion" ? "changed" : `${markdownText(String(baseline))} \u2192 ${markdownText(String(current))}`;
}
function metricName(r) {
  if (r.metric === "status") return `${markdownCode(r.checkId)} status`;
  if (r.metric === "restore.durationMs") return "restore duration";
  if (r.metric === "backup.sizeBytes") return "backup size";
  if (r.metric === "ledgerSize") return "migrations in the ledger";
  if (r.metric === "schemaVersion") return "schema version";
  if (r.metric === "totalCriticalRows") return "total critical rows";
  if (r.metric.startsWith("rows.")) return `rows in ${markdownCode(r.metric.slice("rows.".length))}`;
  return markdownText(r.metric);
}
function regressionRow(r) {
  return {
    metric: `**${metricName(r)}** (regression)`,
    baseline: formatValue(r.metric, r.baseline) + (r.metric === "restore.durationMs" ? " (median)" : ""),
    now: formatValue(r.metric, r.current),
    change: change(r.metric, r.baseline, r.current)
  };
}
function figureRow(metric, baseline, current, baselineNote = "") {
  return {
    metric: metricName({ checkId: "", metric }),
    baseline: formatValue(metric, baseline) + (baseline === null ? "" : baselineNote),
    now: formatValue(metric, current),
    change: change(metric, baseline, current)
  };
}
function changedTableRows(report, newest, skip) {
  const before = newest.criticalTableRows;
  const tables = report.database?.criticalTables ?? null;
  if (before === null || tables === null) return [];
  const rows = [];
  const seen = /* @__PURE__ */ new Set();
  for (const t of tables) {
    seen.add(t.name);
    const metric = `rows.${t.name}`;
    const was = before[t.name] ?? null;
    if (skip.has(metric)) continue;
    if (!t.present) {
      if (was !== null) rows.push({ ...figureRow(metric, was, null), now: "missing", change: "table missing" });
      continue;
    }
    if (t.rows === null || t.rows === was) continue;
    rows.push(was === null ? { ...figureRow(metric, null, t.rows), change: "new" } : figureRow(metric, was, t.rows));
  }
  for (const [name, was] of Object.entries(before)) {
    if (seen.has(name) || skip.has(`rows.${name}`)) continue;
    rows.push({ ...figureRow(`rows.${name}`, was, null), now: "missing", change: "table missing" });
  }
  return rows;
}
function referenceRun(runs) {
  return runs.find((r) => r.criticalTableRows !== null) ?? runs[0];
}
function metricRows(report, runs) {
  const rows = report.regressions.map(regressionRow);
  const regressed = new Set(report.regressions.map((r) => r.metric));
  const newest = referenceRun(runs);
  if (!newest) return rows;
  const db = report.database;
  const standing = [
    ["backup.sizeBytes", newest.backupSizeBytes, report.backup.sizeBytes],
    ["ledgerSize", newest.ledgerSize, db?.ledgerSize ?? null],
    ["schemaVersion", newest.schemaVersion, db?.schemaVersion ?? null]
  ];
  const durations = runs.map((r) => r.restoreDurationMs).filter((d) => d !== null);
  standing.push([
    "restore.durationMs",
    median(durations),
    report.restore?.durationMs ?? null,
    ` (median of ${durations.length})`
  ]);
  standing.push(["totalCriticalRows", newest.totalCriticalRows, db?.totalCriticalRows ?? null]);
  for (const [metric, baseline, current, note] of standing) {
    if (!regressed.has(metric)) rows.push(figureRow(metric, baseline, current, note));
  }
  rows.push(...changedTableRows(report, newest, regressed));
  return rows;
}

// src/report/markdown-charts.ts
var FIGURE_COLOUR = "#1f77b4";
var LOSS_COLOUR = "#d62728";
function axisTop(max) {
  if (!(max > 0)) return 1;
  const magnitude = 10 ** Math.floor(Math.log10(max));
  for (const step of [1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10]) {
    const top = Number((step * magnitude).toPrecision(12));
    if (top >= max) return top;
  }
  return max;
}
function quoted(text2) {
  return `"${oneLine(text2).replace(/["`]/g, "")}"`;
}
function chart(title, axis, colour, points) {
  const known = points.filter((p) => p.value !== null);
  if (known.length < 2) return "";
  const values = known.map((p) => p.value);
  return [
    "```mermaid",
    `%%{init: {"themeVariables": {"xyChart": {"plotColorPalette": "${colour}"}}}}%%`,
    "xychart-beta",
    `  title ${quoted(title)}`,
    `  x-axis [${known.map((p) => quoted(p.label)).join(", ")}]`,
    `  y-axis ${quoted(axis)} 0 --> ${axisTop(Math.max(...values))}`,
    `  line [${values.join(", ")}]`,
    "```"
  ].join("\n");
}
function chartLabel(run) {
  return run.runId ? `#${run.runId}` : run.startedAt.slice(5, 16).replace("T", " ");
}
var seconds2 = (ms) => ms == null ? null : Math.round(ms / 100) / 10;
function tableRows(run, table2) {
  return run.criticalTableRows === null ? null : run.criticalTableRows[table2] ?? 0;
}
function tableRowsNow(report, table2) {
  const tables = report.database?.criticalTables;
  if (!tables) return null;
  const now = tables.find((t) => t.name === table2);
  return now?.present ? now.rows : 0;
}
function droppedTables(report) {
  const names = report.regressions.filter((r) => r.metric.startsWith("rows.")).map((r) => r.metric.slice(5));
  return [...new Set(names)];
}
function comparisonCharts(report, runs) {
  const oldestFirst = [...runs].reverse();
  const series = (value2, now) => [
    ...oldestFirst.map((r) => ({ label: chartLabel(r), value: value2(r) })),
    { label: "this drill", value: now }
  ];
  const out = [
    chart(
      "Restore duration",
      "seconds",
      FIGURE_COLOUR,
      series((r) => seconds2(r.restoreDurationMs), seconds2(report.restore?.durationMs))
    ),
    chart(
      "Total critical rows",
      "rows",
      FIGURE_COLOUR,
      series((r) => r.totalCriticalRows, report.database?.totalCriticalRows ?? null)
    )
  ];
  for (const table2 of droppedTables(report)) {
    out.push(
      chart(
        `Rows in ${table2} (dropped)`,
        "rows",
        LOSS_COLOUR,
        series((r) => tableRows(r, table2), tableRowsNow(report, table2))
      )
    );
  }
  return out.filter((c) => c !== "");
}

// src/report/markdown-compare.ts
function newestFirst(runs) {
  return [...runs].sort((a, b) => Date.parse(b.startedAt) - Date.parse(a.startedAt));
}
function runLine(run) {
  const name = run.runId ? `run ${markdownText(String(run.runId))}` : markdownText(run.source);
  const url = markdownLinkUrl(run.runUrl);
  const link = url ? `[${name}](${url})` : name;
  const figures2 = [
    markdownText(run.startedAt.replace("T", " ").replace(/\.\d+Z$|Z$/, " UTC")),
    markdownText(run.result),
    run.restoreDurationMs !== null ? `restore ${formatDuration(run.restoreDurationMs)}` : null,
    run.totalCriticalRows !== null ? `${formatCount(run.totalCriticalRows)} critical rows` : null
  ].filter((f) => f !== null);
  return `- ${link}: ${figures2.join(", ")}`;
}
function renderComparison(report) {
  const baseline = report.baseline;
  if (baseline === null) return "";
  const runs = newestFirst(baseline.runs);
  const out = ["## Compared with earlier drills", ""];
  const from = baseline.kind === "auto" ? markdownText(baseline.source) : markdownCode(baseline.source);
  if (runs.length === 0) {
    out.push(`No earlier drill to compare with (baseline: ${from}).`, "");
  } else {
    const verdict = report.regressions.length === 0 ? "No regression." : `**${report.regressions.length} regression${report.regressions.length === 1 ? "" : "s"}.**`;
    out.push(`${verdict} Baseline: ${from}, ${runs.length} earlier run${runs.length === 1 ? "" : "s"}:`, "");
    out.push(...runs.map(runLine), "");
    const reference = referenceRun(runs);
    out.push(
      `Baseline figures are those of the previous drill whose restore completed (${markdownText(reference.runId ? `run ${reference.runId}` : reference.startedAt)}), whatever its verdict; the restore duration is the median of the earlier runs, and rows are also set against the oldest of them (a slow loss).`,
      ""
    );
    out.push("| metric | baseline | now | change |", "| --- | --- | --- | --- |");
    for (const row of metricRows(report, runs)) {
      out.push(
        `| ${markdownCell(row.metric)} | ${markdownCell(row.baseline)} | ${markdownCell(row.now)} | ${markdownCell(row.change)} |`
      );
    }
    out.push("");
    if (report.regressions.length > 0) {
      out.push(...report.regressions.map((r) => `- ${markdownText(r.message)}`), "");
    }
    for (const c of comparisonCharts(report, runs)) out.push(c, "");
  }
  if (baseline.notes.length > 0) {
    out.push("<details><summary>Notes on the comparison</summary>", "");
    out.push(...baseline.notes.map((n) => `- ${markdownText(n)}`), "", "</details>", "");
  }
  return out.join("\n");
}

// src/report/markdown-inventory.ts
var MAX_SLOTS = 42;
var DAY_MS = 864e5;
function timeline(inventory) {
  if (inventory.count === 0 || inventory.oldest === null) return "";
  const slotMs = inventory.intervalSeconds === null ? DAY_MS : inventory.intervalSeconds * 1e3;
  const end = Date.parse(inventory.asOf);
  const span = end - Date.parse(inventory.oldest.createdAt);
  const slots = Math.max(1, Math.min(MAX_SLOTS, Math.floor(span / slotMs) + 1));
  const start = end - slots * slotMs;
  const marks = Array.from({ length: slots }, () => "\u2591");
  for (const b of inventory.backups) {
    const i = Math.floor((Date.parse(b.createdAt) - start) / slotMs);
    if (i >= 0 && i < slots) marks[i] = "\u2588";
  }
  const unit = inventory.intervalSeconds === null ? "day" : durationAsWritten(slotMs);
  return `\`\`\`
${marks.join("")}
${minuteUtc(new Date(start).toISOString())} \u2026 ${minuteUtc(inventory.asOf)} UTC, one mark per ${unit}: \u2588 a backup, \u2591 none
\`\`\`
`;
}
function renderInventory(inventory) {
  if (inventory === null) return "";
  if (inventory.count === 0) return "## Inventory\n\nNo backups at the source.\n";
  const { newest, oldest } = inventory;
  const age = (s) => s === void 0 ? "\u2014" : `${formatDuration2(s * 1e3)} old`;
  const rows = [
    ["backups", cell(`${inventory.count} (${formatBytes2(inventory.totalSizeBytes)} in all)`)],
    [
      "newest",
      markdownCell(newest ? `${code(newest.name)} ${inline(newest.createdAt)} (${age(newest.ageSeconds)})` : null)
    ],
    [
      "oldest",
      markdownCell(oldest ? `${code(oldest.name)} ${inline(oldest.createdAt)} (${age(oldest.ageSeconds)})` : null)
    ],
    [
      "backup-interval",
      cell(inventory.intervalSeconds === null ? "not set" : durationAsWritten(inventory.intervalSeconds * 1e3))
    ],
    [
      "backup-retention",
      cell(inventory.retentionSeconds === null ? "not set" : durationAsWritten(inventory.retentionSeconds * 1e3))
    ]
  ];
  const missing = missingPeriods(inventory);
  const lines = [];
  if (missing.length > 0) {
    const periods = missing.map(
      (g) => `no backup between ${minuteUtc(g.from)} and ${minuteUtc(g.to)} (${formatDuration2(g.durationSeconds * 1e3)})`
    );
    lines.push(`**Missing backups** (gaps longer than ${GAP_FACTOR} \xD7 backup-interval, UTC): ${listSome(periods, 5)}.`);
  }
  if (inventory.expired.length > 0 && inventory.retentionSeconds !== null) {
    lines.push(
      `**${inventory.expired.length} backup(s) older than ${durationAsWritten(inventory.retentionSeconds * 1e3)} are still stored**: ${listSome(
        inventory.expired.map((n) => code(n)),
        5
      )}.`
    );
  }
  const longest = inventory.gaps.reduce((m, g) => Math.max(m, g.durationSeconds), 0);
  if (inventory.gaps.length > 0)
    lines.push(`Longest gap between consecutive backups: ${formatDuration2(longest * 1e3)}.`);
  return `## Inventory

${timeline(inventory)}
${keyValueTable(rows)}
${lines.join("\n\n")}
`;
}
function renderInventoryList(inventory) {
  if (inventory.backups.length === 0) return "";
  const rows = inventory.backups.map((b) => [
    codeCell(b.name),
    cell(b.createdAt),
    cell(`${formatDuration2(b.ageSeconds * 1e3)} old`),
    cell(b.sizeBytes === null ? null : formatBytes2(b.sizeBytes)),
    b.expired ? "older than backup-retention" : ""
  ]);
  return `### Backups (${inventory.backups.length}, newest first)

${table(["name", "created at", "age", "size", "note"], rows)}
`;
}

// src/report/markdown-migration.ts
var SHOWN = 20;
function maxLockMs(report) {
  const details = report.checks.find((c) => c.id === "migration.locks")?.details;
  return typeof details?.maxLockMs === "number" ? details.maxLockMs : null;
}
function some(items, render) {
  const more = items.length > SHOWN ? `
\u2026and ${items.length - SHOWN} more in report.json.
` : "";
  return render(items.slice(0, SHOWN)) + more;
}
function locksPart(m, max) {
  const { intervalMs, resolutionMs } = m.lockSampling;
  const how = `Sampled every ${formatDuration2(intervalMs)}; each time is right to within \xB1${formatDuration2(resolutionMs ?? intervalMs)} (the longest gap between two samples).`;
  if (m.locks.length === 0) return `**No lock blocked PickDriver's reads or writes.** ${how}
`;
  const rows = m.locks.map((l) => [
    max === null ? "" : l.heldMs > max ? STATUS_MARK.fail : STATUS_MARK.ok,
    codeCell(l.table),
    cell(l.mode),
    `**${cell(formatDuration2(l.heldMs))}**`,
    cell(l.blocks)
  ]);
  const limit = max === null ? "" : ` (migration-max-lock ${formatDuration2(max)})`;
  return `**Locks that would block PickDriver**${limit}: how long its queries of each table would have waited.

${some(
    rows,
    (shown) => table(["", "table", "mode", "held", "blocks"], shown)
  )}
${how}
`;
}
function figures(m) {
  const exit = m.timedOut ? "stopped at restore-timeout" : m.signal !== null ? `killed by ${m.signal}` : m.exitCode === null ? "\u2014" : `exit ${m.exitCode}`;
  const size = m.databaseSizeBefore === null || m.databaseSizeAfter === null ? "\u2014" : `${formatBytes2(m.databaseSizeBefore)} \u2192 ${formatBytes2(m.databaseSizeAfter)}`;
  return keyValueTable([
    ["command", codeCell(m.command)],
    ["duration", cell(`${formatDuration2(m.durationMs)} (${exit})`)],
    ["WAL written", cell(m.walBytes === null ? null : formatBytes2(m.walBytes))],
    ["database size", cell(size)]
  ]);
}
function rewritesPart(m) {
  if (m.rewrites.length === 0) return "";
  const rows = m.rewrites.map((r) => [
    codeCell(r.table),
    r.index === null ? "the table and its indexes" : codeCell(r.index),
    cell(`${formatBytes2(r.sizeBefore)} \u2192 ${formatBytes2(r.sizeAfter)}`)
  ]);
  return `**Rewritten** (every row written again while the table is locked):

${some(rows, (s) => table(["table", "what", "size"], s))}`;
}
function indexesPart(m) {
  if (m.indexes.length === 0) return "";
  const rows = m.indexes.map((i) => [
    codeCell(i.index),
    codeCell(i.table),
    i.concurrently === null ? "?" : i.concurrently ? "yes" : "**no**: writes blocked while it was built",
    i.valid ? "yes" : "**INVALID**",
    cell(formatBytes2(i.sizeBytes))
  ]);
  return `**New indexes**:

${some(rows, (s) => table(["index", "table", "concurrently", "valid", "size"], s))}`;
}
function rowsPart(m) {
  if (m.rowChanges.length === 0) return "";
  const n = (v) => v === null ? "\u2014" : formatCount(v);
  const rows = m.rowChanges.map((r) => [
    codeCell(r.table),
    n(r.before),
    r.after !== null && r.before !== null && r.after < r.before ? `**${n(r.after)}**` : n(r.after),
    n(r.inserted),
    n(r.updated),
    n(r.deleted)
  ]);
  return `**Rows** (exact counts; inserted/updated/deleted include rolled-back work):

${some(
    rows,
    (s) => table(["table", "before", "after", "inserted", "updated", "deleted"], s)
  )}`;
}
function schemaPart(m) {
  if (m.schemaChanges.length === 0) return "";
  const rows = m.schemaChanges.map((c) => [cell(c.kind), cell(c.change), codeCell(c.name), cell(c.detail)]);
  return `<details><summary>Schema changes (${m.schemaChanges.length})</summary>

${some(
    rows,
    (s) => table(["kind", "change", "name", "detail"], s)
  )}
</details>
`;
}
function statementsPart(m) {
  if (m.statements.length === 0) return "";
  const from = m.statementsSource === "pg_stat_statements" ? "from pg_stat_statements" : "from samples of pg_stat_activity: statements shorter than a sample interval may be missing";
  const rows = m.statements.map((s) => [
    cell(formatDuration2(s.durationMs)),
    cell(s.calls),
    codeCell(s.query.length > 200 ? `${s.query.slice(0, 200)}\u2026` : s.query)
  ]);
  return `<details><summary>Slowest statements (${from}; literals removed)</summary>

${table(["time", "calls", "statement"], rows)}
</details>
`;
}
function renderMigration(report) {
  const m = report.migration;
  if (m === null) return "";
  const problems = m.errors.length === 0 ? "" : `
> [!WARNING]
> Not everything could be measured: ${inline(m.errors.join("; "))}
`;
  const parts = [
    locksPart(m, maxLockMs(report)),
    figures(m),
    rewritesPart(m),
    indexesPart(m),
    rowsPart(m),
    schemaPart(m),
    statementsPart(m)
  ].filter((p) => p !== "");
  return `## Migration

${parts.join("\n")}${problems}`;
}

// src/report/markdown.ts
function renderMarkdown(report) {
  const migrationFirst = report.run.trigger === "pull_request" || report.run.trigger === "pull_request_target";
  const sections = [
    renderHeader(report),
    migrationFirst ? renderMigration(report) : "",
    renderBackup(report),
    renderRestore(report),
    migrationFirst ? "" : renderMigration(report),
    renderChecks(report),
    renderCriticalTables(report),
    renderApiSection(report),
    renderComparison(report),
    renderInventory(report.inventory),
    renderCandidates(report),
    renderTimings(report)
  ];
  return `${sections.map((s) => s.trim()).filter((s) => s !== "").join("\n\n")}
`;
}
function verdictLine(report) {
  return `${RESULT_MARK[report.result]} **${report.result}** \u2014 ${inline(why(report))}`;
}
function regressionList(report) {
  if (report.result !== "regressed" || report.regressions.length === 0) return "";
  const shown = report.regressions.slice(0, 5).map((r) => `- ${inline(r.message)}`);
  const more = report.regressions.length - shown.length;
  return `

${shown.join("\n")}${more > 0 ? `
- and ${more} more (see the comparison below)` : ""}`;
}
function why(report) {
  const ids = (status) => report.checks.filter((c) => c.status === status).map((c) => c.id);
  switch (report.result) {
    case "failed": {
      const failed = ids("fail");
      return `${plural(failed.length, "check")} failed: ${listSome(failed)}`;
    }
    case "regressed":
      return `${plural(report.regressions.length, "regression")} against earlier drills:`;
    case "warned": {
      const warned = ids("warn");
      return `${plural(warned.length, "check")} warned: ${listSome(warned)}`;
    }
    case "passed": {
      const ok = ids("ok").length;
      const skipped = ids("skip").length;
      return `${plural(ok, "check")} passed${skipped > 0 ? `, ${skipped} skipped` : ""}`;
    }
  }
}
function renderHeader(report) {
  const { run } = report;
  const facts = [report.drillName === null ? "PickDriver backup drill" : `drill ${code(report.drillName)}`];
  if (run.runUrl !== null) facts.push(`[workflow run](${run.runUrl})`);
  facts.push(`trigger ${code(run.trigger)}`);
  if (run.repository !== null)
    facts.push(inline(run.repository) + (run.sha !== null ? `@${code(run.sha.slice(0, 7))}` : ""));
  if (run.ref !== null) facts.push(code(run.ref));
  facts.push(`started ${run.startedAt}`);
  facts.push(`fail-on ${code(report.failOn)}`);
  facts.push(`${report.tool.name} ${report.tool.version}`);
  const risk = report.restore?.role?.risk;
  const riskLine = risk ? `

> [!WARNING]
> ${inline(risk)}` : "";
  const title = report.drillName === null ? "" : `### PickDriver backup drill ${code(report.drillName)}

`;
  return `${title}${verdictLine(report)}${regressionList(report)}

<sub>${facts.join(" \xB7 ")}</sub>${riskLine}
`;
}
function versionsLine(report) {
  const b = report.backup;
  const r = report.restore;
  if (!r || !r.server && !r.client) return null;
  const dump = b?.pgDumpVersion ? `pg_dump ${b.pgDumpVersion}${b.serverVersion ? ` (of PostgreSQL ${b.serverVersion})` : ""}` : "the backup";
  const server = r.server ? `PostgreSQL ${r.server.version}` : "the server";
  const client = r.client ? ` with ${r.tool ?? "client"} ${r.client.version} (${r.client.reason})` : " (no client chosen)";
  return `${dump} \u2192 ${server}${client}`;
}
function renderRestore(report) {
  const r = report.restore;
  if (r === null) return "## Restore\n\nThe restore did not run.\n";
  const rows = [
    [
      "database",
      markdownCell(`${code(r.database)}${r.databaseOrigin !== null ? ` (${inline(r.databaseOrigin)})` : ""}`)
    ],
    [
      "role",
      markdownCell(
        r.role === null ? null : `${code(r.role.name)} (${r.role.mode === "drill" ? "the drill's own" : "database-url role \u26A0\uFE0F"})`
      )
    ],
    [
      "duration",
      cell(versusTarget(r.durationMs, r.rtoTargetSeconds === null ? null : r.rtoTargetSeconds * 1e3, r.rtoMet, "RTO"))
    ],
    ["jobs", cell(r.jobs)],
    [
      "tool",
      cell(
        [r.tool, r.toolVersion].filter((v) => v !== null).join(" ") + (r.client?.route === "settings-ignored" ? " (its SET transaction_timeout, unknown to the server, ignored)" : "")
      )
    ],
    ["versions", cell(versionsLine(report))],
    ["warnings", cell(r.warnings.length)],
    ["errors", cell(r.errors.length)]
  ];
  const messages = [...r.errors.map((e) => `error: ${e}`), ...r.warnings.map((w) => `warning: ${w}`)];
  const detail = messages.length === 0 ? "" : `
<details><summary>Messages of the restore tool (${messages.length})</summary>

${fencedText(messages.slice(0, 50))}
</details>
`;
  return `## Restore

${keyValueTable(rows)}${detail}`;
}
function renderChecks(report) {
  if (report.checks.length === 0) return "## Checks\n\nNo checks ran.\n";
  const rows = report.checks.map((c) => [
    // A check that passed its own test but lost data against earlier drills is marked by the loss, not ✅.
    c.regressions?.length ? c.status === "ok" ? "\u{1F4C9} regressed" : `${STATUS_MARK[c.status]} ${c.status} \u{1F4C9}` : `${STATUS_MARK[c.status]} ${c.status}`,
    codeCell(c.id),
    cell(
      c.regressions?.length && c.id !== "compare.baseline" ? `${c.summary} \u{1F4C9} regression: ${c.regressions.map((r) => r.message).join("; ")}` : c.summary
    ),
    cell(formatDuration2(c.durationMs))
  ]);
  return `## Checks

${table(["status", "check", "summary", "duration"], rows)}`;
}
function renderCriticalTables(report) {
  const db = report.database;
  if (db === null) return "";
  const facts = [
    `schema version ${db.schemaVersion === null ? "\u2014" : code(db.schemaVersion)}`,
    `${db.ledgerSize ?? "\u2014"} migrations applied`,
    db.lastMigration !== null ? `last ${code(db.lastMigration.name)} (batch ${db.lastMigration.batch})` : null
  ].filter((f) => f !== null);
  const lost = new Map(
    report.regressions.filter((r) => r.metric.startsWith("rows.")).map((r) => [r.metric.slice("rows.".length), r])
  );
  const rowsCell = (t) => {
    if (t.rows === null) return cell(null);
    const r = lost.get(t.name);
    const before = typeof r?.baseline === "number" ? ` (${formatCount(r.baseline)} before)` : "";
    return cell(`${formatCount(t.rows)}${r ? ` \u{1F4C9}${before}` : ""}`);
  };
  const rows = db.criticalTables.map((t) => [codeCell(t.name), t.present ? "\u2705" : "\u274C missing", rowsCell(t)]);
  const total = db.totalCriticalRows === null ? "" : `
Total rows in critical tables: ${formatCount(db.totalCriticalRows)}.
`;
  const behind = db.sequencesBehind.length === 0 ? "" : `
Sequences behind their column: ${db.sequencesBehind.map(
    (s) => `${code(`${s.table}.${s.column}`)} (${inline(String(s.lastValue))} \\< ${inline(String(s.maxValue))})`
  ).join(", ")}.
`;
  const body = rows.length > 0 ? table(["table", "present", "rows"], rows) : "No critical tables were inspected.\n";
  return `## Database

${facts.join(" \xB7 ")}

${body}${total}${behind}`;
}
function renderTimings(report) {
  const entries = Object.entries(report.timings);
  if (entries.length === 0) return "";
  const rows = entries.map(([phase, ms]) => [cell(phase), cell(formatDuration2(ms))]);
  const { startedAt, finishedAt } = report.run;
  const total = finishedAt !== null ? Date.parse(finishedAt) - Date.parse(startedAt) : entries.reduce((sum, [, ms]) => sum + ms, 0);
  rows.push(["**whole drill**", `**${formatDuration2(total)}**`]);
  const span = finishedAt !== null ? `
From ${startedAt} to ${finishedAt}.
` : "";
  return `<details><summary>Timings</summary>

${table(["phase", "duration"], rows)}${span}
</details>
`;
}

// src/report/prometheus.ts
var RESULTS = ["passed", "warned", "regressed", "failed"];
var STATUSES = ["ok", "warn", "fail", "skip"];
var PREFIX = "pickdriver_vault";
function escapeLabel(value2) {
  return value2.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\n/g, "\\n");
}
function renderFamily(name, help, samples, common) {
  const full = `${PREFIX}_${name}`;
  const lines = [`# HELP ${full} ${help}`, `# TYPE ${full} gauge`];
  for (const s of samples) {
    const labels = Object.entries({ ...common, ...s.labels }).map(([k, v]) => `${k}="${escapeLabel(v)}"`).join(",");
    lines.push(`${full}${labels ? `{${labels}}` : ""} ${Number.isFinite(s.value) ? s.value : "NaN"}`);
  }
  return lines.join("\n");
}
function renderPrometheus(report) {
  const common = report.drillName === null ? {} : { drill: report.drillName };
  const families = [];
  const family = (name, help, samples) => renderFamily(name, help, samples, common);
  families.push(
    family(
      "drill_result",
      "Result of the last backup-restore drill (1 for the result it had).",
      RESULTS.map((r) => ({ labels: { result: r }, value: report.result === r ? 1 : 0 }))
    )
  );
  const last = Date.parse(report.run.finishedAt ?? report.run.startedAt);
  families.push(
    family("last_run_timestamp_seconds", "When the last drill finished (Unix time).", [{ value: last / 1e3 }])
  );
  if (report.backup.ageSeconds !== null) {
    families.push(
      family("backup_age_seconds", "Age of the newest backup when the drill ran.", [
        { value: report.backup.ageSeconds }
      ])
    );
  }
  if (report.backup.sizeBytes !== null) {
    families.push(
      family("backup_size_bytes", "Size of the backup the drill restored.", [{ value: report.backup.sizeBytes }])
    );
  }
  if (report.restore?.durationMs != null) {
    families.push(
      family("restore_duration_seconds", "How long the restore took.", [{ value: report.restore.durationMs / 1e3 }])
    );
  }
  families.push(
    family(
      "checks",
      "Checks of the last drill by status.",
      STATUSES.map((s) => ({ labels: { status: s }, value: report.checks.filter((c) => c.status === s).length }))
    )
  );
  families.push(
    family("regressions", "Regressions against earlier drills found by the last drill.", [
      { value: report.regressions.length }
    ])
  );
  const present = (report.database?.criticalTables ?? []).filter((t) => t.rows !== null);
  if (present.length > 0) {
    families.push(
      family(
        "critical_rows",
        "Rows per critical table in the restored database.",
        present.map((t) => ({ labels: { table: t.name }, value: t.rows ?? 0 }))
      )
    );
  }
  return `${families.join("\n")}
`;
}

// src/report/write-report.ts
function redactDeep(value2, secrets) {
  if (typeof value2 === "string") return secrets.redact(value2);
  if (typeof value2 === "object" && value2 !== null && typeof value2.toJSON === "function") {
    return redactDeep(value2.toJSON(), secrets);
  }
  if (Array.isArray(value2)) return value2.map((v) => redactDeep(v, secrets));
  if (typeof value2 === "object" && value2 !== null) {
    return Object.fromEntries(Object.entries(value2).map(([k, v]) => [secrets.redact(k), redactDeep(v, secrets)]));
  }
  return value2;
}
function serializeReport(report, secrets) {
  return secrets.redact(`${JSON.stringify(redactDeep(report, secrets), null, 2)}
`);
}
async function writeReportFiles(report, config, secrets) {
  const dir = path.resolve(config.reportDir);
  await mkdir(dir, { recursive: true });
  secrets.add(config.reportSigningKey);
  const clean = redactDeep(report, secrets);
  const signaturePath = path.join(dir, SIGNATURE_FILE);
  await rm(signaturePath, { force: true });
  const manifest = [];
  const files = [];
  const write = async (target, bytes) => {
    await writeFileAtomically(target, bytes);
    const name = insideReportDir(dir, target);
    if (name !== null) {
      manifest.push({ name, sha256: sha256Of(bytes) });
      files.push(target);
    }
  };
  const jsonPath = path.join(dir, REPORT_JSON);
  await write(jsonPath, Buffer.from(serializeReport(clean, secrets), "utf8"));
  const markdownPath = path.join(dir, REPORT_MARKDOWN);
  await write(markdownPath, Buffer.from(secrets.redact(renderMarkdown(clean)), "utf8"));
  let prometheusPath = null;
  if (config.prometheusTextfile !== null) {
    prometheusPath = path.resolve(config.prometheusTextfile);
    await write(prometheusPath, Buffer.from(secrets.redact(renderPrometheus(clean)), "utf8"));
  }
  if (config.reportSigningKey === null) return { jsonPath, markdownPath, signaturePath: null, prometheusPath, files };
  await writeFileAtomically(signaturePath, signManifest(manifest, config.reportSigningKey));
  return { jsonPath, markdownPath, signaturePath, prometheusPath, files: [...files, signaturePath] };
}

// src/model/run-info.ts
function value(env, name) {
  const v = env[name]?.trim();
  return v ? v : null;
}
function runInfoFromEnv(env, startedAt) {
  const repository = value(env, "GITHUB_REPOSITORY");
  const runId = value(env, "GITHUB_RUN_ID");
  const serverUrl = value(env, "GITHUB_SERVER_URL");
  const attemptText = value(env, "GITHUB_RUN_ATTEMPT");
  const attempt = attemptText !== null && /^\d+$/.test(attemptText) ? Number(attemptText) : null;
  return {
    trigger: value(env, "GITHUB_EVENT_NAME") ?? "manual",
    repository,
    workflow: value(env, "GITHUB_WORKFLOW"),
    runId,
    runAttempt: attempt,
    ref: value(env, "GITHUB_REF"),
    sha: value(env, "GITHUB_SHA"),
    actor: value(env, "GITHUB_ACTOR"),
    serverUrl,
    runUrl: runUrl(serverUrl, repository, runId),
    startedAt: startedAt.toISOString(),
    finishedAt: null
  };
}
function runUrl(serverUrl, repository, runId) {
  if (serverUrl === null || repository === null || runId === null) return null;
  return `${serverUrl.replace(/\/+$/, "")}/${repository}/actions/runs/${runId}`;
}

// src/model/version.ts
var TOOL_VERSION = "0.1.0";

// src/source/glob.ts
var import_posix = __toESM(require_posix(), 1);
import { readdir } from "node:fs/promises";
import path2 from "node:path";
var OPTIONS = { dot: true };
function isGlob(text2) {
  return import_posix.default.scan(text2).isGlob;
}
var compiled = /* @__PURE__ */ new Map();
function matchesGlob(name, glob) {
  const matcher = compiled.get(glob) ?? (0, import_posix.default)(glob, OPTIONS);
  compiled.set(glob, matcher);
  return matcher(name);
}
var isDumpDirectory = (entries) => entries.includes("toc.dat");
async function expandGlob(glob, limit = 1e4) {
  const normalized = glob.split(path2.sep).join("/");
  const scanned = import_posix.default.scan(normalized);
  const base = scanned.base === "" ? "." : scanned.base;
  const rest = scanned.glob;
  const matcher = (0, import_posix.default)(rest, OPTIONS);
  const maxDepth = rest.includes("**") ? Number.POSITIVE_INFINITY : rest.split("/").length;
  const matches = [];
  async function walk(dir, rel, depth) {
    if (depth > maxDepth || matches.length >= limit) return;
    let entries;
    try {
      entries = await readdir(dir, { withFileTypes: true });
    } catch {
      return;
    }
    entries.sort((a, b) => a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
    for (const entry of entries) {
      if (matches.length >= limit) return;
      const relPath = rel ? `${rel}/${entry.name}` : entry.name;
      const full = path2.join(dir, entry.name);
      const isDirectory = entry.isDirectory();
      if (matcher(relPath)) matches.push({ path: full, isDirectory });
      if (isDirectory && depth < maxDepth) {
        const inside = await readdir(full).catch(() => []);
        if (!isDumpDirectory(inside)) await walk(full, relPath, depth + 1);
      }
    }
  }
  await walk(base, "", 1);
  return { base, matches };
}

export {
  RESULT_MARK,
  cell,
  code,
  codeCell,
  inline,
  table,
  formatDuration2 as formatDuration,
  listSome,
  plural,
  backupCount,
  durationAsWritten,
  buildInventory,
  cadenceCheck,
  runLabel,
  findRegressions,
  renderInventory,
  renderInventoryList,
  redactDeep,
  writeReportFiles,
  isGlob,
  matchesGlob,
  expandGlob,
  runInfoFromEnv,
  TOOL_VERSION
};
