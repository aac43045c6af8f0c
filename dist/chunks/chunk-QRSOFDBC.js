import { createRequire as __pdvCreateRequire } from 'node:module';
import { fileURLToPath as __pdvFileURLToPath } from 'node:url';
import { dirname as __pdvPathDirname } from 'node:path';
const require = __pdvCreateRequire(import.meta.url);
const __pdvFilename = __pdvFileURLToPath(import.meta.url);
const __pdvDirname = __pdvPathDirname(__pdvFilename);
import {
  writePrivateTempFile
} from "./chunk-OQY6ZNAY.js";
import {
  RESTRICTED_NAMES,
  check,
  createHttp,
  drillDatabaseProblem,
  external_exports,
  tokenPolicy,
  withoutPassword
} from "./chunk-NXPWUM7N.js";
import {
  formatBytes,
  formatDuration,
  roundMs,
  sanitizeName
} from "./chunk-MJDHOWPD.js";
import {
  __commonJS,
  __require,
  __toESM
} from "./chunk-TZ6PIJFA.js";

// node_modules/postgres-array/index.js
var require_postgres_array = __commonJS({
  "node_modules/postgres-array/index.js"(exports) {
    "use strict";
    exports.parse = function(source, transform) {
      return new ArrayParser(source, transform).parse();
    };
    var ArrayParser = class _ArrayParser {
      constructor(source, transform) {
        this.source = source;
        this.transform = transform || identity;
        this.position = 0;
        this.entries = [];
        this.recorded = [];
        this.dimension = 0;
      }
      isEof() {
        return this.position >= this.source.length;
      }
      nextCharacter() {
        var character = this.source[this.position++];
        if (character === "\\") {
          return {
            value: this.source[this.position++],
            escaped: true
          };
        }
        return {
          value: character,
          escaped: false
        };
      }
      record(character) {
        this.recorded.push(character);
      }
      newEntry(includeEmpty) {
        var entry;
        if (this.recorded.length > 0 || includeEmpty) {
          entry = this.recorded.join("");
          if (entry === "NULL" && !includeEmpty) {
            entry = null;
          }
          if (entry !== null) entry = this.transform(entry);
          this.entries.push(entry);
          this.recorded = [];
        }
      }
      consumeDimensions() {
        if (this.source[0] === "[") {
          while (!this.isEof()) {
            var char = this.nextCharacter();
            if (char.value === "=") break;
          }
        }
      }
      parse(nested) {
        var character, parser, quote2;
        this.consumeDimensions();
        while (!this.isEof()) {
          character = this.nextCharacter();
          if (character.value === "{" && !quote2) {
            this.dimension++;
            if (this.dimension > 1) {
              parser = new _ArrayParser(this.source.substr(this.position - 1), this.transform);
              this.entries.push(parser.parse(true));
              this.position += parser.position - 2;
            }
          } else if (character.value === "}" && !quote2) {
            this.dimension--;
            if (!this.dimension) {
              this.newEntry();
              if (nested) return this.entries;
            }
          } else if (character.value === '"' && !character.escaped) {
            if (quote2) this.newEntry(true);
            quote2 = !quote2;
          } else if (character.value === "," && !quote2) {
            this.newEntry();
          } else {
            this.record(character.value);
          }
        }
        if (this.dimension !== 0) {
          throw new Error("array dimension not balanced");
        }
        return this.entries;
      }
    };
    function identity(value) {
      return value;
    }
  }
});

// node_modules/pg-types/lib/arrayParser.js
var require_arrayParser = __commonJS({
  "node_modules/pg-types/lib/arrayParser.js"(exports, module) {
    var array = require_postgres_array();
    module.exports = {
      create: function(source, transform) {
        return {
          parse: function() {
            return array.parse(source, transform);
          }
        };
      }
    };
  }
});

// node_modules/postgres-date/index.js
var require_postgres_date = __commonJS({
  "node_modules/postgres-date/index.js"(exports, module) {
    "use strict";
    var DATE_TIME = /(\d{1,})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})(\.\d{1,})?.*?( BC)?$/;
    var DATE = /^(\d{1,})-(\d{2})-(\d{2})( BC)?$/;
    var TIME_ZONE = /([Z+-])(\d{2})?:?(\d{2})?:?(\d{2})?/;
    var INFINITY = /^-?infinity$/;
    module.exports = function parseDate(isoDate2) {
      if (INFINITY.test(isoDate2)) {
        return Number(isoDate2.replace("i", "I"));
      }
      var matches = DATE_TIME.exec(isoDate2);
      if (!matches) {
        return getDate(isoDate2) || null;
      }
      var isBC = !!matches[8];
      var year = parseInt(matches[1], 10);
      if (isBC) {
        year = bcYearToNegativeYear(year);
      }
      var month = parseInt(matches[2], 10) - 1;
      var day = matches[3];
      var hour = parseInt(matches[4], 10);
      var minute = parseInt(matches[5], 10);
      var second = parseInt(matches[6], 10);
      var ms2 = matches[7];
      ms2 = ms2 ? 1e3 * parseFloat(ms2) : 0;
      var date;
      var offset = timeZoneOffset(isoDate2);
      if (offset != null) {
        date = new Date(Date.UTC(year, month, day, hour, minute, second, ms2));
        if (is0To99(year)) {
          date.setUTCFullYear(year);
        }
        if (offset !== 0) {
          date.setTime(date.getTime() - offset);
        }
      } else {
        date = new Date(year, month, day, hour, minute, second, ms2);
        if (is0To99(year)) {
          date.setFullYear(year);
        }
      }
      return date;
    };
    function getDate(isoDate2) {
      var matches = DATE.exec(isoDate2);
      if (!matches) {
        return;
      }
      var year = parseInt(matches[1], 10);
      var isBC = !!matches[4];
      if (isBC) {
        year = bcYearToNegativeYear(year);
      }
      var month = parseInt(matches[2], 10) - 1;
      var day = matches[3];
      var date = new Date(year, month, day);
      if (is0To99(year)) {
        date.setFullYear(year);
      }
      return date;
    }
    function timeZoneOffset(isoDate2) {
      if (isoDate2.endsWith("+00")) {
        return 0;
      }
      var zone = TIME_ZONE.exec(isoDate2.split(" ")[1]);
      if (!zone) return;
      var type = zone[1];
      if (type === "Z") {
        return 0;
      }
      var sign = type === "-" ? -1 : 1;
      var offset = parseInt(zone[2], 10) * 3600 + parseInt(zone[3] || 0, 10) * 60 + parseInt(zone[4] || 0, 10);
      return offset * sign * 1e3;
    }
    function bcYearToNegativeYear(year) {
      return -(year - 1);
    }
    function is0To99(num) {
      return num >= 0 && num < 100;
    }
  }
});

// node_modules/xtend/mutable.js
var require_mutable = __commonJS({
  "node_modules/xtend/mutable.js"(exports, module) {
    module.exports = extend;
    var hasOwnProperty = Object.prototype.hasOwnProperty;
    function extend(target) {
      for (var i = 1; i < arguments.length; i++) {
        var source = arguments[i];
        for (var key in source) {
          if (hasOwnProperty.call(source, key)) {
            target[key] = source[key];
          }
        }
      }
      return target;
    }
  }
});

// node_modules/postgres-interval/index.js
var require_postgres_interval = __commonJS({
  "node_modules/postgres-interval/index.js"(exports, module) {
    "use strict";
    var extend = require_mutable();
    module.exports = PostgresInterval;
    function PostgresInterval(raw) {
      if (!(this instanceof PostgresInterval)) {
        return new PostgresInterval(raw);
      }
      extend(this, parse(raw));
    }
    var properties = ["seconds", "minutes", "hours", "days", "months", "years"];
    PostgresInterval.prototype.toPostgres = function() {
      var filtered = properties.filter(this.hasOwnProperty, this);
      if (this.milliseconds && filtered.indexOf("seconds") < 0) {
        filtered.push("seconds");
      }
      if (filtered.length === 0) return "0";
      return filtered.map(function(property) {
        var value = this[property] || 0;
        if (property === "seconds" && this.milliseconds) {
          value = (value + this.milliseconds / 1e3).toFixed(6).replace(/\.?0+$/, "");
        }
        return value + " " + property;
      }, this).join(" ");
    };
    var propertiesISOEquivalent = {
      years: "Y",
      months: "M",
      days: "D",
      hours: "H",
      minutes: "M",
      seconds: "S"
    };
    var dateProperties = ["years", "months", "days"];
    var timeProperties = ["hours", "minutes", "seconds"];
    PostgresInterval.prototype.toISOString = PostgresInterval.prototype.toISO = function() {
      var datePart = dateProperties.map(buildProperty, this).join("");
      var timePart = timeProperties.map(buildProperty, this).join("");
      return "P" + datePart + "T" + timePart;
      function buildProperty(property) {
        var value = this[property] || 0;
        if (property === "seconds" && this.milliseconds) {
          value = (value + this.milliseconds / 1e3).toFixed(6).replace(/0+$/, "");
        }
        return value + propertiesISOEquivalent[property];
      }
    };
    var NUMBER = "([+-]?\\d+)";
    var YEAR = NUMBER + "\\s+years?";
    var MONTH = NUMBER + "\\s+mons?";
    var DAY = NUMBER + "\\s+days?";
    var TIME = "([+-])?([\\d]*):(\\d\\d):(\\d\\d)\\.?(\\d{1,6})?";
    var INTERVAL = new RegExp([YEAR, MONTH, DAY, TIME].map(function(regexString) {
      return "(" + regexString + ")?";
    }).join("\\s*"));
    var positions = {
      years: 2,
      months: 4,
      days: 6,
      hours: 9,
      minutes: 10,
      seconds: 11,
      milliseconds: 12
    };
    var negatives = ["hours", "minutes", "seconds", "milliseconds"];
    function parseMilliseconds(fraction) {
      var microseconds = fraction + "000000".slice(fraction.length);
      return parseInt(microseconds, 10) / 1e3;
    }
    function parse(interval) {
      if (!interval) return {};
      var matches = INTERVAL.exec(interval);
      var isNegative = matches[8] === "-";
      return Object.keys(positions).reduce(function(parsed, property) {
        var position = positions[property];
        var value = matches[position];
        if (!value) return parsed;
        value = property === "milliseconds" ? parseMilliseconds(value) : parseInt(value, 10);
        if (!value) return parsed;
        if (isNegative && ~negatives.indexOf(property)) {
          value *= -1;
        }
        parsed[property] = value;
        return parsed;
      }, {});
    }
  }
});

// node_modules/postgres-bytea/index.js
var require_postgres_bytea = __commonJS({
  "node_modules/postgres-bytea/index.js"(exports, module) {
    "use strict";
    var bufferFrom = Buffer.from || Buffer;
    module.exports = function parseBytea(input) {
      if (/^\\x/.test(input)) {
        return bufferFrom(input.substr(2), "hex");
      }
      var output = "";
      var i = 0;
      while (i < input.length) {
        if (input[i] !== "\\") {
          output += input[i];
          ++i;
        } else {
          if (/[0-7]{3}/.test(input.substr(i + 1, 3))) {
            output += String.fromCharCode(parseInt(input.substr(i + 1, 3), 8));
            i += 4;
          } else {
            var backslashes = 1;
            while (i + backslashes < input.length && input[i + backslashes] === "\\") {
              backslashes++;
            }
            for (var k = 0; k < Math.floor(backslashes / 2); ++k) {
              output += "\\";
            }
            i += Math.floor(backslashes / 2) * 2;
          }
        }
      }
      return bufferFrom(output, "binary");
    };
  }
});

// node_modules/pg-types/lib/textParsers.js
var require_textParsers = __commonJS({
  "node_modules/pg-types/lib/textParsers.js"(exports, module) {
    var array = require_postgres_array();
    var arrayParser = require_arrayParser();
    var parseDate = require_postgres_date();
    var parseInterval = require_postgres_interval();
    var parseByteA = require_postgres_bytea();
    function allowNull(fn) {
      return function nullAllowed(value) {
        if (value === null) return value;
        return fn(value);
      };
    }
    function parseBool(value) {
      if (value === null) return value;
      return value === "TRUE" || value === "t" || value === "true" || value === "y" || value === "yes" || value === "on" || value === "1";
    }
    function parseBoolArray(value) {
      if (!value) return null;
      return array.parse(value, parseBool);
    }
    function parseBaseTenInt(string) {
      return parseInt(string, 10);
    }
    function parseIntegerArray(value) {
      if (!value) return null;
      return array.parse(value, allowNull(parseBaseTenInt));
    }
    function parseBigIntegerArray(value) {
      if (!value) return null;
      return array.parse(value, allowNull(function(entry) {
        return parseBigInteger(entry).trim();
      }));
    }
    var parsePointArray = function(value) {
      if (!value) {
        return null;
      }
      var p = arrayParser.create(value, function(entry) {
        if (entry !== null) {
          entry = parsePoint(entry);
        }
        return entry;
      });
      return p.parse();
    };
    var parseFloatArray = function(value) {
      if (!value) {
        return null;
      }
      var p = arrayParser.create(value, function(entry) {
        if (entry !== null) {
          entry = parseFloat(entry);
        }
        return entry;
      });
      return p.parse();
    };
    var parseStringArray = function(value) {
      if (!value) {
        return null;
      }
      var p = arrayParser.create(value);
      return p.parse();
    };
    var parseDateArray = function(value) {
      if (!value) {
        return null;
      }
      var p = arrayParser.create(value, function(entry) {
        if (entry !== null) {
          entry = parseDate(entry);
        }
        return entry;
      });
      return p.parse();
    };
    var parseIntervalArray = function(value) {
      if (!value) {
        return null;
      }
      var p = arrayParser.create(value, function(entry) {
        if (entry !== null) {
          entry = parseInterval(entry);
        }
        return entry;
      });
      return p.parse();
    };
    var parseByteAArray = function(value) {
      if (!value) {
        return null;
      }
      return array.parse(value, allowNull(parseByteA));
    };
    var parseInteger = function(value) {
      return parseInt(value, 10);
    };
    var parseBigInteger = function(value) {
      var valStr = String(value);
      if (/^\d+$/.test(valStr)) {
        return valStr;
      }
      return value;
    };
    var parseJsonArray = function(value) {
      if (!value) {
        return null;
      }
      return array.parse(value, allowNull(JSON.parse));
    };
    var parsePoint = function(value) {
      if (value[0] !== "(") {
        return null;
      }
      value = value.substring(1, value.length - 1).split(",");
      return {
        x: parseFloat(value[0]),
        y: parseFloat(value[1])
      };
    };
    var parseCircle = function(value) {
      if (value[0] !== "<" && value[1] !== "(") {
        return null;
      }
      var point = "(";
      var radius = "";
      var pointParsed = false;
      for (var i = 2; i < value.length - 1; i++) {
        if (!pointParsed) {
          point += value[i];
        }
        if (value[i] === ")") {
          pointParsed = true;
          continue;
        } else if (!pointParsed) {
          continue;
        }
        if (value[i] === ",") {
          continue;
        }
        radius += value[i];
      }
      var result = parsePoint(point);
      result.radius = parseFloat(radius);
      return result;
    };
    var init = function(register) {
      register(20, parseBigInteger);
      register(21, parseInteger);
      register(23, parseInteger);
      register(26, parseInteger);
      register(700, parseFloat);
      register(701, parseFloat);
      register(16, parseBool);
      register(1082, parseDate);
      register(1114, parseDate);
      register(1184, parseDate);
      register(600, parsePoint);
      register(651, parseStringArray);
      register(718, parseCircle);
      register(1e3, parseBoolArray);
      register(1001, parseByteAArray);
      register(1005, parseIntegerArray);
      register(1007, parseIntegerArray);
      register(1028, parseIntegerArray);
      register(1016, parseBigIntegerArray);
      register(1017, parsePointArray);
      register(1021, parseFloatArray);
      register(1022, parseFloatArray);
      register(1231, parseFloatArray);
      register(1014, parseStringArray);
      register(1015, parseStringArray);
      register(1008, parseStringArray);
      register(1009, parseStringArray);
      register(1040, parseStringArray);
      register(1041, parseStringArray);
      register(1115, parseDateArray);
      register(1182, parseDateArray);
      register(1185, parseDateArray);
      register(1186, parseInterval);
      register(1187, parseIntervalArray);
      register(17, parseByteA);
      register(114, JSON.parse.bind(JSON));
      register(3802, JSON.parse.bind(JSON));
      register(199, parseJsonArray);
      register(3807, parseJsonArray);
      register(3907, parseStringArray);
      register(2951, parseStringArray);
      register(791, parseStringArray);
      register(1183, parseStringArray);
      register(1270, parseStringArray);
    };
    module.exports = {
      init
    };
  }
});

// node_modules/pg-int8/index.js
var require_pg_int8 = __commonJS({
  "node_modules/pg-int8/index.js"(exports, module) {
    "use strict";
    var BASE = 1e6;
    function readInt8(buffer) {
      var high = buffer.readInt32BE(0);
      var low = buffer.readUInt32BE(4);
      var sign = "";
      if (high < 0) {
        high = ~high + (low === 0);
        low = ~low + 1 >>> 0;
        sign = "-";
      }
      var result = "";
      var carry;
      var t;
      var digits;
      var pad;
      var l;
      var i;
      {
        carry = high % BASE;
        high = high / BASE >>> 0;
        t = 4294967296 * carry + low;
        low = t / BASE >>> 0;
        digits = "" + (t - BASE * low);
        if (low === 0 && high === 0) {
          return sign + digits + result;
        }
        pad = "";
        l = 6 - digits.length;
        for (i = 0; i < l; i++) {
          pad += "0";
        }
        result = pad + digits + result;
      }
      {
        carry = high % BASE;
        high = high / BASE >>> 0;
        t = 4294967296 * carry + low;
        low = t / BASE >>> 0;
        digits = "" + (t - BASE * low);
        if (low === 0 && high === 0) {
          return sign + digits + result;
        }
        pad = "";
        l = 6 - digits.length;
        for (i = 0; i < l; i++) {
          pad += "0";
        }
        result = pad + digits + result;
      }
      {
        carry = high % BASE;
        high = high / BASE >>> 0;
        t = 4294967296 * carry + low;
        low = t / BASE >>> 0;
        digits = "" + (t - BASE * low);
        if (low === 0 && high === 0) {
          return sign + digits + result;
        }
        pad = "";
        l = 6 - digits.length;
        for (i = 0; i < l; i++) {
          pad += "0";
        }
        result = pad + digits + result;
      }
      {
        carry = high % BASE;
        t = 4294967296 * carry + low;
        digits = "" + t % BASE;
        return sign + digits + result;
      }
    }
    module.exports = readInt8;
  }
});

// node_modules/pg-types/lib/binaryParsers.js
var require_binaryParsers = __commonJS({
  "node_modules/pg-types/lib/binaryParsers.js"(exports, module) {
    var parseInt64 = require_pg_int8();
    var parseBits = function(data, bits, offset, invert, callback) {
      offset = offset || 0;
      invert = invert || false;
      callback = callback || function(lastValue, newValue, bits2) {
        return lastValue * Math.pow(2, bits2) + newValue;
      };
      var offsetBytes = offset >> 3;
      var inv = function(value) {
        if (invert) {
          return ~value & 255;
        }
        return value;
      };
      var mask = 255;
      var firstBits = 8 - offset % 8;
      if (bits < firstBits) {
        mask = 255 << 8 - bits & 255;
        firstBits = bits;
      }
      if (offset) {
        mask = mask >> offset % 8;
      }
      var result = 0;
      if (offset % 8 + bits >= 8) {
        result = callback(0, inv(data[offsetBytes]) & mask, firstBits);
      }
      var bytes = bits + offset >> 3;
      for (var i = offsetBytes + 1; i < bytes; i++) {
        result = callback(result, inv(data[i]), 8);
      }
      var lastBits = (bits + offset) % 8;
      if (lastBits > 0) {
        result = callback(result, inv(data[bytes]) >> 8 - lastBits, lastBits);
      }
      return result;
    };
    var parseFloatFromBits = function(data, precisionBits, exponentBits) {
      var bias = Math.pow(2, exponentBits - 1) - 1;
      var sign = parseBits(data, 1);
      var exponent = parseBits(data, exponentBits, 1);
      if (exponent === 0) {
        return 0;
      }
      var precisionBitsCounter = 1;
      var parsePrecisionBits = function(lastValue, newValue, bits) {
        if (lastValue === 0) {
          lastValue = 1;
        }
        for (var i = 1; i <= bits; i++) {
          precisionBitsCounter /= 2;
          if ((newValue & 1 << bits - i) > 0) {
            lastValue += precisionBitsCounter;
          }
        }
        return lastValue;
      };
      var mantissa = parseBits(data, precisionBits, exponentBits + 1, false, parsePrecisionBits);
      if (exponent == Math.pow(2, exponentBits + 1) - 1) {
        if (mantissa === 0) {
          return sign === 0 ? Infinity : -Infinity;
        }
        return NaN;
      }
      return (sign === 0 ? 1 : -1) * Math.pow(2, exponent - bias) * mantissa;
    };
    var parseInt16 = function(value) {
      if (parseBits(value, 1) == 1) {
        return -1 * (parseBits(value, 15, 1, true) + 1);
      }
      return parseBits(value, 15, 1);
    };
    var parseInt32 = function(value) {
      if (parseBits(value, 1) == 1) {
        return -1 * (parseBits(value, 31, 1, true) + 1);
      }
      return parseBits(value, 31, 1);
    };
    var parseFloat32 = function(value) {
      return parseFloatFromBits(value, 23, 8);
    };
    var parseFloat64 = function(value) {
      return parseFloatFromBits(value, 52, 11);
    };
    var parseNumeric = function(value) {
      var sign = parseBits(value, 16, 32);
      if (sign == 49152) {
        return NaN;
      }
      var weight = Math.pow(1e4, parseBits(value, 16, 16));
      var result = 0;
      var digits = [];
      var ndigits = parseBits(value, 16);
      for (var i = 0; i < ndigits; i++) {
        result += parseBits(value, 16, 64 + 16 * i) * weight;
        weight /= 1e4;
      }
      var scale = Math.pow(10, parseBits(value, 16, 48));
      return (sign === 0 ? 1 : -1) * Math.round(result * scale) / scale;
    };
    var parseDate = function(isUTC, value) {
      var sign = parseBits(value, 1);
      var rawValue = parseBits(value, 63, 1);
      var result = new Date((sign === 0 ? 1 : -1) * rawValue / 1e3 + 9466848e5);
      if (!isUTC) {
        result.setTime(result.getTime() + result.getTimezoneOffset() * 6e4);
      }
      result.usec = rawValue % 1e3;
      result.getMicroSeconds = function() {
        return this.usec;
      };
      result.setMicroSeconds = function(value2) {
        this.usec = value2;
      };
      result.getUTCMicroSeconds = function() {
        return this.usec;
      };
      return result;
    };
    var parseArray = function(value) {
      var dim = parseBits(value, 32);
      var flags = parseBits(value, 32, 32);
      var elementType = parseBits(value, 32, 64);
      var offset = 96;
      var dims = [];
      for (var i = 0; i < dim; i++) {
        dims[i] = parseBits(value, 32, offset);
        offset += 32;
        offset += 32;
      }
      var parseElement = function(elementType2) {
        var length = parseBits(value, 32, offset);
        offset += 32;
        if (length == 4294967295) {
          return null;
        }
        var result;
        if (elementType2 == 23 || elementType2 == 20) {
          result = parseBits(value, length * 8, offset);
          offset += length * 8;
          return result;
        } else if (elementType2 == 25) {
          result = value.toString(this.encoding, offset >> 3, (offset += length << 3) >> 3);
          return result;
        } else {
          console.log("ERROR: ElementType not implemented: " + elementType2);
        }
      };
      var parse = function(dimension, elementType2) {
        var array = [];
        var i2;
        if (dimension.length > 1) {
          var count = dimension.shift();
          for (i2 = 0; i2 < count; i2++) {
            array[i2] = parse(dimension, elementType2);
          }
          dimension.unshift(count);
        } else {
          for (i2 = 0; i2 < dimension[0]; i2++) {
            array[i2] = parseElement(elementType2);
          }
        }
        return array;
      };
      return parse(dims, elementType);
    };
    var parseText = function(value) {
      return value.toString("utf8");
    };
    var parseBool = function(value) {
      if (value === null) return null;
      return parseBits(value, 8) > 0;
    };
    var init = function(register) {
      register(20, parseInt64);
      register(21, parseInt16);
      register(23, parseInt32);
      register(26, parseInt32);
      register(1700, parseNumeric);
      register(700, parseFloat32);
      register(701, parseFloat64);
      register(16, parseBool);
      register(1114, parseDate.bind(null, false));
      register(1184, parseDate.bind(null, true));
      register(1e3, parseArray);
      register(1007, parseArray);
      register(1016, parseArray);
      register(1008, parseArray);
      register(1009, parseArray);
      register(25, parseText);
    };
    module.exports = {
      init
    };
  }
});

// node_modules/pg-types/lib/builtins.js
var require_builtins = __commonJS({
  "node_modules/pg-types/lib/builtins.js"(exports, module) {
    module.exports = {
      BOOL: 16,
      BYTEA: 17,
      CHAR: 18,
      INT8: 20,
      INT2: 21,
      INT4: 23,
      REGPROC: 24,
      TEXT: 25,
      OID: 26,
      TID: 27,
      XID: 28,
      CID: 29,
      JSON: 114,
      XML: 142,
      PG_NODE_TREE: 194,
      SMGR: 210,
      PATH: 602,
      POLYGON: 604,
      CIDR: 650,
      FLOAT4: 700,
      FLOAT8: 701,
      ABSTIME: 702,
      RELTIME: 703,
      TINTERVAL: 704,
      CIRCLE: 718,
      MACADDR8: 774,
      MONEY: 790,
      MACADDR: 829,
      INET: 869,
      ACLITEM: 1033,
      BPCHAR: 1042,
      VARCHAR: 1043,
      DATE: 1082,
      TIME: 1083,
      TIMESTAMP: 1114,
      TIMESTAMPTZ: 1184,
      INTERVAL: 1186,
      TIMETZ: 1266,
      BIT: 1560,
      VARBIT: 1562,
      NUMERIC: 1700,
      REFCURSOR: 1790,
      REGPROCEDURE: 2202,
      REGOPER: 2203,
      REGOPERATOR: 2204,
      REGCLASS: 2205,
      REGTYPE: 2206,
      UUID: 2950,
      TXID_SNAPSHOT: 2970,
      PG_LSN: 3220,
      PG_NDISTINCT: 3361,
      PG_DEPENDENCIES: 3402,
      TSVECTOR: 3614,
      TSQUERY: 3615,
      GTSVECTOR: 3642,
      REGCONFIG: 3734,
      REGDICTIONARY: 3769,
      JSONB: 3802,
      REGNAMESPACE: 4089,
      REGROLE: 4096
    };
  }
});

// node_modules/pg-types/index.js
var require_pg_types = __commonJS({
  "node_modules/pg-types/index.js"(exports) {
    var textParsers = require_textParsers();
    var binaryParsers = require_binaryParsers();
    var arrayParser = require_arrayParser();
    var builtinTypes = require_builtins();
    exports.getTypeParser = getTypeParser;
    exports.setTypeParser = setTypeParser;
    exports.arrayParser = arrayParser;
    exports.builtins = builtinTypes;
    var typeParsers = {
      text: {},
      binary: {}
    };
    function noParse(val) {
      return String(val);
    }
    function getTypeParser(oid, format) {
      format = format || "text";
      if (!typeParsers[format]) {
        return noParse;
      }
      return typeParsers[format][oid] || noParse;
    }
    function setTypeParser(oid, format, parseFn) {
      if (typeof format == "function") {
        parseFn = format;
        format = "text";
      }
      typeParsers[format][oid] = parseFn;
    }
    textParsers.init(function(oid, converter) {
      typeParsers.text[oid] = converter;
    });
    binaryParsers.init(function(oid, converter) {
      typeParsers.binary[oid] = converter;
    });
  }
});

// node_modules/pg/lib/defaults.js
var require_defaults = __commonJS({
  "node_modules/pg/lib/defaults.js"(exports, module) {
    "use strict";
    var user;
    try {
      user = process.platform === "win32" ? process.env.USERNAME : process.env.USER;
    } catch {
    }
    module.exports = {
      // database host. defaults to localhost
      host: "localhost",
      // database user's name
      user,
      // name of database to connect
      database: void 0,
      // database user's password
      password: null,
      // a Postgres connection string to be used instead of setting individual connection items
      // NOTE:  Setting this value will cause it to override any other value (such as database or user) defined
      // in the defaults object.
      connectionString: void 0,
      // database port
      port: 5432,
      // number of rows to return at a time from a prepared statement's
      // portal. 0 will return all rows at once
      rows: 0,
      // binary result mode
      binary: false,
      // Connection pool options - see https://github.com/brianc/node-pg-pool
      // number of connections to use in connection pool
      // 0 will disable connection pooling
      max: 10,
      // max milliseconds a client can go unused before it is removed
      // from the pool and destroyed
      idleTimeoutMillis: 3e4,
      client_encoding: "",
      ssl: false,
      // SSL negotiation style: 'postgres' (traditional SSLRequest) or 'direct'
      sslnegotiation: void 0,
      application_name: void 0,
      fallback_application_name: void 0,
      options: void 0,
      parseInputDatesAsUTC: false,
      // max milliseconds any query using this connection will execute for before timing out in error.
      // false=unlimited
      statement_timeout: false,
      // Abort any statement that waits longer than the specified duration in milliseconds while attempting to acquire a lock.
      // false=unlimited
      lock_timeout: false,
      // Terminate any session with an open transaction that has been idle for longer than the specified duration in milliseconds
      // false=unlimited
      idle_in_transaction_session_timeout: false,
      // max milliseconds to wait for query to complete (client side)
      query_timeout: false,
      connect_timeout: 0,
      keepalives: 1,
      keepalives_idle: 0
    };
    var pgTypes = require_pg_types();
    var parseBigInteger = pgTypes.getTypeParser(20, "text");
    var parseBigIntegerArray = pgTypes.getTypeParser(1016, "text");
    module.exports.__defineSetter__("parseInt8", function(val) {
      pgTypes.setTypeParser(20, "text", val ? pgTypes.getTypeParser(23, "text") : parseBigInteger);
      pgTypes.setTypeParser(1016, "text", val ? pgTypes.getTypeParser(1007, "text") : parseBigIntegerArray);
    });
  }
});

// node_modules/pg/lib/utils.js
var require_utils = __commonJS({
  "node_modules/pg/lib/utils.js"(exports, module) {
    "use strict";
    var defaults2 = require_defaults();
    var nodeUtils = __require("util");
    var { isDate } = __require("util/types");
    var invalidDateDeprecationNotice = nodeUtils.deprecate(
      () => {
      },
      "Sending an invalid date to Postgres is deprecated and will throw an error in the next major version of pg. Ensure any Date object passed as a query parameter is valid.",
      "PG_INVALID_DATE"
    );
    function escapeElement(elementRepresentation) {
      const escaped = elementRepresentation.replace(/\\/g, "\\\\").replace(/"/g, '\\"');
      return '"' + escaped + '"';
    }
    function arrayString(val) {
      let result = "{";
      for (let i = 0; i < val.length; i++) {
        if (i > 0) {
          result += ",";
        }
        let item = val[i];
        if (item == null) {
          result += "NULL";
        } else if (Array.isArray(item)) {
          result += arrayString(item);
        } else if (ArrayBuffer.isView(item)) {
          if (!(item instanceof Buffer)) {
            item = Buffer.from(item.buffer, item.byteOffset, item.byteLength);
          }
          result += "\\\\x" + item.toString("hex");
        } else {
          result += escapeElement(prepareValue(item));
        }
      }
      result += "}";
      return result;
    }
    var prepareValue = function(val, seen) {
      if (val == null) {
        return null;
      }
      if (typeof val === "object") {
        if (val instanceof Buffer) {
          return val;
        }
        if (ArrayBuffer.isView(val)) {
          return Buffer.from(val.buffer, val.byteOffset, val.byteLength);
        }
        if (isDate(val)) {
          if (isNaN(val.getTime())) {
            invalidDateDeprecationNotice();
          }
          if (defaults2.parseInputDatesAsUTC) {
            return dateToStringUTC(val);
          } else {
            return dateToString(val);
          }
        }
        if (Array.isArray(val)) {
          return arrayString(val);
        }
        return prepareObject(val, seen);
      }
      return val.toString();
    };
    function prepareObject(val, seen) {
      if (val && typeof val.toPostgres === "function") {
        seen = seen || [];
        if (seen.indexOf(val) !== -1) {
          throw new Error('circular reference detected while preparing "' + val + '" for query');
        }
        seen.push(val);
        return prepareValue(val.toPostgres(prepareValue), seen);
      }
      return JSON.stringify(val);
    }
    function dateToString(date) {
      let offset = -date.getTimezoneOffset();
      let year = date.getFullYear();
      const isBCYear = year < 1;
      if (isBCYear) year = Math.abs(year) + 1;
      let ret = String(year).padStart(4, "0") + "-" + String(date.getMonth() + 1).padStart(2, "0") + "-" + String(date.getDate()).padStart(2, "0") + "T" + String(date.getHours()).padStart(2, "0") + ":" + String(date.getMinutes()).padStart(2, "0") + ":" + String(date.getSeconds()).padStart(2, "0") + "." + String(date.getMilliseconds()).padStart(3, "0");
      if (offset < 0) {
        ret += "-";
        offset *= -1;
      } else {
        ret += "+";
      }
      ret += String(Math.floor(offset / 60)).padStart(2, "0") + ":" + String(offset % 60).padStart(2, "0");
      if (isBCYear) ret += " BC";
      return ret;
    }
    function dateToStringUTC(date) {
      let year = date.getUTCFullYear();
      const isBCYear = year < 1;
      if (isBCYear) year = Math.abs(year) + 1;
      let ret = String(year).padStart(4, "0") + "-" + String(date.getUTCMonth() + 1).padStart(2, "0") + "-" + String(date.getUTCDate()).padStart(2, "0") + "T" + String(date.getUTCHours()).padStart(2, "0") + ":" + String(date.getUTCMinutes()).padStart(2, "0") + ":" + String(date.getUTCSeconds()).padStart(2, "0") + "." + String(date.getUTCMilliseconds()).padStart(3, "0");
      ret += "+00:00";
      if (isBCYear) ret += " BC";
      return ret;
    }
    function normalizeQueryConfig(config, values, callback) {
      config = typeof config === "string" ? { text: config } : cloneQueryConfig(config);
      if (values) {
        if (typeof values === "function") {
          config.callback = values;
        } else {
          config.values = values;
        }
      }
      if (callback) {
        config.callback = callback;
      }
      return config;
    }
    function cloneQueryConfig(config) {
      if (config == null) {
        return config;
      }
      return Object.defineProperties(Object.create(Object.getPrototypeOf(config)), Object.getOwnPropertyDescriptors(config));
    }
    var escapeIdentifier2 = function(str) {
      return '"' + str.replace(/"/g, '""') + '"';
    };
    var escapeLiteral2 = function(str) {
      let hasBackslash = false;
      let escaped = "'";
      if (str == null) {
        return "''";
      }
      if (typeof str !== "string") {
        return "''";
      }
      for (let i = 0; i < str.length; i++) {
        const c = str[i];
        if (c === "'") {
          escaped += c + c;
        } else if (c === "\\") {
          escaped += c + c;
          hasBackslash = true;
        } else {
          escaped += c;
        }
      }
      escaped += "'";
      if (hasBackslash === true) {
        escaped = " E" + escaped;
      }
      return escaped;
    };
    module.exports = {
      prepareValue: function prepareValueWrapper(value) {
        return prepareValue(value);
      },
      normalizeQueryConfig,
      escapeIdentifier: escapeIdentifier2,
      escapeLiteral: escapeLiteral2
    };
  }
});

// node_modules/pg/lib/crypto/utils.js
var require_utils2 = __commonJS({
  "node_modules/pg/lib/crypto/utils.js"(exports, module) {
    var nodeCrypto = __require("crypto");
    module.exports = {
      postgresMd5PasswordHash,
      randomBytes: randomBytes3,
      deriveKey,
      sha256,
      hashByName,
      hmacSha256,
      md5
    };
    var webCrypto = nodeCrypto.webcrypto || globalThis.crypto;
    var subtleCrypto = webCrypto.subtle;
    var textEncoder = new TextEncoder();
    function randomBytes3(length) {
      return webCrypto.getRandomValues(Buffer.alloc(length));
    }
    async function md5(string) {
      try {
        return nodeCrypto.createHash("md5").update(string, "utf-8").digest("hex");
      } catch (e) {
        const data = typeof string === "string" ? textEncoder.encode(string) : string;
        const hash = await subtleCrypto.digest("MD5", data);
        return Array.from(new Uint8Array(hash)).map((b) => b.toString(16).padStart(2, "0")).join("");
      }
    }
    async function postgresMd5PasswordHash(user, password, salt) {
      const inner = await md5(password + user);
      const outer = await md5(Buffer.concat([Buffer.from(inner), salt]));
      return "md5" + outer;
    }
    async function sha256(text) {
      return await subtleCrypto.digest("SHA-256", text);
    }
    async function hashByName(hashName, text) {
      return await subtleCrypto.digest(hashName, text);
    }
    async function hmacSha256(keyBuffer, msg) {
      const key = await subtleCrypto.importKey("raw", keyBuffer, { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
      return await subtleCrypto.sign("HMAC", key, textEncoder.encode(msg));
    }
    async function deriveKey(password, salt, iterations) {
      const key = await subtleCrypto.importKey("raw", textEncoder.encode(password), "PBKDF2", false, ["deriveBits"]);
      const params = { name: "PBKDF2", hash: "SHA-256", salt, iterations };
      return await subtleCrypto.deriveBits(params, key, 32 * 8, ["deriveBits"]);
    }
  }
});

// node_modules/pg/lib/crypto/cert-signatures.js
var require_cert_signatures = __commonJS({
  "node_modules/pg/lib/crypto/cert-signatures.js"(exports, module) {
    function x509Error(msg, cert) {
      return new Error("SASL channel binding: " + msg + " when parsing public certificate " + cert.toString("base64"));
    }
    function readASN1Length(data, index) {
      let length = data[index++];
      if (length < 128) return { length, index };
      const lengthBytes = length & 127;
      if (lengthBytes > 4) throw x509Error("bad length", data);
      length = 0;
      for (let i = 0; i < lengthBytes; i++) {
        length = length << 8 | data[index++];
      }
      return { length, index };
    }
    function readASN1OID(data, index) {
      if (data[index++] !== 6) throw x509Error("non-OID data", data);
      const { length: OIDLength, index: indexAfterOIDLength } = readASN1Length(data, index);
      index = indexAfterOIDLength;
      const lastIndex = index + OIDLength;
      const byte1 = data[index++];
      let oid = (byte1 / 40 >> 0) + "." + byte1 % 40;
      while (index < lastIndex) {
        let value = 0;
        while (index < lastIndex) {
          const nextByte = data[index++];
          value = value << 7 | nextByte & 127;
          if (nextByte < 128) break;
        }
        oid += "." + value;
      }
      return { oid, index };
    }
    function expectASN1Seq(data, index) {
      if (data[index++] !== 48) throw x509Error("non-sequence data", data);
      return readASN1Length(data, index);
    }
    function signatureAlgorithmHashFromCertificate(data, index) {
      if (index === void 0) index = 0;
      index = expectASN1Seq(data, index).index;
      const { length: certInfoLength, index: indexAfterCertInfoLength } = expectASN1Seq(data, index);
      index = indexAfterCertInfoLength + certInfoLength;
      index = expectASN1Seq(data, index).index;
      const { oid, index: indexAfterOID } = readASN1OID(data, index);
      switch (oid) {
        // RSA
        case "1.2.840.113549.1.1.4":
          return "MD5";
        case "1.2.840.113549.1.1.5":
          return "SHA-1";
        case "1.2.840.113549.1.1.11":
          return "SHA-256";
        case "1.2.840.113549.1.1.12":
          return "SHA-384";
        case "1.2.840.113549.1.1.13":
          return "SHA-512";
        case "1.2.840.113549.1.1.14":
          return "SHA-224";
        case "1.2.840.113549.1.1.15":
          return "SHA512-224";
        case "1.2.840.113549.1.1.16":
          return "SHA512-256";
        // ECDSA
        case "1.2.840.10045.4.1":
          return "SHA-1";
        case "1.2.840.10045.4.3.1":
          return "SHA-224";
        case "1.2.840.10045.4.3.2":
          return "SHA-256";
        case "1.2.840.10045.4.3.3":
          return "SHA-384";
        case "1.2.840.10045.4.3.4":
          return "SHA-512";
        // RSASSA-PSS: hash is indicated separately
        case "1.2.840.113549.1.1.10": {
          index = indexAfterOID;
          index = expectASN1Seq(data, index).index;
          if (data[index++] !== 160) throw x509Error("non-tag data", data);
          index = readASN1Length(data, index).index;
          index = expectASN1Seq(data, index).index;
          const { oid: hashOID } = readASN1OID(data, index);
          switch (hashOID) {
            // standalone hash OIDs
            case "1.2.840.113549.2.5":
              return "MD5";
            case "1.3.14.3.2.26":
              return "SHA-1";
            case "2.16.840.1.101.3.4.2.1":
              return "SHA-256";
            case "2.16.840.1.101.3.4.2.2":
              return "SHA-384";
            case "2.16.840.1.101.3.4.2.3":
              return "SHA-512";
          }
          throw x509Error("unknown hash OID " + hashOID, data);
        }
        // Ed25519 -- see https://github.com/openssl/openssl/issues/15477
        case "1.3.101.110":
        case "1.3.101.112":
          return "SHA-512";
        // Ed448 -- still not in pg 17.2 (if supported, digest would be SHAKE256 x 64 bytes)
        case "1.3.101.111":
        case "1.3.101.113":
          throw x509Error("Ed448 certificate channel binding is not currently supported by Postgres");
      }
      throw x509Error("unknown OID " + oid, data);
    }
    module.exports = { signatureAlgorithmHashFromCertificate };
  }
});

// node_modules/pg/lib/crypto/sasl.js
var require_sasl = __commonJS({
  "node_modules/pg/lib/crypto/sasl.js"(exports, module) {
    "use strict";
    var crypto = require_utils2();
    var { signatureAlgorithmHashFromCertificate } = require_cert_signatures();
    function saslprep(password) {
      const nonAsciiSpace = /[\u00A0\u1680\u2000-\u200B\u202F\u205F\u3000]/g;
      const mappedToNothing = /[\u00AD\u034F\u1806\u180B\u180C\u180D\u200C\u200D\u2060\uFE00-\uFE0F\uFEFF]/g;
      return password.replace(nonAsciiSpace, " ").replace(mappedToNothing, "").normalize("NFKC");
    }
    var DEFAULT_MAX_SCRAM_ITERATIONS = 1e5;
    function startSession(mechanisms, stream, scramMaxIterations = DEFAULT_MAX_SCRAM_ITERATIONS) {
      const candidates = ["SCRAM-SHA-256"];
      if (stream) candidates.unshift("SCRAM-SHA-256-PLUS");
      const mechanism = candidates.find((candidate) => mechanisms.includes(candidate));
      if (!mechanism) {
        throw new Error("SASL: Only mechanism(s) " + candidates.join(" and ") + " are supported");
      }
      if (mechanism === "SCRAM-SHA-256-PLUS" && typeof stream.getPeerCertificate !== "function") {
        throw new Error("SASL: Mechanism SCRAM-SHA-256-PLUS requires a certificate");
      }
      const clientNonce = crypto.randomBytes(18).toString("base64");
      const gs2Header = mechanism === "SCRAM-SHA-256-PLUS" ? "p=tls-server-end-point" : stream ? "y" : "n";
      return {
        mechanism,
        clientNonce,
        response: gs2Header + ",,n=*,r=" + clientNonce,
        message: "SASLInitialResponse",
        scramMaxIterations
      };
    }
    async function continueSession(session, password, serverData, stream) {
      if (session.message !== "SASLInitialResponse") {
        throw new Error("SASL: Last message was not SASLInitialResponse");
      }
      if (typeof password !== "string") {
        throw new Error("SASL: SCRAM-SERVER-FIRST-MESSAGE: client password must be a string");
      }
      if (password === "") {
        throw new Error("SASL: SCRAM-SERVER-FIRST-MESSAGE: client password must be a non-empty string");
      }
      if (typeof serverData !== "string") {
        throw new Error("SASL: SCRAM-SERVER-FIRST-MESSAGE: serverData must be a string");
      }
      const sv = parseServerFirstMessage(serverData);
      if (!sv.nonce.startsWith(session.clientNonce)) {
        throw new Error("SASL: SCRAM-SERVER-FIRST-MESSAGE: server nonce does not start with client nonce");
      } else if (sv.nonce.length === session.clientNonce.length) {
        throw new Error("SASL: SCRAM-SERVER-FIRST-MESSAGE: server nonce is too short");
      }
      const scramMaxIterations = typeof session.scramMaxIterations === "number" ? session.scramMaxIterations : DEFAULT_MAX_SCRAM_ITERATIONS;
      if (scramMaxIterations !== 0 && sv.iteration > scramMaxIterations) {
        throw new Error(
          "SASL: SCRAM-SERVER-FIRST-MESSAGE: iteration count " + sv.iteration + " exceeds scramMaxIterations of " + scramMaxIterations
        );
      }
      const clientFirstMessageBare = "n=*,r=" + session.clientNonce;
      const serverFirstMessage = "r=" + sv.nonce + ",s=" + sv.salt + ",i=" + sv.iteration;
      let channelBinding = stream ? "eSws" : "biws";
      if (session.mechanism === "SCRAM-SHA-256-PLUS") {
        const peerCert = stream.getPeerCertificate().raw;
        let hashName = signatureAlgorithmHashFromCertificate(peerCert);
        if (hashName === "MD5" || hashName === "SHA-1") hashName = "SHA-256";
        const certHash = await crypto.hashByName(hashName, peerCert);
        const bindingData = Buffer.concat([Buffer.from("p=tls-server-end-point,,"), Buffer.from(certHash)]);
        channelBinding = bindingData.toString("base64");
      }
      const clientFinalMessageWithoutProof = "c=" + channelBinding + ",r=" + sv.nonce;
      const authMessage = clientFirstMessageBare + "," + serverFirstMessage + "," + clientFinalMessageWithoutProof;
      const saltBytes = Buffer.from(sv.salt, "base64");
      const saltedPassword = await crypto.deriveKey(saslprep(password), saltBytes, sv.iteration);
      const clientKey = await crypto.hmacSha256(saltedPassword, "Client Key");
      const storedKey = await crypto.sha256(clientKey);
      const clientSignature = await crypto.hmacSha256(storedKey, authMessage);
      const clientProof = xorBuffers(Buffer.from(clientKey), Buffer.from(clientSignature)).toString("base64");
      const serverKey = await crypto.hmacSha256(saltedPassword, "Server Key");
      const serverSignatureBytes = await crypto.hmacSha256(serverKey, authMessage);
      session.message = "SASLResponse";
      session.serverSignature = Buffer.from(serverSignatureBytes).toString("base64");
      session.response = clientFinalMessageWithoutProof + ",p=" + clientProof;
    }
    function finalizeSession(session, serverData) {
      if (session.message !== "SASLResponse") {
        throw new Error("SASL: Last message was not SASLResponse");
      }
      if (typeof serverData !== "string") {
        throw new Error("SASL: SCRAM-SERVER-FINAL-MESSAGE: serverData must be a string");
      }
      const { serverSignature } = parseServerFinalMessage(serverData);
      if (serverSignature !== session.serverSignature) {
        throw new Error("SASL: SCRAM-SERVER-FINAL-MESSAGE: server signature does not match");
      }
    }
    function isPrintableChars(text) {
      if (typeof text !== "string") {
        throw new TypeError("SASL: text must be a string");
      }
      return text.split("").map((_, i) => text.charCodeAt(i)).every((c) => c >= 33 && c <= 43 || c >= 45 && c <= 126);
    }
    function isBase64(text) {
      return /^(?:[a-zA-Z0-9+/]{4})*(?:[a-zA-Z0-9+/]{2}==|[a-zA-Z0-9+/]{3}=)?$/.test(text);
    }
    function parseAttributePairs(text) {
      if (typeof text !== "string") {
        throw new TypeError("SASL: attribute pairs text must be a string");
      }
      return new Map(
        text.split(",").map((attrValue) => {
          if (!/^.=/.test(attrValue)) {
            throw new Error("SASL: Invalid attribute pair entry");
          }
          const name2 = attrValue[0];
          const value = attrValue.substring(2);
          return [name2, value];
        })
      );
    }
    function parseServerFirstMessage(data) {
      const attrPairs = parseAttributePairs(data);
      const nonce = attrPairs.get("r");
      if (!nonce) {
        throw new Error("SASL: SCRAM-SERVER-FIRST-MESSAGE: nonce missing");
      } else if (!isPrintableChars(nonce)) {
        throw new Error("SASL: SCRAM-SERVER-FIRST-MESSAGE: nonce must only contain printable characters");
      }
      const salt = attrPairs.get("s");
      if (!salt) {
        throw new Error("SASL: SCRAM-SERVER-FIRST-MESSAGE: salt missing");
      } else if (!isBase64(salt)) {
        throw new Error("SASL: SCRAM-SERVER-FIRST-MESSAGE: salt must be base64");
      }
      const iterationText = attrPairs.get("i");
      if (!iterationText) {
        throw new Error("SASL: SCRAM-SERVER-FIRST-MESSAGE: iteration missing");
      } else if (!/^[1-9][0-9]*$/.test(iterationText)) {
        throw new Error("SASL: SCRAM-SERVER-FIRST-MESSAGE: invalid iteration count");
      }
      const iteration = parseInt(iterationText, 10);
      return {
        nonce,
        salt,
        iteration
      };
    }
    function parseServerFinalMessage(serverData) {
      const attrPairs = parseAttributePairs(serverData);
      const error = attrPairs.get("e");
      const serverSignature = attrPairs.get("v");
      if (error) {
        throw new Error(`SASL: SCRAM-SERVER-FINAL-MESSAGE: server returned error: "${error}"`);
      }
      if (!serverSignature) {
        throw new Error("SASL: SCRAM-SERVER-FINAL-MESSAGE: server signature is missing");
      } else if (!isBase64(serverSignature)) {
        throw new Error("SASL: SCRAM-SERVER-FINAL-MESSAGE: server signature must be base64");
      }
      return {
        serverSignature
      };
    }
    function xorBuffers(a, b) {
      if (!Buffer.isBuffer(a)) {
        throw new TypeError("first argument must be a Buffer");
      }
      if (!Buffer.isBuffer(b)) {
        throw new TypeError("second argument must be a Buffer");
      }
      if (a.length !== b.length) {
        throw new Error("Buffer lengths must match");
      }
      if (a.length === 0) {
        throw new Error("Buffers cannot be empty");
      }
      return Buffer.from(a.map((_, i) => a[i] ^ b[i]));
    }
    module.exports = {
      startSession,
      continueSession,
      finalizeSession,
      DEFAULT_MAX_SCRAM_ITERATIONS
    };
  }
});

// node_modules/pg/lib/type-overrides.js
var require_type_overrides = __commonJS({
  "node_modules/pg/lib/type-overrides.js"(exports, module) {
    "use strict";
    var types2 = require_pg_types();
    function TypeOverrides2(userTypes) {
      this._types = userTypes || types2;
      this.text = {};
      this.binary = {};
    }
    TypeOverrides2.prototype.getOverrides = function(format) {
      switch (format) {
        case "text":
          return this.text;
        case "binary":
          return this.binary;
        default:
          return {};
      }
    };
    TypeOverrides2.prototype.setTypeParser = function(oid, format, parseFn) {
      if (typeof format === "function") {
        parseFn = format;
        format = "text";
      }
      this.getOverrides(format)[oid] = parseFn;
    };
    TypeOverrides2.prototype.getTypeParser = function(oid, format) {
      format = format || "text";
      return this.getOverrides(format)[oid] || this._types.getTypeParser(oid, format);
    };
    module.exports = TypeOverrides2;
  }
});

// node_modules/pg-connection-string/index.js
var require_pg_connection_string = __commonJS({
  "node_modules/pg-connection-string/index.js"(exports, module) {
    "use strict";
    function parse(str, options = {}) {
      if (str.charAt(0) === "/") {
        const config2 = str.split(" ");
        return { host: config2[0], database: config2[1] };
      }
      const config = /* @__PURE__ */ Object.create(null);
      let result;
      let dummyHost = false;
      if (/ |%[^a-f0-9]|%[a-f0-9][^a-f0-9]/i.test(str)) {
        str = encodeURI(str).replace(/%25(\d\d)/g, "%$1");
      }
      try {
        try {
          result = new URL(str, "postgres://base");
        } catch (e) {
          result = new URL(str.replace("@/", "@___DUMMY___/"), "postgres://base");
          dummyHost = true;
        }
      } catch (err) {
        err.input && (err.input = "*****REDACTED*****");
        throw err;
      }
      for (const entry of result.searchParams.entries()) {
        config[entry[0]] = entry[1];
      }
      config.user = config.user || decodeURIComponent(result.username);
      config.password = config.password || decodeURIComponent(result.password);
      if (result.protocol == "socket:") {
        config.host = decodeURI(result.pathname);
        config.database = result.searchParams.get("db");
        config.client_encoding = result.searchParams.get("encoding");
        return config;
      }
      const hostname2 = (dummyHost ? "" : result.hostname).replace(/^\[(.+)\]$/, "$1");
      if (!config.host) {
        config.host = decodeURIComponent(hostname2);
      } else if (hostname2 && /^%2f/i.test(hostname2)) {
        result.pathname = hostname2 + result.pathname;
      }
      if (!config.port) {
        config.port = result.port;
      }
      const pathname = result.pathname.slice(1) || null;
      config.database = pathname ? decodeURI(pathname) : null;
      if (config.ssl === "true" || config.ssl === "1") {
        config.ssl = true;
      }
      if (config.ssl === "0") {
        config.ssl = false;
      }
      if (config.sslcert || config.sslkey || config.sslrootcert || config.sslmode) {
        config.ssl = {};
      }
      if (config.sslnegotiation === "direct" && config.ssl === void 0) {
        config.ssl = true;
      }
      const fs = config.sslcert || config.sslkey || config.sslrootcert ? __require("fs") : null;
      if (config.sslcert) {
        config.ssl.cert = fs.readFileSync(config.sslcert).toString();
      }
      if (config.sslkey) {
        config.ssl.key = fs.readFileSync(config.sslkey).toString();
      }
      if (config.sslrootcert) {
        config.ssl.ca = fs.readFileSync(config.sslrootcert).toString();
      }
      if (options.useLibpqCompat && config.uselibpqcompat) {
        throw new Error("Both useLibpqCompat and uselibpqcompat are set. Please use only one of them.");
      }
      if (config.uselibpqcompat === "true" || options.useLibpqCompat) {
        switch (config.sslmode) {
          case "disable": {
            config.ssl = false;
            break;
          }
          case "prefer": {
            config.ssl.rejectUnauthorized = false;
            break;
          }
          case "require": {
            if (config.sslrootcert) {
              config.ssl.checkServerIdentity = function() {
              };
            } else {
              config.ssl.rejectUnauthorized = false;
            }
            break;
          }
          case "verify-ca": {
            if (!config.ssl.ca) {
              throw new Error(
                "SECURITY WARNING: Using sslmode=verify-ca requires specifying a CA with sslrootcert. If a public CA is used, verify-ca allows connections to a server that somebody else may have registered with the CA, making you vulnerable to Man-in-the-Middle attacks. Either specify a custom CA certificate with sslrootcert parameter or use sslmode=verify-full for proper security."
              );
            }
            config.ssl.checkServerIdentity = function() {
            };
            break;
          }
          case "verify-full": {
            break;
          }
        }
      } else {
        switch (config.sslmode) {
          case "disable": {
            config.ssl = false;
            break;
          }
          case "prefer":
          case "require":
          case "verify-ca":
          case "verify-full": {
            if (config.sslmode !== "verify-full") {
              deprecatedSslModeWarning(config.sslmode);
            }
            break;
          }
          case "no-verify": {
            config.ssl.rejectUnauthorized = false;
            break;
          }
        }
      }
      return config;
    }
    function toConnectionOptions(sslConfig) {
      const connectionOptions = Object.entries(sslConfig).reduce((c, [key, value]) => {
        if (value !== void 0 && value !== null) {
          c[key] = value;
        }
        return c;
      }, /* @__PURE__ */ Object.create(null));
      return connectionOptions;
    }
    function toClientConfig(config) {
      const poolConfig = Object.entries(config).reduce((c, [key, value]) => {
        if (key === "ssl") {
          const sslConfig = value;
          if (typeof sslConfig === "boolean") {
            c[key] = sslConfig;
          }
          if (typeof sslConfig === "object") {
            c[key] = toConnectionOptions(sslConfig);
          }
        } else if (value !== void 0 && value !== null) {
          if (key === "port") {
            if (value !== "") {
              const v = parseInt(value, 10);
              if (isNaN(v)) {
                throw new Error(`Invalid ${key}: ${value}`);
              }
              c[key] = v;
            }
          } else {
            c[key] = value;
          }
        }
        return c;
      }, /* @__PURE__ */ Object.create(null));
      return poolConfig;
    }
    function parseIntoClientConfig(str) {
      return toClientConfig(parse(str));
    }
    function deprecatedSslModeWarning(sslmode) {
      if (!deprecatedSslModeWarning.warned && typeof process !== "undefined" && process.emitWarning) {
        deprecatedSslModeWarning.warned = true;
        process.emitWarning(`SECURITY WARNING: The SSL modes 'prefer', 'require', and 'verify-ca' are treated as aliases for 'verify-full'.
In the next major version (pg-connection-string v3.0.0 and pg v9.0.0), these modes will adopt standard libpq semantics, which have weaker security guarantees.

To prepare for this change:
- If you want the current behavior, explicitly use 'sslmode=verify-full'
- If you want libpq compatibility now, use 'uselibpqcompat=true&sslmode=${sslmode}'

See https://www.postgresql.org/docs/current/libpq-ssl.html for libpq SSL mode definitions.`);
      }
    }
    module.exports = parse;
    parse.parse = parse;
    parse.toClientConfig = toClientConfig;
    parse.parseIntoClientConfig = parseIntoClientConfig;
  }
});

// node_modules/pg/lib/connection-parameters.js
var require_connection_parameters = __commonJS({
  "node_modules/pg/lib/connection-parameters.js"(exports, module) {
    "use strict";
    var dns = __require("dns");
    var defaults2 = require_defaults();
    var parse = require_pg_connection_string().parse;
    var val = function(key, config, envVar) {
      if (config[key]) {
        return config[key];
      }
      if (envVar === void 0) {
        envVar = process.env["PG" + key.toUpperCase()];
      } else if (envVar === false) {
      } else {
        envVar = process.env[envVar];
      }
      return envVar || defaults2[key];
    };
    var readSSLConfigFromEnvironment = function() {
      switch (process.env.PGSSLMODE) {
        case "disable":
          return false;
        case "prefer":
        case "require":
        case "verify-ca":
        case "verify-full":
          return true;
        case "no-verify":
          return { rejectUnauthorized: false };
      }
      return defaults2.ssl;
    };
    var quoteParamValue = function(value) {
      return "'" + ("" + value).replace(/\\/g, "\\\\").replace(/'/g, "\\'") + "'";
    };
    var add = function(params, config, paramName) {
      const value = config[paramName];
      if (value !== void 0 && value !== null) {
        params.push(paramName + "=" + quoteParamValue(value));
      }
    };
    var ConnectionParameters = class {
      constructor(config) {
        config = typeof config === "string" ? parse(config) : config || {};
        if (config.connectionString) {
          config = Object.assign({}, config, parse(config.connectionString));
        }
        this.user = val("user", config);
        this.database = val("database", config);
        if (this.database === void 0) {
          this.database = this.user;
        }
        this.port = parseInt(val("port", config), 10);
        this.host = val("host", config);
        Object.defineProperty(this, "password", {
          configurable: true,
          enumerable: false,
          writable: true,
          value: val("password", config)
        });
        this.binary = val("binary", config);
        this.options = val("options", config);
        this.ssl = typeof config.ssl === "undefined" ? readSSLConfigFromEnvironment() : config.ssl;
        if (typeof this.ssl === "string") {
          if (this.ssl === "true") {
            this.ssl = true;
          }
        }
        if (this.ssl === "no-verify") {
          this.ssl = { rejectUnauthorized: false };
        }
        if (this.ssl && this.ssl.key) {
          Object.defineProperty(this.ssl, "key", {
            enumerable: false
          });
        }
        this.sslnegotiation = val("sslnegotiation", config, "PGSSLNEGOTIATION");
        if (this.sslnegotiation !== void 0 && this.sslnegotiation !== "postgres" && this.sslnegotiation !== "direct") {
          throw new Error(
            `Invalid sslnegotiation value: "${this.sslnegotiation}". Valid values are "postgres" and "direct".`
          );
        }
        if (this.sslnegotiation === "direct" && !this.ssl) {
          throw new Error("sslnegotiation=direct requires SSL to be enabled");
        }
        this.client_encoding = val("client_encoding", config);
        this.replication = val("replication", config);
        this.isDomainSocket = !(this.host || "").indexOf("/");
        this.application_name = val("application_name", config, "PGAPPNAME");
        this.fallback_application_name = val("fallback_application_name", config, false);
        this.statement_timeout = val("statement_timeout", config, false);
        this.lock_timeout = val("lock_timeout", config, false);
        this.idle_in_transaction_session_timeout = val("idle_in_transaction_session_timeout", config, false);
        this.query_timeout = val("query_timeout", config, false);
        if (config.connectionTimeoutMillis === void 0) {
          this.connect_timeout = process.env.PGCONNECT_TIMEOUT || 0;
        } else {
          this.connect_timeout = Math.floor(config.connectionTimeoutMillis / 1e3);
        }
        if (config.keepAlive === false) {
          this.keepalives = 0;
        } else if (config.keepAlive === true) {
          this.keepalives = 1;
        }
        if (typeof config.keepAliveInitialDelayMillis === "number") {
          this.keepalives_idle = Math.floor(config.keepAliveInitialDelayMillis / 1e3);
        }
      }
      getLibpqConnectionString(cb) {
        const params = [];
        add(params, this, "user");
        add(params, this, "password");
        add(params, this, "port");
        add(params, this, "application_name");
        add(params, this, "fallback_application_name");
        add(params, this, "connect_timeout");
        add(params, this, "options");
        const ssl = typeof this.ssl === "object" ? this.ssl : this.ssl ? { sslmode: this.ssl } : {};
        add(params, ssl, "sslmode");
        add(params, ssl, "sslca");
        add(params, ssl, "sslkey");
        add(params, ssl, "sslcert");
        add(params, ssl, "sslrootcert");
        add(params, this, "sslnegotiation");
        if (this.database) {
          params.push("dbname=" + quoteParamValue(this.database));
        }
        if (this.replication) {
          params.push("replication=" + quoteParamValue(this.replication));
        }
        if (this.host) {
          params.push("host=" + quoteParamValue(this.host));
        }
        if (this.isDomainSocket) {
          return cb(null, params.join(" "));
        }
        if (this.client_encoding) {
          params.push("client_encoding=" + quoteParamValue(this.client_encoding));
        }
        dns.lookup(this.host, function(err, address) {
          if (err) return cb(err, null);
          params.push("hostaddr=" + quoteParamValue(address));
          return cb(null, params.join(" "));
        });
      }
    };
    module.exports = ConnectionParameters;
  }
});

// node_modules/pg/lib/result.js
var require_result = __commonJS({
  "node_modules/pg/lib/result.js"(exports, module) {
    "use strict";
    var types2 = require_pg_types();
    var matchRegexp = /^([A-Za-z]+)(?: (\d+))?(?: (\d+))?/;
    var Result2 = class {
      constructor(rowMode, types3) {
        this.command = null;
        this.rowCount = null;
        this.oid = null;
        this.rows = [];
        this.fields = [];
        this._parsers = void 0;
        this._types = types3;
        this.RowCtor = null;
        this.rowAsArray = rowMode === "array";
        if (this.rowAsArray) {
          this.parseRow = this._parseRowAsArray;
        }
        this._prebuiltEmptyResultObject = null;
      }
      // adds a command complete message
      addCommandComplete(msg) {
        let match;
        if (msg.text) {
          match = matchRegexp.exec(msg.text);
        } else {
          match = matchRegexp.exec(msg.command);
        }
        if (match) {
          this.command = match[1];
          if (match[3]) {
            this.oid = parseInt(match[2], 10);
            this.rowCount = parseInt(match[3], 10);
          } else if (match[2]) {
            this.rowCount = parseInt(match[2], 10);
          }
        }
      }
      _parseRowAsArray(rowData) {
        const row = new Array(rowData.length);
        for (let i = 0, len = rowData.length; i < len; i++) {
          const rawValue = rowData[i];
          if (rawValue !== null) {
            row[i] = this._parsers[i](rawValue);
          } else {
            row[i] = null;
          }
        }
        return row;
      }
      parseRow(rowData) {
        const row = { ...this._prebuiltEmptyResultObject };
        for (let i = 0, len = rowData.length; i < len; i++) {
          const rawValue = rowData[i];
          const field = this.fields[i].name;
          if (rawValue !== null) {
            const v = this.fields[i].format === "binary" ? Buffer.from(rawValue) : rawValue;
            row[field] = this._parsers[i](v);
          } else {
            row[field] = null;
          }
        }
        return row;
      }
      addRow(row) {
        this.rows.push(row);
      }
      addFields(fieldDescriptions) {
        this.fields = fieldDescriptions;
        if (this.fields.length) {
          this._parsers = new Array(fieldDescriptions.length);
        }
        const row = /* @__PURE__ */ Object.create(null);
        for (let i = 0; i < fieldDescriptions.length; i++) {
          const desc = fieldDescriptions[i];
          row[desc.name] = null;
          if (this._types) {
            this._parsers[i] = this._types.getTypeParser(desc.dataTypeID, desc.format || "text");
          } else {
            this._parsers[i] = types2.getTypeParser(desc.dataTypeID, desc.format || "text");
          }
        }
        this._prebuiltEmptyResultObject = { ...row };
      }
    };
    module.exports = Result2;
  }
});

// node_modules/pg/lib/query.js
var require_query = __commonJS({
  "node_modules/pg/lib/query.js"(exports, module) {
    "use strict";
    var { EventEmitter } = __require("events");
    var Result2 = require_result();
    var utils = require_utils();
    var Query2 = class extends EventEmitter {
      constructor(config, values, callback) {
        super();
        config = utils.normalizeQueryConfig(config, values, callback);
        this.text = config.text;
        this.values = config.values;
        this.rows = config.rows;
        this.types = config.types;
        this.name = config.name;
        this.queryMode = config.queryMode;
        this.binary = config.binary;
        this.portal = config.portal || "";
        this.callback = config.callback;
        this._rowMode = config.rowMode;
        if (process.domain && config.callback) {
          this.callback = process.domain.bind(config.callback);
        }
        this._result = new Result2(this._rowMode, this.types);
        this._results = this._result;
        this._canceledDueToError = false;
      }
      requiresPreparation() {
        if (this.queryMode === "extended") {
          return true;
        }
        if (this.name) {
          return true;
        }
        if (this.rows) {
          return true;
        }
        if (!this.text) {
          return false;
        }
        if (!this.values) {
          return false;
        }
        return this.values.length > 0;
      }
      _checkForMultirow() {
        if (this._result.command) {
          if (!Array.isArray(this._results)) {
            this._results = [this._result];
          }
          this._result = new Result2(this._rowMode, this._result._types);
          this._results.push(this._result);
        }
      }
      // associates row metadata from the supplied
      // message with this query object
      // metadata used when parsing row results
      handleRowDescription(msg) {
        this._checkForMultirow();
        this._result.addFields(msg.fields);
        this._accumulateRows = this.callback || !this.listeners("row").length;
      }
      handleDataRow(msg) {
        let row;
        if (this._canceledDueToError) {
          return;
        }
        try {
          row = this._result.parseRow(msg.fields);
        } catch (err) {
          this._canceledDueToError = err;
          return;
        }
        this.emit("row", row, this._result);
        if (this._accumulateRows) {
          this._result.addRow(row);
        }
      }
      handleCommandComplete(msg, connection) {
        this._checkForMultirow();
        this._result.addCommandComplete(msg);
        if (this.rows) {
          connection.sync();
        }
      }
      // if a named prepared statement is created with empty query text
      // the backend will send an emptyQuery message but *not* a command complete message
      // since we pipeline sync immediately after execute we don't need to do anything here
      // unless we have rows specified, in which case we did not pipeline the initial sync call
      handleEmptyQuery(connection) {
        if (this.rows) {
          connection.sync();
        }
      }
      handleError(err, connection) {
        if (this._canceledDueToError) {
          err = this._canceledDueToError;
          this._canceledDueToError = false;
        }
        if (this.callback) {
          return this.callback(err);
        }
        this.emit("error", err);
      }
      handleReadyForQuery(con) {
        if (this._canceledDueToError) {
          return this.handleError(this._canceledDueToError, con);
        }
        if (this.callback) {
          try {
            this.callback(null, this._results);
          } catch (err) {
            process.nextTick(() => {
              throw err;
            });
          }
        }
        this.emit("end", this._results);
      }
      submit(connection) {
        if (typeof this.text !== "string" && typeof this.name !== "string") {
          return new Error("A query must have either text or a name. Supplying neither is unsupported.");
        }
        const previous = connection.parsedStatements[this.name] || connection.submittedNamedStatements[this.name];
        if (this.text && previous && this.text !== previous) {
          return new Error(`Prepared statements must be unique - '${this.name}' was used for a different statement`);
        }
        if (this.values && !Array.isArray(this.values)) {
          return new Error("Query values must be an array");
        }
        if (this.requiresPreparation()) {
          connection.stream.cork && connection.stream.cork();
          try {
            this.prepare(connection);
          } finally {
            connection.stream.uncork && connection.stream.uncork();
          }
        } else {
          connection.query(this.text);
        }
        return null;
      }
      hasBeenParsed(connection) {
        return this.name && (connection.parsedStatements[this.name] !== void 0 || connection.submittedNamedStatements[this.name] !== void 0);
      }
      handlePortalSuspended(connection) {
        this._getRows(connection, this.rows);
      }
      _getRows(connection, rows) {
        connection.execute({
          portal: this.portal,
          rows
        });
        if (!rows) {
          connection.sync();
        } else {
          connection.flush();
        }
      }
      // http://developer.postgresql.org/pgdocs/postgres/protocol-flow.html#PROTOCOL-FLOW-EXT-QUERY
      prepare(connection) {
        if (!this.hasBeenParsed(connection)) {
          connection.parse({
            text: this.text,
            name: this.name,
            types: this.types
          });
          if (this.name) {
            connection.submittedNamedStatements[this.name] = this.text;
          }
        }
        try {
          connection.bind({
            portal: this.portal,
            statement: this.name,
            values: this.values,
            binary: this.binary,
            valueMapper: utils.prepareValue
          });
        } catch (err) {
          connection.close({ type: "S", name: this.name });
          connection.sync();
          this.handleError(err, connection);
          return;
        }
        connection.describe({
          type: "P",
          name: this.portal || ""
        });
        this._getRows(connection, this.rows);
      }
      handleCopyInResponse(connection) {
        connection.sendCopyFail("No source stream defined");
      }
      handleCopyData(msg, connection) {
      }
    };
    module.exports = Query2;
  }
});

// node_modules/pg-protocol/dist/messages.js
var require_messages = __commonJS({
  "node_modules/pg-protocol/dist/messages.js"(exports) {
    "use strict";
    Object.defineProperty(exports, "__esModule", { value: true });
    exports.NoticeMessage = exports.DataRowMessage = exports.CommandCompleteMessage = exports.ReadyForQueryMessage = exports.NotificationResponseMessage = exports.BackendKeyDataMessage = exports.AuthenticationMD5Password = exports.ParameterStatusMessage = exports.ParameterDescriptionMessage = exports.RowDescriptionMessage = exports.Field = exports.CopyResponse = exports.CopyDataMessage = exports.DatabaseError = exports.copyDone = exports.emptyQuery = exports.replicationStart = exports.portalSuspended = exports.noData = exports.closeComplete = exports.bindComplete = exports.parseComplete = void 0;
    exports.parseComplete = {
      name: "parseComplete",
      length: 5
    };
    exports.bindComplete = {
      name: "bindComplete",
      length: 5
    };
    exports.closeComplete = {
      name: "closeComplete",
      length: 5
    };
    exports.noData = {
      name: "noData",
      length: 5
    };
    exports.portalSuspended = {
      name: "portalSuspended",
      length: 5
    };
    exports.replicationStart = {
      name: "replicationStart",
      length: 4
    };
    exports.emptyQuery = {
      name: "emptyQuery",
      length: 4
    };
    exports.copyDone = {
      name: "copyDone",
      length: 4
    };
    var DatabaseError2 = class extends Error {
      constructor(message, length, name2) {
        super(message);
        this.length = length;
        this.name = name2;
      }
    };
    exports.DatabaseError = DatabaseError2;
    var CopyDataMessage = class {
      constructor(length, chunk) {
        this.length = length;
        this.chunk = chunk;
        this.name = "copyData";
      }
    };
    exports.CopyDataMessage = CopyDataMessage;
    var CopyResponse = class {
      constructor(length, name2, binary, columnCount) {
        this.length = length;
        this.name = name2;
        this.binary = binary;
        this.columnTypes = new Array(columnCount);
      }
    };
    exports.CopyResponse = CopyResponse;
    var Field = class {
      constructor(name2, tableID, columnID, dataTypeID, dataTypeSize, dataTypeModifier, format) {
        this.name = name2;
        this.tableID = tableID;
        this.columnID = columnID;
        this.dataTypeID = dataTypeID;
        this.dataTypeSize = dataTypeSize;
        this.dataTypeModifier = dataTypeModifier;
        this.format = format;
      }
    };
    exports.Field = Field;
    var RowDescriptionMessage = class {
      constructor(length, fieldCount) {
        this.length = length;
        this.fieldCount = fieldCount;
        this.name = "rowDescription";
        this.fields = new Array(this.fieldCount);
      }
    };
    exports.RowDescriptionMessage = RowDescriptionMessage;
    var ParameterDescriptionMessage = class {
      constructor(length, parameterCount) {
        this.length = length;
        this.parameterCount = parameterCount;
        this.name = "parameterDescription";
        this.dataTypeIDs = new Array(this.parameterCount);
      }
    };
    exports.ParameterDescriptionMessage = ParameterDescriptionMessage;
    var ParameterStatusMessage = class {
      constructor(length, parameterName, parameterValue) {
        this.length = length;
        this.parameterName = parameterName;
        this.parameterValue = parameterValue;
        this.name = "parameterStatus";
      }
    };
    exports.ParameterStatusMessage = ParameterStatusMessage;
    var AuthenticationMD5Password = class {
      constructor(length, salt) {
        this.length = length;
        this.salt = salt;
        this.name = "authenticationMD5Password";
      }
    };
    exports.AuthenticationMD5Password = AuthenticationMD5Password;
    var BackendKeyDataMessage = class {
      constructor(length, processID, secretKey) {
        this.length = length;
        this.processID = processID;
        this.secretKey = secretKey;
        this.name = "backendKeyData";
      }
    };
    exports.BackendKeyDataMessage = BackendKeyDataMessage;
    var NotificationResponseMessage = class {
      constructor(length, processId, channel, payload) {
        this.length = length;
        this.processId = processId;
        this.channel = channel;
        this.payload = payload;
        this.name = "notification";
      }
    };
    exports.NotificationResponseMessage = NotificationResponseMessage;
    var ReadyForQueryMessage = class {
      constructor(length, status) {
        this.length = length;
        this.status = status;
        this.name = "readyForQuery";
      }
    };
    exports.ReadyForQueryMessage = ReadyForQueryMessage;
    var CommandCompleteMessage = class {
      constructor(length, text) {
        this.length = length;
        this.text = text;
        this.name = "commandComplete";
      }
    };
    exports.CommandCompleteMessage = CommandCompleteMessage;
    var DataRowMessage = class {
      constructor(length, fields) {
        this.length = length;
        this.fields = fields;
        this.name = "dataRow";
        this.fieldCount = fields.length;
      }
    };
    exports.DataRowMessage = DataRowMessage;
    var NoticeMessage = class {
      constructor(length, message) {
        this.length = length;
        this.message = message;
        this.name = "notice";
      }
    };
    exports.NoticeMessage = NoticeMessage;
  }
});

// node_modules/pg-protocol/dist/buffer-writer.js
var require_buffer_writer = __commonJS({
  "node_modules/pg-protocol/dist/buffer-writer.js"(exports) {
    "use strict";
    Object.defineProperty(exports, "__esModule", { value: true });
    exports.Writer = void 0;
    var Writer = class {
      constructor(size = 256) {
        this.size = size;
        this.offset = 5;
        this.headerPosition = 0;
        this.buffer = Buffer.allocUnsafe(size);
      }
      ensure(size) {
        const remaining = this.buffer.length - this.offset;
        if (remaining < size) {
          const oldBuffer = this.buffer;
          const newSize = oldBuffer.length + (oldBuffer.length >> 1) + size;
          this.buffer = Buffer.allocUnsafe(newSize);
          oldBuffer.copy(this.buffer, 0, 0, this.offset);
        }
      }
      addInt32(num) {
        this.ensure(4);
        this.buffer[this.offset++] = num >>> 24 & 255;
        this.buffer[this.offset++] = num >>> 16 & 255;
        this.buffer[this.offset++] = num >>> 8 & 255;
        this.buffer[this.offset++] = num >>> 0 & 255;
        return this;
      }
      addInt16(num) {
        this.ensure(2);
        this.buffer[this.offset++] = num >>> 8 & 255;
        this.buffer[this.offset++] = num >>> 0 & 255;
        return this;
      }
      addCString(string) {
        if (!string) {
          this.ensure(1);
        } else {
          const len = Buffer.byteLength(string);
          this.ensure(len + 1);
          this.buffer.write(string, this.offset, "utf-8");
          this.offset += len;
        }
        this.buffer[this.offset++] = 0;
        return this;
      }
      addString(string = "") {
        const len = Buffer.byteLength(string);
        this.ensure(len);
        this.buffer.write(string, this.offset);
        this.offset += len;
        return this;
      }
      // Write an Int32 byte-length prefix immediately followed by the string's UTF-8
      // bytes. Postgres' Bind wire format prefixes every parameter with its length,
      // and doing it in one method computes Buffer.byteLength ONCE — the previous
      // `addInt32(Buffer.byteLength(s)).addString(s)` pairing scanned the string
      // three times (byteLength for the prefix, byteLength again inside addString,
      // then the encode), which is costly for large text parameters.
      addInt32PrefixedString(string) {
        const len = Buffer.byteLength(string);
        this.ensure(4 + len);
        const buffer = this.buffer;
        let offset = this.offset;
        buffer[offset++] = len >>> 24 & 255;
        buffer[offset++] = len >>> 16 & 255;
        buffer[offset++] = len >>> 8 & 255;
        buffer[offset++] = len >>> 0 & 255;
        buffer.write(string, offset, "utf-8");
        this.offset = offset + len;
        return this;
      }
      add(otherBuffer) {
        this.ensure(otherBuffer.length);
        otherBuffer.copy(this.buffer, this.offset);
        this.offset += otherBuffer.length;
        return this;
      }
      /**
       * Appends an uninitialized block of {@link size} bytes to the buffer and returns its offset.
       */
      reserveUnsafe(size) {
        const offset = this.offset;
        this.ensure(size);
        this.offset += size;
        return offset;
      }
      join(code) {
        if (code) {
          this.buffer[this.headerPosition] = code;
          const length = this.offset - (this.headerPosition + 1);
          this.buffer.writeInt32BE(length, this.headerPosition + 1);
        }
        return this.buffer.slice(code ? 0 : 5, this.offset);
      }
      flush(code) {
        const result = this.join(code);
        this.offset = 5;
        this.headerPosition = 0;
        this.buffer = Buffer.allocUnsafe(this.size);
        return result;
      }
      clear() {
        this.offset = 5;
        this.headerPosition = 0;
      }
    };
    exports.Writer = Writer;
  }
});

// node_modules/pg-protocol/dist/serializer.js
var require_serializer = __commonJS({
  "node_modules/pg-protocol/dist/serializer.js"(exports) {
    "use strict";
    Object.defineProperty(exports, "__esModule", { value: true });
    exports.serialize = void 0;
    var buffer_writer_1 = require_buffer_writer();
    var writer = new buffer_writer_1.Writer();
    var startup = (opts) => {
      writer.addInt16(3).addInt16(0);
      for (const key of Object.keys(opts)) {
        writer.addCString(key).addCString(opts[key]);
      }
      writer.addCString("client_encoding").addCString("UTF8");
      const bodyBuffer = writer.addCString("").flush();
      const length = bodyBuffer.length + 4;
      return new buffer_writer_1.Writer().addInt32(length).add(bodyBuffer).flush();
    };
    var requestSsl = () => {
      const response = Buffer.allocUnsafe(8);
      response.writeInt32BE(8, 0);
      response.writeInt32BE(80877103, 4);
      return response;
    };
    var password = (password2) => {
      return writer.addCString(password2).flush(
        112
        /* code.startup */
      );
    };
    var sendSASLInitialResponseMessage = function(mechanism, initialResponse) {
      writer.addCString(mechanism).addInt32PrefixedString(initialResponse);
      return writer.flush(
        112
        /* code.startup */
      );
    };
    var sendSCRAMClientFinalMessage = function(additionalData) {
      return writer.addString(additionalData).flush(
        112
        /* code.startup */
      );
    };
    var query = (text) => {
      return writer.addCString(text).flush(
        81
        /* code.query */
      );
    };
    var emptyArray = [];
    var parse = (query2) => {
      const name2 = query2.name || "";
      if (name2.length > 63) {
        console.error("Warning! Postgres only supports 63 characters for query names.");
        console.error("You supplied %s (%s)", name2, name2.length);
        console.error("This can cause conflicts and silent errors executing queries");
      }
      const types2 = query2.types || emptyArray;
      const len = types2.length;
      const buffer = writer.addCString(name2).addCString(query2.text).addInt16(len);
      for (let i = 0; i < len; i++) {
        buffer.addInt32(types2[i]);
      }
      return writer.flush(
        80
        /* code.parse */
      );
    };
    var writeValues = function(values, valueMapper, formatsOffset) {
      const len = values.length;
      for (let i = 0; i < len; i++) {
        const mappedVal = valueMapper ? valueMapper(values[i], i) : values[i];
        let formatByte = 0;
        if (mappedVal == null) {
          writer.addInt32(-1);
        } else if (mappedVal instanceof Buffer) {
          formatByte = 1;
          writer.addInt32(mappedVal.length);
          writer.add(mappedVal);
        } else {
          writer.addInt32PrefixedString(mappedVal);
        }
        const buf = writer.buffer;
        buf[formatsOffset++] = 0;
        buf[formatsOffset++] = formatByte;
      }
    };
    var bind = (config = {}) => {
      const portal = config.portal || "";
      const statement = config.statement || "";
      const binary = config.binary || false;
      const values = config.values || emptyArray;
      const len = values.length;
      writer.addCString(portal).addCString(statement);
      writer.addInt16(len);
      const formatsOffset = writer.reserveUnsafe(len * 2);
      writer.addInt16(len);
      try {
        writeValues(values, config.valueMapper, formatsOffset);
      } catch (err) {
        writer.clear();
        throw err;
      }
      writer.addInt16(1);
      writer.addInt16(
        binary ? 1 : 0
        /* ParamType.STRING */
      );
      return writer.flush(
        66
        /* code.bind */
      );
    };
    var emptyExecute = Buffer.from([69, 0, 0, 0, 9, 0, 0, 0, 0, 0]);
    var execute = (config) => {
      if (!config || !config.portal && !config.rows) {
        return emptyExecute;
      }
      const portal = config.portal || "";
      const rows = config.rows || 0;
      const portalLength = Buffer.byteLength(portal);
      const len = 4 + portalLength + 1 + 4;
      const buff = Buffer.allocUnsafe(1 + len);
      buff[0] = 69;
      buff.writeInt32BE(len, 1);
      buff.write(portal, 5, "utf-8");
      buff[portalLength + 5] = 0;
      buff.writeUInt32BE(rows, buff.length - 4);
      return buff;
    };
    var cancel = (processID, secretKey) => {
      const buffer = Buffer.allocUnsafe(16);
      buffer.writeInt32BE(16, 0);
      buffer.writeInt16BE(1234, 4);
      buffer.writeInt16BE(5678, 6);
      buffer.writeInt32BE(processID, 8);
      buffer.writeInt32BE(secretKey, 12);
      return buffer;
    };
    var cstringMessage = (code, string) => {
      const stringLen = Buffer.byteLength(string);
      const len = 4 + stringLen + 1;
      const buffer = Buffer.allocUnsafe(1 + len);
      buffer[0] = code;
      buffer.writeInt32BE(len, 1);
      buffer.write(string, 5, "utf-8");
      buffer[len] = 0;
      return buffer;
    };
    var emptyDescribePortal = writer.addCString("P").flush(
      68
      /* code.describe */
    );
    var emptyDescribeStatement = writer.addCString("S").flush(
      68
      /* code.describe */
    );
    var describe2 = (msg) => {
      return msg.name ? cstringMessage(68, `${msg.type}${msg.name || ""}`) : msg.type === "P" ? emptyDescribePortal : emptyDescribeStatement;
    };
    var close = (msg) => {
      const text = `${msg.type}${msg.name || ""}`;
      return cstringMessage(67, text);
    };
    var copyData = (chunk) => {
      return writer.add(chunk).flush(
        100
        /* code.copyFromChunk */
      );
    };
    var copyFail = (message) => {
      return cstringMessage(102, message);
    };
    var codeOnlyBuffer = (code) => Buffer.from([code, 0, 0, 0, 4]);
    var flushBuffer = codeOnlyBuffer(
      72
      /* code.flush */
    );
    var syncBuffer = codeOnlyBuffer(
      83
      /* code.sync */
    );
    var endBuffer = codeOnlyBuffer(
      88
      /* code.end */
    );
    var copyDoneBuffer = codeOnlyBuffer(
      99
      /* code.copyDone */
    );
    var serialize = {
      startup,
      password,
      requestSsl,
      sendSASLInitialResponseMessage,
      sendSCRAMClientFinalMessage,
      query,
      parse,
      bind,
      execute,
      describe: describe2,
      close,
      flush: () => flushBuffer,
      sync: () => syncBuffer,
      end: () => endBuffer,
      copyData,
      copyDone: () => copyDoneBuffer,
      copyFail,
      cancel
    };
    exports.serialize = serialize;
  }
});

// node_modules/pg-protocol/dist/buffer-reader.js
var require_buffer_reader = __commonJS({
  "node_modules/pg-protocol/dist/buffer-reader.js"(exports) {
    "use strict";
    Object.defineProperty(exports, "__esModule", { value: true });
    exports.BufferReader = void 0;
    var BufferReader = class {
      constructor(offset = 0) {
        this.offset = offset;
        this.buffer = Buffer.allocUnsafe(0);
        this.encoding = "utf-8";
      }
      setBuffer(offset, buffer) {
        this.offset = offset;
        this.buffer = buffer;
      }
      int16() {
        const result = this.buffer.readInt16BE(this.offset);
        this.offset += 2;
        return result;
      }
      byte() {
        const result = this.buffer[this.offset];
        this.offset++;
        return result;
      }
      int32() {
        const result = this.buffer.readInt32BE(this.offset);
        this.offset += 4;
        return result;
      }
      uint32() {
        const result = this.buffer.readUInt32BE(this.offset);
        this.offset += 4;
        return result;
      }
      string(length) {
        const result = this.buffer.toString(this.encoding, this.offset, this.offset + length);
        this.offset += length;
        return result;
      }
      cstring() {
        const start = this.offset;
        let end = start;
        while (this.buffer[end++]) {
        }
        this.offset = end;
        return this.buffer.toString(this.encoding, start, end - 1);
      }
      bytes(length) {
        const result = this.buffer.slice(this.offset, this.offset + length);
        this.offset += length;
        return result;
      }
    };
    exports.BufferReader = BufferReader;
  }
});

// node_modules/pg-protocol/dist/parser.js
var require_parser = __commonJS({
  "node_modules/pg-protocol/dist/parser.js"(exports) {
    "use strict";
    Object.defineProperty(exports, "__esModule", { value: true });
    exports.Parser = void 0;
    var messages_1 = require_messages();
    var buffer_reader_1 = require_buffer_reader();
    var CODE_LENGTH = 1;
    var LEN_LENGTH = 4;
    var HEADER_LENGTH = CODE_LENGTH + LEN_LENGTH;
    var LATEINIT_LENGTH = -1;
    var emptyBuffer = Buffer.allocUnsafe(0);
    var Parser = class {
      constructor(opts) {
        this.buffer = emptyBuffer;
        this.bufferLength = 0;
        this.bufferOffset = 0;
        this.reader = new buffer_reader_1.BufferReader();
        if ((opts === null || opts === void 0 ? void 0 : opts.mode) === "binary") {
          throw new Error("Binary mode not supported yet");
        }
        this.mode = (opts === null || opts === void 0 ? void 0 : opts.mode) || "text";
      }
      parse(buffer, callback) {
        this.mergeBuffer(buffer);
        const bufferFullLength = this.bufferOffset + this.bufferLength;
        let offset = this.bufferOffset;
        while (offset + HEADER_LENGTH <= bufferFullLength) {
          const code = this.buffer[offset];
          const length = this.buffer.readUInt32BE(offset + CODE_LENGTH);
          const fullMessageLength = CODE_LENGTH + length;
          if (fullMessageLength + offset <= bufferFullLength) {
            const message = this.handlePacket(offset + HEADER_LENGTH, code, length, this.buffer);
            callback(message);
            offset += fullMessageLength;
          } else {
            break;
          }
        }
        if (offset === bufferFullLength) {
          this.buffer = emptyBuffer;
          this.bufferLength = 0;
          this.bufferOffset = 0;
        } else {
          this.bufferLength = bufferFullLength - offset;
          this.bufferOffset = offset;
        }
      }
      mergeBuffer(buffer) {
        if (this.bufferLength > 0) {
          const newLength = this.bufferLength + buffer.byteLength;
          const newFullLength = newLength + this.bufferOffset;
          if (newFullLength > this.buffer.byteLength) {
            let newBuffer;
            if (newLength <= this.buffer.byteLength && this.bufferOffset >= this.bufferLength) {
              newBuffer = this.buffer;
            } else {
              let newBufferLength = this.buffer.byteLength * 2;
              while (newLength >= newBufferLength) {
                newBufferLength *= 2;
              }
              newBuffer = Buffer.allocUnsafe(newBufferLength);
            }
            this.buffer.copy(newBuffer, 0, this.bufferOffset, this.bufferOffset + this.bufferLength);
            this.buffer = newBuffer;
            this.bufferOffset = 0;
          }
          buffer.copy(this.buffer, this.bufferOffset + this.bufferLength);
          this.bufferLength = newLength;
        } else {
          this.buffer = buffer;
          this.bufferOffset = 0;
          this.bufferLength = buffer.byteLength;
        }
      }
      handlePacket(offset, code, length, bytes) {
        const { reader } = this;
        reader.setBuffer(offset, bytes);
        let message;
        switch (code) {
          case 50:
            message = messages_1.bindComplete;
            break;
          case 49:
            message = messages_1.parseComplete;
            break;
          case 51:
            message = messages_1.closeComplete;
            break;
          case 110:
            message = messages_1.noData;
            break;
          case 115:
            message = messages_1.portalSuspended;
            break;
          case 99:
            message = messages_1.copyDone;
            break;
          case 87:
            message = messages_1.replicationStart;
            break;
          case 73:
            message = messages_1.emptyQuery;
            break;
          case 68:
            message = parseDataRowMessage(reader);
            break;
          case 67:
            message = parseCommandCompleteMessage(reader);
            break;
          case 90:
            message = parseReadyForQueryMessage(reader);
            break;
          case 65:
            message = parseNotificationMessage(reader);
            break;
          case 82:
            message = parseAuthenticationResponse(reader, length);
            break;
          case 83:
            message = parseParameterStatusMessage(reader);
            break;
          case 75:
            message = parseBackendKeyData(reader);
            break;
          case 69:
            message = parseErrorMessage(reader, "error");
            break;
          case 78:
            message = parseErrorMessage(reader, "notice");
            break;
          case 84:
            message = parseRowDescriptionMessage(reader);
            break;
          case 116:
            message = parseParameterDescriptionMessage(reader);
            break;
          case 71:
            message = parseCopyInMessage(reader);
            break;
          case 72:
            message = parseCopyOutMessage(reader);
            break;
          case 100:
            message = parseCopyData(reader, length);
            break;
          default:
            return new messages_1.DatabaseError("received invalid response: " + code.toString(16), length, "error");
        }
        reader.setBuffer(0, emptyBuffer);
        message.length = length;
        return message;
      }
    };
    exports.Parser = Parser;
    var parseReadyForQueryMessage = (reader) => {
      const status = reader.string(1);
      return new messages_1.ReadyForQueryMessage(LATEINIT_LENGTH, status);
    };
    var parseCommandCompleteMessage = (reader) => {
      const text = reader.cstring();
      return new messages_1.CommandCompleteMessage(LATEINIT_LENGTH, text);
    };
    var parseCopyData = (reader, length) => {
      const chunk = reader.bytes(length - 4);
      return new messages_1.CopyDataMessage(LATEINIT_LENGTH, chunk);
    };
    var parseCopyInMessage = (reader) => parseCopyMessage(reader, "copyInResponse");
    var parseCopyOutMessage = (reader) => parseCopyMessage(reader, "copyOutResponse");
    var parseCopyMessage = (reader, messageName) => {
      const isBinary = reader.byte() !== 0;
      const columnCount = reader.int16();
      const message = new messages_1.CopyResponse(LATEINIT_LENGTH, messageName, isBinary, columnCount);
      for (let i = 0; i < columnCount; i++) {
        message.columnTypes[i] = reader.int16();
      }
      return message;
    };
    var parseNotificationMessage = (reader) => {
      const processId = reader.int32();
      const channel = reader.cstring();
      const payload = reader.cstring();
      return new messages_1.NotificationResponseMessage(LATEINIT_LENGTH, processId, channel, payload);
    };
    var parseRowDescriptionMessage = (reader) => {
      const fieldCount = reader.int16();
      const message = new messages_1.RowDescriptionMessage(LATEINIT_LENGTH, fieldCount);
      for (let i = 0; i < fieldCount; i++) {
        message.fields[i] = parseField(reader);
      }
      return message;
    };
    var parseField = (reader) => {
      const name2 = reader.cstring();
      const tableID = reader.uint32();
      const columnID = reader.int16();
      const dataTypeID = reader.uint32();
      const dataTypeSize = reader.int16();
      const dataTypeModifier = reader.int32();
      const mode = reader.int16() === 0 ? "text" : "binary";
      return new messages_1.Field(name2, tableID, columnID, dataTypeID, dataTypeSize, dataTypeModifier, mode);
    };
    var parseParameterDescriptionMessage = (reader) => {
      const parameterCount = reader.int16();
      const message = new messages_1.ParameterDescriptionMessage(LATEINIT_LENGTH, parameterCount);
      for (let i = 0; i < parameterCount; i++) {
        message.dataTypeIDs[i] = reader.uint32();
      }
      return message;
    };
    var parseDataRowMessage = (reader) => {
      const fieldCount = reader.int16();
      const fields = new Array(fieldCount);
      for (let i = 0; i < fieldCount; i++) {
        const len = reader.int32();
        fields[i] = len === -1 ? null : reader.string(len);
      }
      return new messages_1.DataRowMessage(LATEINIT_LENGTH, fields);
    };
    var parseParameterStatusMessage = (reader) => {
      const name2 = reader.cstring();
      const value = reader.cstring();
      return new messages_1.ParameterStatusMessage(LATEINIT_LENGTH, name2, value);
    };
    var parseBackendKeyData = (reader) => {
      const processID = reader.int32();
      const secretKey = reader.int32();
      return new messages_1.BackendKeyDataMessage(LATEINIT_LENGTH, processID, secretKey);
    };
    var parseAuthenticationResponse = (reader, length) => {
      const code = reader.int32();
      const message = {
        name: "authenticationOk",
        length
      };
      switch (code) {
        case 0:
          break;
        case 3:
          if (message.length === 8) {
            message.name = "authenticationCleartextPassword";
          }
          break;
        case 5:
          if (message.length === 12) {
            message.name = "authenticationMD5Password";
            const salt = reader.bytes(4);
            return new messages_1.AuthenticationMD5Password(LATEINIT_LENGTH, salt);
          }
          break;
        case 10:
          {
            message.name = "authenticationSASL";
            message.mechanisms = [];
            let mechanism;
            do {
              mechanism = reader.cstring();
              if (mechanism) {
                message.mechanisms.push(mechanism);
              }
            } while (mechanism);
          }
          break;
        case 11:
          message.name = "authenticationSASLContinue";
          message.data = reader.string(length - 8);
          break;
        case 12:
          message.name = "authenticationSASLFinal";
          message.data = reader.string(length - 8);
          break;
        default:
          throw new Error("Unknown authenticationOk message type " + code);
      }
      return message;
    };
    var parseErrorMessage = (reader, name2) => {
      const fields = {};
      let fieldType = reader.string(1);
      while (fieldType !== "\0") {
        fields[fieldType] = reader.cstring();
        fieldType = reader.string(1);
      }
      const messageValue = fields.M;
      const message = name2 === "notice" ? new messages_1.NoticeMessage(LATEINIT_LENGTH, messageValue) : new messages_1.DatabaseError(messageValue, LATEINIT_LENGTH, name2);
      message.severity = fields.S;
      message.code = fields.C;
      message.detail = fields.D;
      message.hint = fields.H;
      message.position = fields.P;
      message.internalPosition = fields.p;
      message.internalQuery = fields.q;
      message.where = fields.W;
      message.schema = fields.s;
      message.table = fields.t;
      message.column = fields.c;
      message.dataType = fields.d;
      message.constraint = fields.n;
      message.file = fields.F;
      message.line = fields.L;
      message.routine = fields.R;
      return message;
    };
  }
});

// node_modules/pg-protocol/dist/index.js
var require_dist = __commonJS({
  "node_modules/pg-protocol/dist/index.js"(exports) {
    "use strict";
    Object.defineProperty(exports, "__esModule", { value: true });
    exports.DatabaseError = exports.serialize = void 0;
    exports.parse = parse;
    var messages_1 = require_messages();
    Object.defineProperty(exports, "DatabaseError", { enumerable: true, get: function() {
      return messages_1.DatabaseError;
    } });
    var serializer_1 = require_serializer();
    Object.defineProperty(exports, "serialize", { enumerable: true, get: function() {
      return serializer_1.serialize;
    } });
    var parser_1 = require_parser();
    function parse(stream, callback) {
      const parser = new parser_1.Parser();
      stream.on("data", (buffer) => parser.parse(buffer, callback));
      return new Promise((resolve) => stream.on("end", () => resolve()));
    }
  }
});

// node_modules/pg-cloudflare/dist/empty.js
var require_empty = __commonJS({
  "node_modules/pg-cloudflare/dist/empty.js"(exports) {
    "use strict";
    Object.defineProperty(exports, "__esModule", { value: true });
    exports.default = {};
  }
});

// node_modules/pg/lib/stream.js
var require_stream = __commonJS({
  "node_modules/pg/lib/stream.js"(exports, module) {
    var { getStream, getSecureStream } = getStreamFuncs();
    module.exports = {
      /**
       * Get a socket stream compatible with the current runtime environment.
       * @returns {Duplex}
       */
      getStream,
      /**
       * Get a TLS secured socket, compatible with the current environment,
       * using the socket and other settings given in `options`.
       * @returns {Duplex}
       */
      getSecureStream
    };
    function getNodejsStreamFuncs() {
      function getStream2(ssl) {
        const net = __require("net");
        return new net.Socket();
      }
      function getSecureStream2(options) {
        const tls = __require("tls");
        return tls.connect(options);
      }
      return {
        getStream: getStream2,
        getSecureStream: getSecureStream2
      };
    }
    function getCloudflareStreamFuncs() {
      function getStream2(ssl) {
        const { CloudflareSocket } = require_empty();
        return new CloudflareSocket(ssl);
      }
      function getSecureStream2(options) {
        options.socket.startTls(options);
        return options.socket;
      }
      return {
        getStream: getStream2,
        getSecureStream: getSecureStream2
      };
    }
    function isCloudflareRuntime() {
      if (typeof navigator === "object" && navigator !== null && typeof navigator.userAgent === "string") {
        return navigator.userAgent === "Cloudflare-Workers";
      }
      if (typeof Response === "function") {
        const resp = new Response(null, { cf: { thing: true } });
        if (typeof resp.cf === "object" && resp.cf !== null && resp.cf.thing) {
          return true;
        }
      }
      return false;
    }
    function getStreamFuncs() {
      if (isCloudflareRuntime()) {
        return getCloudflareStreamFuncs();
      }
      return getNodejsStreamFuncs();
    }
  }
});

// node_modules/pg/lib/connection.js
var require_connection = __commonJS({
  "node_modules/pg/lib/connection.js"(exports, module) {
    "use strict";
    var EventEmitter = __require("events").EventEmitter;
    var { parse, serialize } = require_dist();
    var stream = require_stream();
    var { getStream } = stream;
    var flushBuffer = serialize.flush();
    var syncBuffer = serialize.sync();
    var endBuffer = serialize.end();
    var Connection2 = class extends EventEmitter {
      constructor(config) {
        super();
        config = config || {};
        this.stream = config.stream || getStream(config.ssl);
        if (typeof this.stream === "function") {
          this.stream = this.stream(config);
        }
        this._keepAlive = config.keepAlive;
        this._keepAliveInitialDelayMillis = config.keepAliveInitialDelayMillis;
        this.parsedStatements = {};
        this.submittedNamedStatements = {};
        this.ssl = config.ssl || false;
        this.sslNegotiation = config.sslNegotiation || "postgres";
        this._ending = false;
        this._emitMessage = false;
        const self = this;
        this.on("newListener", function(eventName) {
          if (eventName === "message") {
            self._emitMessage = true;
          }
        });
      }
      connect(port, host) {
        const self = this;
        this._connecting = true;
        this.stream.setNoDelay(true);
        this.stream.connect(port, host);
        this.stream.once("connect", function() {
          if (self._keepAlive) {
            self.stream.setKeepAlive(true, self._keepAliveInitialDelayMillis);
          }
          self.emit("connect");
        });
        const reportStreamError = function(error) {
          if (self._ending && (error.code === "ECONNRESET" || error.code === "EPIPE")) {
            return;
          }
          self.emit("error", error);
        };
        this.stream.on("error", reportStreamError);
        this.stream.on("close", function() {
          self.emit("end");
        });
        if (!this.ssl) {
          return this.attachListeners(this.stream);
        }
        if (this.sslNegotiation === "direct") {
          return this.stream.once("connect", function() {
            self.upgradeToSSL(host, reportStreamError);
          });
        }
        this.stream.once("data", function(buffer) {
          const responseCode = buffer.toString("utf8");
          switch (responseCode) {
            case "S":
              break;
            case "N":
              self.stream.end();
              return self.emit("error", new Error("The server does not support SSL connections"));
            default:
              self.stream.end();
              return self.emit("error", new Error("There was an error establishing an SSL connection"));
          }
          self.upgradeToSSL(host, reportStreamError);
        });
      }
      upgradeToSSL(host, reportStreamError) {
        const self = this;
        const options = {
          socket: self.stream,
          // tls.connect checks the server identity against `servername`, falling
          // back to `host` and then to 'localhost'. `servername` must stay unset
          // for IP addresses (see below), so `host` is needed to keep certificate
          // validation working when connecting to an IP address.
          host
        };
        if (self.ssl !== true) {
          Object.assign(options, self.ssl);
          if ("key" in self.ssl) {
            options.key = self.ssl.key;
          }
        }
        if (self.sslNegotiation === "direct") {
          options.ALPNProtocols = ["postgresql"];
        }
        const net = __require("net");
        if (net.isIP && net.isIP(host) === 0) {
          options.servername = host;
        }
        try {
          self.stream = stream.getSecureStream(options);
        } catch (err) {
          return self.emit("error", err);
        }
        self.attachListeners(self.stream);
        self.stream.on("error", reportStreamError);
        self.emit("sslconnect");
      }
      attachListeners(stream2) {
        parse(stream2, (msg) => {
          const eventName = msg.name === "error" ? "errorMessage" : msg.name;
          if (this._emitMessage) {
            this.emit("message", msg);
          }
          this.emit(eventName, msg);
        });
      }
      requestSsl() {
        this.stream.write(serialize.requestSsl());
      }
      startup(config) {
        this.stream.write(serialize.startup(config));
      }
      cancel(processID, secretKey) {
        this._send(serialize.cancel(processID, secretKey));
      }
      password(password) {
        this._send(serialize.password(password));
      }
      sendSASLInitialResponseMessage(mechanism, initialResponse) {
        this._send(serialize.sendSASLInitialResponseMessage(mechanism, initialResponse));
      }
      sendSCRAMClientFinalMessage(additionalData) {
        this._send(serialize.sendSCRAMClientFinalMessage(additionalData));
      }
      _send(buffer) {
        if (!this.stream.writable) {
          return false;
        }
        return this.stream.write(buffer);
      }
      query(text) {
        this._send(serialize.query(text));
      }
      // send parse message
      parse(query) {
        this._send(serialize.parse(query));
      }
      // send bind message
      bind(config) {
        this._send(serialize.bind(config));
      }
      // send execute message
      execute(config) {
        this._send(serialize.execute(config));
      }
      flush() {
        if (this.stream.writable) {
          this.stream.write(flushBuffer);
        }
      }
      sync() {
        this._send(syncBuffer);
      }
      ref() {
        this.stream.ref();
      }
      unref() {
        this.stream.unref();
      }
      end() {
        this._ending = true;
        if (!this._connecting || !this.stream.writable) {
          this.stream.end();
          return;
        }
        return this.stream.write(endBuffer, () => {
          this.stream.end();
        });
      }
      close(msg) {
        this._send(serialize.close(msg));
      }
      describe(msg) {
        this._send(serialize.describe(msg));
      }
      sendCopyFromChunk(chunk) {
        this._send(serialize.copyData(chunk));
      }
      endCopyFrom() {
        this._send(serialize.copyDone());
      }
      sendCopyFail(msg) {
        this._send(serialize.copyFail(msg));
      }
    };
    module.exports = Connection2;
  }
});

// node_modules/split2/index.js
var require_split2 = __commonJS({
  "node_modules/split2/index.js"(exports, module) {
    "use strict";
    var { Transform: Transform3 } = __require("stream");
    var { StringDecoder } = __require("string_decoder");
    var kLast = /* @__PURE__ */ Symbol("last");
    var kDecoder = /* @__PURE__ */ Symbol("decoder");
    function transform(chunk, enc, cb) {
      let list;
      if (this.overflow) {
        const buf = this[kDecoder].write(chunk);
        list = buf.split(this.matcher);
        if (list.length === 1) return cb();
        list.shift();
        this.overflow = false;
      } else {
        this[kLast] += this[kDecoder].write(chunk);
        list = this[kLast].split(this.matcher);
      }
      this[kLast] = list.pop();
      for (let i = 0; i < list.length; i++) {
        try {
          push(this, this.mapper(list[i]));
        } catch (error) {
          return cb(error);
        }
      }
      this.overflow = this[kLast].length > this.maxLength;
      if (this.overflow && !this.skipOverflow) {
        cb(new Error("maximum buffer reached"));
        return;
      }
      cb();
    }
    function flush(cb) {
      this[kLast] += this[kDecoder].end();
      if (this[kLast]) {
        try {
          push(this, this.mapper(this[kLast]));
        } catch (error) {
          return cb(error);
        }
      }
      cb();
    }
    function push(self, val) {
      if (val !== void 0) {
        self.push(val);
      }
    }
    function noop(incoming) {
      return incoming;
    }
    function split(matcher, mapper, options) {
      matcher = matcher || /\r?\n/;
      mapper = mapper || noop;
      options = options || {};
      switch (arguments.length) {
        case 1:
          if (typeof matcher === "function") {
            mapper = matcher;
            matcher = /\r?\n/;
          } else if (typeof matcher === "object" && !(matcher instanceof RegExp) && !matcher[Symbol.split]) {
            options = matcher;
            matcher = /\r?\n/;
          }
          break;
        case 2:
          if (typeof matcher === "function") {
            options = mapper;
            mapper = matcher;
            matcher = /\r?\n/;
          } else if (typeof mapper === "object") {
            options = mapper;
            mapper = noop;
          }
      }
      options = Object.assign({}, options);
      options.autoDestroy = true;
      options.transform = transform;
      options.flush = flush;
      options.readableObjectMode = true;
      const stream = new Transform3(options);
      stream[kLast] = "";
      stream[kDecoder] = new StringDecoder("utf8");
      stream.matcher = matcher;
      stream.mapper = mapper;
      stream.maxLength = options.maxLength;
      stream.skipOverflow = options.skipOverflow || false;
      stream.overflow = false;
      stream._destroy = function(err, cb) {
        this._writableState.errorEmitted = false;
        cb(err);
      };
      return stream;
    }
    module.exports = split;
  }
});

// node_modules/pgpass/lib/helper.js
var require_helper = __commonJS({
  "node_modules/pgpass/lib/helper.js"(exports, module) {
    "use strict";
    var path2 = __require("path");
    var Stream = __require("stream").Stream;
    var split = require_split2();
    var util = __require("util");
    var defaultPort = 5432;
    var isWin = process.platform === "win32";
    var warnStream = process.stderr;
    var S_IRWXG = 56;
    var S_IRWXO = 7;
    var S_IFMT = 61440;
    var S_IFREG = 32768;
    function isRegFile(mode) {
      return (mode & S_IFMT) == S_IFREG;
    }
    var fieldNames = ["host", "port", "database", "user", "password"];
    var nrOfFields = fieldNames.length;
    var passKey = fieldNames[nrOfFields - 1];
    function warn() {
      var isWritable = warnStream instanceof Stream && true === warnStream.writable;
      if (isWritable) {
        var args = Array.prototype.slice.call(arguments).concat("\n");
        warnStream.write(util.format.apply(util, args));
      }
    }
    Object.defineProperty(module.exports, "isWin", {
      get: function() {
        return isWin;
      },
      set: function(val) {
        isWin = val;
      }
    });
    module.exports.warnTo = function(stream) {
      var old = warnStream;
      warnStream = stream;
      return old;
    };
    module.exports.getFileName = function(rawEnv) {
      var env = rawEnv || process.env;
      var file = env.PGPASSFILE || (isWin ? path2.join(env.APPDATA || "./", "postgresql", "pgpass.conf") : path2.join(env.HOME || "./", ".pgpass"));
      return file;
    };
    module.exports.usePgPass = function(stats, fname) {
      if (Object.prototype.hasOwnProperty.call(process.env, "PGPASSWORD")) {
        return false;
      }
      if (isWin) {
        return true;
      }
      fname = fname || "<unkn>";
      if (!isRegFile(stats.mode)) {
        warn('WARNING: password file "%s" is not a plain file', fname);
        return false;
      }
      if (stats.mode & (S_IRWXG | S_IRWXO)) {
        warn('WARNING: password file "%s" has group or world access; permissions should be u=rw (0600) or less', fname);
        return false;
      }
      return true;
    };
    var matcher = module.exports.match = function(connInfo, entry) {
      return fieldNames.slice(0, -1).reduce(function(prev, field, idx) {
        if (idx == 1) {
          if (Number(connInfo[field] || defaultPort) === Number(entry[field])) {
            return prev && true;
          }
        }
        return prev && (entry[field] === "*" || entry[field] === connInfo[field]);
      }, true);
    };
    module.exports.getPassword = function(connInfo, stream, cb) {
      var pass3;
      var lineStream = stream.pipe(split());
      function onLine(line) {
        var entry = parseLine(line);
        if (entry && isValidEntry(entry) && matcher(connInfo, entry)) {
          pass3 = entry[passKey];
          lineStream.end();
        }
      }
      var onEnd = function() {
        stream.destroy();
        cb(pass3);
      };
      var onErr = function(err) {
        stream.destroy();
        warn("WARNING: error on reading file: %s", err);
        cb(void 0);
      };
      stream.on("error", onErr);
      lineStream.on("data", onLine).on("end", onEnd).on("error", onErr);
    };
    var parseLine = module.exports.parseLine = function(line) {
      if (line.length < 11 || line.match(/^\s+#/)) {
        return null;
      }
      var curChar = "";
      var prevChar = "";
      var fieldIdx = 0;
      var startIdx = 0;
      var endIdx = 0;
      var obj = {};
      var isLastField = false;
      var addToObj = function(idx, i0, i1) {
        var field = line.substring(i0, i1);
        if (!Object.hasOwnProperty.call(process.env, "PGPASS_NO_DEESCAPE")) {
          field = field.replace(/\\([:\\])/g, "$1");
        }
        obj[fieldNames[idx]] = field;
      };
      for (var i = 0; i < line.length - 1; i += 1) {
        curChar = line.charAt(i + 1);
        prevChar = line.charAt(i);
        isLastField = fieldIdx == nrOfFields - 1;
        if (isLastField) {
          addToObj(fieldIdx, startIdx);
          break;
        }
        if (i >= 0 && curChar == ":" && prevChar !== "\\") {
          addToObj(fieldIdx, startIdx, i + 1);
          startIdx = i + 2;
          fieldIdx += 1;
        }
      }
      obj = Object.keys(obj).length === nrOfFields ? obj : null;
      return obj;
    };
    var isValidEntry = module.exports.isValidEntry = function(entry) {
      var rules = {
        // host
        0: function(x) {
          return x.length > 0;
        },
        // port
        1: function(x) {
          if (x === "*") {
            return true;
          }
          x = Number(x);
          return isFinite(x) && x > 0 && x < 9007199254740992 && Math.floor(x) === x;
        },
        // database
        2: function(x) {
          return x.length > 0;
        },
        // username
        3: function(x) {
          return x.length > 0;
        },
        // password
        4: function(x) {
          return x.length > 0;
        }
      };
      for (var idx = 0; idx < fieldNames.length; idx += 1) {
        var rule = rules[idx];
        var value = entry[fieldNames[idx]] || "";
        var res = rule(value);
        if (!res) {
          return false;
        }
      }
      return true;
    };
  }
});

// node_modules/pgpass/lib/index.js
var require_lib = __commonJS({
  "node_modules/pgpass/lib/index.js"(exports, module) {
    "use strict";
    var path2 = __require("path");
    var fs = __require("fs");
    var helper = require_helper();
    module.exports = function(connInfo, cb) {
      var file = helper.getFileName();
      fs.stat(file, function(err, stat) {
        if (err || !helper.usePgPass(stat, file)) {
          return cb(void 0);
        }
        var st = fs.createReadStream(file);
        helper.getPassword(connInfo, st, cb);
      });
    };
    module.exports.warnTo = helper.warnTo;
  }
});

// node_modules/pg/lib/client.js
var require_client = __commonJS({
  "node_modules/pg/lib/client.js"(exports, module) {
    var EventEmitter = __require("events").EventEmitter;
    var utils = require_utils();
    var nodeUtils = __require("util");
    var sasl = require_sasl();
    var TypeOverrides2 = require_type_overrides();
    var ConnectionParameters = require_connection_parameters();
    var Query2 = require_query();
    var defaults2 = require_defaults();
    var Connection2 = require_connection();
    var crypto = require_utils2();
    var activeQueryDeprecationNotice = nodeUtils.deprecate(
      () => {
      },
      "Client.activeQuery is deprecated and will be removed in pg@9.0"
    );
    var queryQueueDeprecationNotice = nodeUtils.deprecate(
      () => {
      },
      "Client.queryQueue is deprecated and will be removed in pg@9.0."
    );
    var pgPassDeprecationNotice = nodeUtils.deprecate(
      () => {
      },
      "pgpass support is deprecated and will be removed in pg@9.0. You can provide an async function as the password property to the Client/Pool constructor that returns a password instead. Within this function you can call the pgpass module in your own code."
    );
    var byoPromiseDeprecationNotice = nodeUtils.deprecate(
      () => {
      },
      "Passing a custom Promise implementation to the Client/Pool constructor is deprecated and will be removed in pg@9.0."
    );
    var queryQueueLengthDeprecationNotice = nodeUtils.deprecate(
      () => {
      },
      "Calling client.query() when the client is already executing a query is deprecated and will be removed in pg@9.0. Use async/await or an external async flow control mechanism instead."
    );
    function coerceNumberOrDefault(value, defaultValue) {
      if (typeof value === "number") {
        return Number.isFinite(value) ? value : defaultValue;
      }
      if (typeof value === "string" && value.trim() !== "") {
        const n = Number(value);
        return Number.isFinite(n) ? n : defaultValue;
      }
      return defaultValue;
    }
    var Client2 = class extends EventEmitter {
      constructor(config) {
        super();
        this.connectionParameters = new ConnectionParameters(config);
        this.user = this.connectionParameters.user;
        this.database = this.connectionParameters.database;
        this.port = this.connectionParameters.port;
        this.host = this.connectionParameters.host;
        Object.defineProperty(this, "password", {
          configurable: true,
          enumerable: false,
          writable: true,
          value: this.connectionParameters.password
        });
        this.replication = this.connectionParameters.replication;
        const c = config || {};
        if (c.Promise) {
          byoPromiseDeprecationNotice();
        }
        this._Promise = c.Promise || global.Promise;
        this._types = new TypeOverrides2(c.types);
        this._ending = false;
        this._ended = false;
        this._connecting = false;
        this._connected = false;
        this._connectionError = false;
        this._queryable = true;
        this._activeQuery = null;
        this._txStatus = null;
        this.enableChannelBinding = Boolean(c.enableChannelBinding);
        this.scramMaxIterations = coerceNumberOrDefault(c.scramMaxIterations, sasl.DEFAULT_MAX_SCRAM_ITERATIONS);
        this.connection = c.connection || new Connection2({
          stream: c.stream,
          ssl: this.connectionParameters.ssl,
          sslNegotiation: this.connectionParameters.sslnegotiation,
          keepAlive: c.keepAlive || false,
          keepAliveInitialDelayMillis: c.keepAliveInitialDelayMillis || 0,
          encoding: this.connectionParameters.client_encoding || "utf8"
        });
        this._queryQueue = [];
        this._sentQueryQueue = [];
        this.pipeline = Boolean(c.pipeline);
        this.binary = c.binary || defaults2.binary;
        this.processID = null;
        this.secretKey = null;
        this.ssl = this.connectionParameters.ssl || false;
        this.sslNegotiation = this.connectionParameters.sslnegotiation || "postgres";
        if (this.ssl && this.ssl.key) {
          Object.defineProperty(this.ssl, "key", {
            enumerable: false
          });
        }
        this._connectionTimeoutMillis = c.connectionTimeoutMillis || 0;
      }
      get activeQuery() {
        activeQueryDeprecationNotice();
        return this._activeQuery;
      }
      set activeQuery(val) {
        activeQueryDeprecationNotice();
        this._activeQuery = val;
      }
      _getActiveQuery() {
        return this._activeQuery;
      }
      _errorAllQueries(err) {
        const enqueueError = (query) => {
          process.nextTick(() => {
            query.handleError(err, this.connection);
          });
        };
        const activeQuery = this._getActiveQuery();
        if (activeQuery) {
          enqueueError(activeQuery);
          this._activeQuery = null;
        }
        this._sentQueryQueue.forEach(enqueueError);
        this._sentQueryQueue.length = 0;
        this._queryQueue.forEach(enqueueError);
        this._queryQueue.length = 0;
      }
      _connect(callback) {
        const self = this;
        const con = this.connection;
        this._connectionCallback = callback;
        if (this._connecting || this._connected) {
          const err = new Error("Client has already been connected. You cannot reuse a client.");
          process.nextTick(() => {
            callback(err);
          });
          return;
        }
        this._connecting = true;
        if (this._connectionTimeoutMillis > 0) {
          this.connectionTimeoutHandle = setTimeout(() => {
            con._ending = true;
            con.stream.destroy(new Error("timeout expired"));
          }, this._connectionTimeoutMillis);
          if (this.connectionTimeoutHandle.unref) {
            this.connectionTimeoutHandle.unref();
          }
        }
        if (this.host && this.host.indexOf("/") === 0) {
          con.connect(this.host + "/.s.PGSQL." + this.port);
        } else {
          con.connect(this.port, this.host);
        }
        con.on("connect", function() {
          if (self.ssl) {
            if (self.sslNegotiation !== "direct") {
              con.requestSsl();
            }
          } else {
            con.startup(self.getStartupConf());
          }
        });
        con.on("sslconnect", function() {
          con.startup(self.getStartupConf());
        });
        this._attachListeners(con);
        con.once("end", () => {
          const error = this._ending ? new Error("Connection terminated") : new Error("Connection terminated unexpectedly");
          clearTimeout(this.connectionTimeoutHandle);
          this._errorAllQueries(error);
          this._ended = true;
          if (!this._ending) {
            if (this._connecting && !this._connectionError) {
              if (this._connectionCallback) {
                this._connectionCallback(error);
              } else {
                this._handleErrorEvent(error);
              }
            } else if (!this._connectionError) {
              this._handleErrorEvent(error);
            }
          }
          process.nextTick(() => {
            this.emit("end");
          });
        });
      }
      connect(callback) {
        if (callback) {
          this._connect(callback);
          return;
        }
        return new this._Promise((resolve, reject) => {
          this._connect((error) => {
            if (error) {
              reject(error);
            } else {
              resolve(this);
            }
          });
        });
      }
      _attachListeners(con) {
        con.on("authenticationCleartextPassword", this._handleAuthCleartextPassword.bind(this));
        con.on("authenticationMD5Password", this._handleAuthMD5Password.bind(this));
        con.on("authenticationSASL", this._handleAuthSASL.bind(this));
        con.on("authenticationSASLContinue", this._handleAuthSASLContinue.bind(this));
        con.on("authenticationSASLFinal", this._handleAuthSASLFinal.bind(this));
        con.on("backendKeyData", this._handleBackendKeyData.bind(this));
        con.on("error", this._handleErrorEvent.bind(this));
        con.on("errorMessage", this._handleErrorMessage.bind(this));
        con.on("readyForQuery", this._handleReadyForQuery.bind(this));
        con.on("notice", this._handleNotice.bind(this));
        con.on("rowDescription", this._handleRowDescription.bind(this));
        con.on("dataRow", this._handleDataRow.bind(this));
        con.on("portalSuspended", this._handlePortalSuspended.bind(this));
        con.on("emptyQuery", this._handleEmptyQuery.bind(this));
        con.on("commandComplete", this._handleCommandComplete.bind(this));
        con.on("parseComplete", this._handleParseComplete.bind(this));
        con.on("copyInResponse", this._handleCopyInResponse.bind(this));
        con.on("copyData", this._handleCopyData.bind(this));
        con.on("notification", this._handleNotification.bind(this));
      }
      _getPassword(cb) {
        const con = this.connection;
        if (typeof this.password === "function") {
          this._Promise.resolve().then(() => this.password(this.connectionParameters)).then((pass3) => {
            if (pass3 !== void 0) {
              if (typeof pass3 !== "string") {
                con.emit("error", new TypeError("Password must be a string"));
                return;
              }
              this.connectionParameters.password = this.password = pass3;
            } else {
              this.connectionParameters.password = this.password = null;
            }
            cb();
          }).catch((err) => {
            con.emit("error", err);
          });
        } else if (this.password !== null) {
          cb();
        } else {
          try {
            const pgPass = require_lib();
            pgPass(this.connectionParameters, (pass3) => {
              if (void 0 !== pass3) {
                pgPassDeprecationNotice();
                this.connectionParameters.password = this.password = pass3;
              }
              cb();
            });
          } catch (e) {
            this.emit("error", e);
          }
        }
      }
      _handleAuthCleartextPassword(msg) {
        this._getPassword(() => {
          this.connection.password(this.password);
        });
      }
      _handleAuthMD5Password(msg) {
        this._getPassword(async () => {
          try {
            const hashedPassword = await crypto.postgresMd5PasswordHash(this.user, this.password, msg.salt);
            this.connection.password(hashedPassword);
          } catch (e) {
            this.emit("error", e);
          }
        });
      }
      _handleAuthSASL(msg) {
        this._getPassword(() => {
          try {
            this.saslSession = sasl.startSession(
              msg.mechanisms,
              this.enableChannelBinding && this.connection.stream,
              this.scramMaxIterations
            );
            this.connection.sendSASLInitialResponseMessage(this.saslSession.mechanism, this.saslSession.response);
          } catch (err) {
            this.connection.emit("error", err);
          }
        });
      }
      async _handleAuthSASLContinue(msg) {
        try {
          await sasl.continueSession(
            this.saslSession,
            this.password,
            msg.data,
            this.enableChannelBinding && this.connection.stream
          );
          this.connection.sendSCRAMClientFinalMessage(this.saslSession.response);
        } catch (err) {
          this.connection.emit("error", err);
        }
      }
      _handleAuthSASLFinal(msg) {
        try {
          sasl.finalizeSession(this.saslSession, msg.data);
          this.saslSession = null;
        } catch (err) {
          this.connection.emit("error", err);
        }
      }
      _handleBackendKeyData(msg) {
        this.processID = msg.processID;
        this.secretKey = msg.secretKey;
      }
      _handleReadyForQuery(msg) {
        if (this._connecting) {
          this._connecting = false;
          this._connected = true;
          clearTimeout(this.connectionTimeoutHandle);
          if (this._connectionCallback) {
            this._connectionCallback(null, this);
            this._connectionCallback = null;
          }
          this.emit("connect");
        }
        const activeQuery = this._getActiveQuery();
        this._activeQuery = null;
        this._txStatus = msg?.status ?? null;
        this.readyForQuery = true;
        if (activeQuery) {
          activeQuery.handleReadyForQuery(this.connection);
        }
        this._pulseQueryQueue();
      }
      // if we receive an error event or error message
      // during the connection process we handle it here
      _handleErrorWhileConnecting(err) {
        if (this._connectionError) {
          return;
        }
        this._connectionError = true;
        clearTimeout(this.connectionTimeoutHandle);
        if (this._connectionCallback) {
          return this._connectionCallback(err);
        }
        this.emit("error", err);
      }
      // if we're connected and we receive an error event from the connection
      // this means the socket is dead - do a hard abort of all queries and emit
      // the socket error on the client as well
      _handleErrorEvent(err) {
        if (this._connecting) {
          return this._handleErrorWhileConnecting(err);
        }
        this._queryable = false;
        this._errorAllQueries(err);
        this.emit("error", err);
      }
      // handle error messages from the postgres backend
      _handleErrorMessage(msg) {
        if (this._connecting) {
          return this._handleErrorWhileConnecting(msg);
        }
        const activeQuery = this._getActiveQuery();
        if (!activeQuery) {
          this._handleErrorEvent(msg);
          return;
        }
        this._activeQuery = null;
        if (activeQuery.name) {
          delete this.connection.submittedNamedStatements[activeQuery.name];
        }
        activeQuery.handleError(msg, this.connection);
      }
      _handleRowDescription(msg) {
        const activeQuery = this._getActiveQuery();
        if (activeQuery == null) {
          const error = new Error("Received unexpected rowDescription message from backend.");
          this._handleErrorEvent(error);
          return;
        }
        activeQuery.handleRowDescription(msg);
      }
      _handleDataRow(msg) {
        const activeQuery = this._getActiveQuery();
        if (activeQuery == null) {
          const error = new Error("Received unexpected dataRow message from backend.");
          this._handleErrorEvent(error);
          return;
        }
        activeQuery.handleDataRow(msg);
      }
      _handlePortalSuspended(msg) {
        const activeQuery = this._getActiveQuery();
        if (activeQuery == null) {
          const error = new Error("Received unexpected portalSuspended message from backend.");
          this._handleErrorEvent(error);
          return;
        }
        activeQuery.handlePortalSuspended(this.connection);
      }
      _handleEmptyQuery(msg) {
        const activeQuery = this._getActiveQuery();
        if (activeQuery == null) {
          const error = new Error("Received unexpected emptyQuery message from backend.");
          this._handleErrorEvent(error);
          return;
        }
        activeQuery.handleEmptyQuery(this.connection);
      }
      _handleCommandComplete(msg) {
        const activeQuery = this._getActiveQuery();
        if (activeQuery == null) {
          const error = new Error("Received unexpected commandComplete message from backend.");
          this._handleErrorEvent(error);
          return;
        }
        activeQuery.handleCommandComplete(msg, this.connection);
      }
      _handleParseComplete() {
        const activeQuery = this._getActiveQuery();
        if (activeQuery == null) {
          const error = new Error("Received unexpected parseComplete message from backend.");
          this._handleErrorEvent(error);
          return;
        }
        if (activeQuery.name) {
          this.connection.parsedStatements[activeQuery.name] = activeQuery.text;
          delete this.connection.submittedNamedStatements[activeQuery.name];
        }
      }
      _handleCopyInResponse(msg) {
        const activeQuery = this._getActiveQuery();
        if (activeQuery == null) {
          const error = new Error("Received unexpected copyInResponse message from backend.");
          this._handleErrorEvent(error);
          return;
        }
        activeQuery.handleCopyInResponse(this.connection);
      }
      _handleCopyData(msg) {
        const activeQuery = this._getActiveQuery();
        if (activeQuery == null) {
          const error = new Error("Received unexpected copyData message from backend.");
          this._handleErrorEvent(error);
          return;
        }
        activeQuery.handleCopyData(msg, this.connection);
      }
      _handleNotification(msg) {
        this.emit("notification", msg);
      }
      _handleNotice(msg) {
        this.emit("notice", msg);
      }
      getStartupConf() {
        const params = this.connectionParameters;
        const data = {
          user: params.user,
          database: params.database
        };
        const appName = params.application_name || params.fallback_application_name;
        if (appName) {
          data.application_name = appName;
        }
        if (params.replication) {
          data.replication = "" + params.replication;
        }
        if (params.statement_timeout) {
          data.statement_timeout = String(parseInt(params.statement_timeout, 10));
        }
        if (params.lock_timeout) {
          data.lock_timeout = String(parseInt(params.lock_timeout, 10));
        }
        if (params.idle_in_transaction_session_timeout) {
          data.idle_in_transaction_session_timeout = String(parseInt(params.idle_in_transaction_session_timeout, 10));
        }
        if (params.options) {
          data.options = params.options;
        }
        return data;
      }
      cancel(client, query) {
        if (client.activeQuery === query) {
          const con = this.connection;
          if (this.host && this.host.indexOf("/") === 0) {
            con.connect(this.host + "/.s.PGSQL." + this.port);
          } else {
            con.connect(this.port, this.host);
          }
          con.on("connect", function() {
            con.cancel(client.processID, client.secretKey);
          });
        } else if (client._queryQueue.indexOf(query) !== -1) {
          client._queryQueue.splice(client._queryQueue.indexOf(query), 1);
        } else if (client._sentQueryQueue.indexOf(query) !== -1) {
          query.callback = () => {
          };
        }
      }
      setTypeParser(oid, format, parseFn) {
        return this._types.setTypeParser(oid, format, parseFn);
      }
      getTypeParser(oid, format) {
        return this._types.getTypeParser(oid, format);
      }
      // escapeIdentifier and escapeLiteral moved to utility functions & exported
      // on PG
      // re-exported here for backwards compatibility
      escapeIdentifier(str) {
        return utils.escapeIdentifier(str);
      }
      escapeLiteral(str) {
        return utils.escapeLiteral(str);
      }
      _pulseQueryQueue() {
        if (this.pipeline) {
          this._pulsePipelinedQueryQueue();
          return;
        }
        if (this.readyForQuery === true) {
          this._activeQuery = this._queryQueue.shift();
          const activeQuery = this._getActiveQuery();
          if (activeQuery) {
            this.readyForQuery = false;
            this.hasExecuted = true;
            const queryError = activeQuery.submit(this.connection);
            if (queryError) {
              process.nextTick(() => {
                activeQuery.handleError(queryError, this.connection);
                this.readyForQuery = true;
                this._pulseQueryQueue();
              });
            }
          } else if (this.hasExecuted) {
            this._activeQuery = null;
            this.emit("drain");
          }
        }
      }
      _pulsePipelinedQueryQueue() {
        if (!this._connected || !this._queryable) {
          return;
        }
        while (this._queryQueue.length > 0) {
          const query = this._queryQueue.shift();
          this.hasExecuted = true;
          const queryError = query.submit(this.connection);
          if (queryError) {
            process.nextTick(() => {
              query.handleError(queryError, this.connection);
            });
            continue;
          }
          this._sentQueryQueue.push(query);
        }
        if (this.readyForQuery && !this._activeQuery && this._sentQueryQueue.length > 0) {
          this._activeQuery = this._sentQueryQueue.shift();
          this.readyForQuery = false;
        }
        if (!this._activeQuery && this._sentQueryQueue.length === 0 && this._queryQueue.length === 0 && this.hasExecuted) {
          this.emit("drain");
        }
      }
      query(config, values, callback) {
        let query;
        let result;
        if (config == null) {
          throw new TypeError("Client was passed a null or undefined query");
        }
        if (typeof config.submit === "function") {
          result = query = config;
          if (!query.callback) {
            if (typeof values === "function") {
              query.callback = values;
            } else if (callback) {
              query.callback = callback;
            }
          }
        } else {
          query = new Query2(config, values, callback);
          if (!query.callback) {
            result = new this._Promise((resolve, reject) => {
              query.callback = (err, res) => err ? reject(err) : resolve(res);
            }).catch((err) => {
              Error.captureStackTrace(err);
              throw err;
            });
          } else if (typeof query.callback !== "function") {
            throw new TypeError("callback is not a function");
          }
        }
        const readTimeout = config.query_timeout || this.connectionParameters.query_timeout;
        if (readTimeout) {
          const queryCallback = query.callback || (() => {
          });
          const readTimeoutTimer = setTimeout(() => {
            const error = new Error("Query read timeout");
            process.nextTick(() => {
              query.handleError(error, this.connection);
            });
            queryCallback(error);
            query.callback = () => {
            };
            const index = this._queryQueue.indexOf(query);
            if (index > -1) {
              this._queryQueue.splice(index, 1);
            } else if (this.pipeline) {
              this.connection.stream.destroy();
              return;
            }
            this._pulseQueryQueue();
          }, readTimeout);
          query.callback = (err, res) => {
            clearTimeout(readTimeoutTimer);
            queryCallback(err, res);
          };
        }
        if (this.binary && !query.binary) {
          query.binary = true;
        }
        if (query._result && !query._result._types) {
          query._result._types = this._types;
        }
        if (this.pipeline) {
          const portalQuery = typeof config.submit === "function" && !(query instanceof Query2) ? "Custom query classes such as pg-cursor and pg-query-stream are" : query.rows ? "The `rows` option is" : null;
          if (portalQuery) {
            process.nextTick(() => {
              query.handleError(new Error(`${portalQuery} not supported in pipeline mode`), this.connection);
            });
            return result;
          }
        }
        if (!this._queryable) {
          process.nextTick(() => {
            query.handleError(new Error("Client has encountered a connection error and is not queryable"), this.connection);
          });
          return result;
        }
        if (this._ending) {
          process.nextTick(() => {
            query.handleError(new Error("Client was closed and is not queryable"), this.connection);
          });
          return result;
        }
        if (this._queryQueue.length > 0 && !this.pipeline) {
          queryQueueLengthDeprecationNotice();
        }
        this._queryQueue.push(query);
        this._pulseQueryQueue();
        return result;
      }
      ref() {
        this.connection.ref();
      }
      unref() {
        this.connection.unref();
      }
      getTransactionStatus() {
        return this._txStatus;
      }
      end(cb) {
        this._ending = true;
        if (!this.connection._connecting || this._ended) {
          if (cb) {
            cb();
            return;
          } else {
            return this._Promise.resolve();
          }
        }
        if (!this._queryable) {
          this.connection.stream.destroy();
        } else if (this.pipeline && (this._getActiveQuery() || this._sentQueryQueue.length > 0 || this._queryQueue.length > 0)) {
          this.once("drain", () => this.connection.end());
        } else if (this._getActiveQuery()) {
          this.connection.stream.destroy();
        } else {
          this.connection.end();
        }
        if (cb) {
          this.connection.once("end", cb);
        } else {
          return new this._Promise((resolve) => {
            this.connection.once("end", resolve);
          });
        }
      }
      get queryQueue() {
        queryQueueDeprecationNotice();
        return this._queryQueue;
      }
    };
    Client2.Query = Query2;
    module.exports = Client2;
  }
});

// node_modules/pg-pool/index.js
var require_pg_pool = __commonJS({
  "node_modules/pg-pool/index.js"(exports, module) {
    "use strict";
    var EventEmitter = __require("events").EventEmitter;
    var NOOP = function() {
    };
    var removeWhere = (list, predicate) => {
      const i = list.findIndex(predicate);
      return i === -1 ? void 0 : list.splice(i, 1)[0];
    };
    var IdleItem = class {
      constructor(client, idleListener, timeoutId) {
        this.client = client;
        this.idleListener = idleListener;
        this.timeoutId = timeoutId;
      }
    };
    var PendingItem = class {
      constructor(callback) {
        this.callback = callback;
      }
    };
    function throwOnDoubleRelease() {
      throw new Error("Release called on client which has already been released to the pool.");
    }
    function promisify2(Promise2, callback) {
      if (callback) {
        return { callback, result: void 0 };
      }
      let rej;
      let res;
      const cb = function(err, client) {
        err ? rej(err) : res(client);
      };
      const result = new Promise2(function(resolve, reject) {
        res = resolve;
        rej = reject;
      }).catch((err) => {
        Error.captureStackTrace(err);
        throw err;
      });
      return { callback: cb, result };
    }
    function makeIdleListener(pool, client) {
      return function idleListener(err) {
        err.client = client;
        client.removeListener("error", idleListener);
        client.on("error", () => {
          pool.log("additional client error after disconnection due to error", err);
        });
        pool._remove(client);
        pool.emit("error", err, client);
      };
    }
    var Pool2 = class extends EventEmitter {
      constructor(options, Client2) {
        super();
        this.options = Object.assign({}, options);
        if (options != null && "password" in options) {
          Object.defineProperty(this.options, "password", {
            configurable: true,
            enumerable: false,
            writable: true,
            value: options.password
          });
        }
        if (options != null && options.ssl && options.ssl.key) {
          Object.defineProperty(this.options.ssl, "key", {
            enumerable: false
          });
        }
        this.options.max = this.options.max || this.options.poolSize || 10;
        this.options.min = this.options.min || 0;
        this.options.maxUses = this.options.maxUses || Infinity;
        this.options.allowExitOnIdle = this.options.allowExitOnIdle || false;
        this.options.maxLifetimeSeconds = this.options.maxLifetimeSeconds || 0;
        this.log = this.options.log || function() {
        };
        this.Client = this.options.Client || Client2 || require_lib2().Client;
        this.Promise = this.options.Promise || global.Promise;
        if (typeof this.options.idleTimeoutMillis === "undefined") {
          this.options.idleTimeoutMillis = 1e4;
        }
        this._clients = [];
        this._idle = [];
        this._expired = /* @__PURE__ */ new WeakSet();
        this._pendingQueue = [];
        this._endCallback = void 0;
        this.ending = false;
        this.ended = false;
      }
      _promiseTry(f) {
        const Promise2 = this.Promise;
        if (typeof Promise2.try === "function") {
          return Promise2.try(f);
        }
        return new Promise2((resolve) => resolve(f()));
      }
      _isFull() {
        return this._clients.length >= this.options.max;
      }
      _isAboveMin() {
        return this._clients.length > this.options.min;
      }
      _pulseQueue() {
        this.log("pulse queue");
        if (this.ended) {
          this.log("pulse queue ended");
          return;
        }
        if (this.ending) {
          this.log("pulse queue on ending");
          if (this._idle.length) {
            this._idle.slice().map((item) => {
              this._remove(item.client);
            });
          }
          if (!this._clients.length) {
            this.ended = true;
            this._endCallback();
          }
          return;
        }
        if (!this._pendingQueue.length) {
          this.log("no queued requests");
          return;
        }
        if (!this._idle.length && this._isFull()) {
          return;
        }
        const pendingItem = this._pendingQueue.shift();
        if (this._idle.length) {
          const idleItem = this._idle.pop();
          clearTimeout(idleItem.timeoutId);
          const client = idleItem.client;
          client.ref && client.ref();
          const idleListener = idleItem.idleListener;
          return this._acquireClient(client, pendingItem, idleListener, false);
        }
        if (!this._isFull()) {
          return this.newClient(pendingItem);
        }
        throw new Error("unexpected condition");
      }
      _remove(client, callback) {
        const removed = removeWhere(this._idle, (item) => item.client === client);
        if (removed !== void 0) {
          clearTimeout(removed.timeoutId);
        }
        this._clients = this._clients.filter((c) => c !== client);
        const context = this;
        client.end(() => {
          context.emit("remove", client);
          if (typeof callback === "function") {
            callback();
          }
        });
      }
      connect(cb) {
        if (this.ending) {
          const err = new Error("Cannot use a pool after calling end on the pool");
          return cb ? cb(err) : this.Promise.reject(err);
        }
        const response = promisify2(this.Promise, cb);
        const result = response.result;
        if (this._isFull() || this._idle.length) {
          if (this._idle.length) {
            process.nextTick(() => this._pulseQueue());
          }
          if (!this.options.connectionTimeoutMillis) {
            this._pendingQueue.push(new PendingItem(response.callback));
            return result;
          }
          const queueCallback = (err, res, done) => {
            clearTimeout(tid);
            response.callback(err, res, done);
          };
          const pendingItem = new PendingItem(queueCallback);
          const tid = setTimeout(() => {
            removeWhere(this._pendingQueue, (i) => i.callback === queueCallback);
            pendingItem.timedOut = true;
            response.callback(new Error("timeout exceeded when trying to connect"));
          }, this.options.connectionTimeoutMillis);
          if (tid.unref) {
            tid.unref();
          }
          this._pendingQueue.push(pendingItem);
          return result;
        }
        this.newClient(new PendingItem(response.callback));
        return result;
      }
      newClient(pendingItem) {
        const client = new this.Client(this.options);
        this._clients.push(client);
        const idleListener = makeIdleListener(this, client);
        this.log("checking client timeout");
        let tid;
        let timeoutHit = false;
        if (this.options.connectionTimeoutMillis) {
          tid = setTimeout(() => {
            if (client.connection) {
              this.log("ending client due to timeout");
              timeoutHit = true;
              client.connection.stream.destroy();
            } else if (!client.isConnected()) {
              this.log("ending client due to timeout");
              timeoutHit = true;
              client.end();
            }
          }, this.options.connectionTimeoutMillis);
        }
        this.log("connecting new client");
        client.connect((err) => {
          if (tid) {
            clearTimeout(tid);
          }
          client.on("error", idleListener);
          if (err) {
            this.log("client failed to connect", err);
            this._clients = this._clients.filter((c) => c !== client);
            if (timeoutHit) {
              err = new Error("Connection terminated due to connection timeout", { cause: err });
            }
            this._pulseQueue();
            if (!pendingItem.timedOut) {
              pendingItem.callback(err, void 0, NOOP);
            }
          } else {
            this.log("new client connected");
            if (this.options.onConnect) {
              this._promiseTry(() => this.options.onConnect(client)).then(
                () => {
                  this._afterConnect(client, pendingItem, idleListener);
                },
                (hookErr) => {
                  this._clients = this._clients.filter((c) => c !== client);
                  client.end(() => {
                    this._pulseQueue();
                    if (!pendingItem.timedOut) {
                      pendingItem.callback(hookErr, void 0, NOOP);
                    }
                  });
                }
              );
              return;
            }
            return this._afterConnect(client, pendingItem, idleListener);
          }
        });
      }
      _afterConnect(client, pendingItem, idleListener) {
        if (this.options.maxLifetimeSeconds !== 0) {
          const maxLifetimeTimeout = setTimeout(() => {
            this.log("ending client due to expired lifetime");
            this._expired.add(client);
            const idleIndex = this._idle.findIndex((idleItem) => idleItem.client === client);
            if (idleIndex !== -1) {
              this._acquireClient(
                client,
                new PendingItem((err, client2, clientRelease) => clientRelease()),
                idleListener,
                false
              );
            }
          }, this.options.maxLifetimeSeconds * 1e3);
          maxLifetimeTimeout.unref();
          client.once("end", () => clearTimeout(maxLifetimeTimeout));
        }
        return this._acquireClient(client, pendingItem, idleListener, true);
      }
      // acquire a client for a pending work item
      _acquireClient(client, pendingItem, idleListener, isNew) {
        if (isNew) {
          this.emit("connect", client);
        }
        this.emit("acquire", client);
        client.release = this._releaseOnce(client, idleListener);
        client.removeListener("error", idleListener);
        if (!pendingItem.timedOut) {
          if (isNew && this.options.verify) {
            this.options.verify(client, (err) => {
              if (err) {
                client.release(err);
                return pendingItem.callback(err, void 0, NOOP);
              }
              pendingItem.callback(void 0, client, client.release);
            });
          } else {
            pendingItem.callback(void 0, client, client.release);
          }
        } else {
          if (isNew && this.options.verify) {
            this.options.verify(client, client.release);
          } else {
            client.release();
          }
        }
      }
      // returns a function that wraps _release and throws if called more than once
      _releaseOnce(client, idleListener) {
        let released = false;
        return (err) => {
          if (released) {
            throwOnDoubleRelease();
          }
          released = true;
          this._release(client, idleListener, err);
        };
      }
      // release a client back to the poll, include an error
      // to remove it from the pool
      _release(client, idleListener, err) {
        client.on("error", idleListener);
        client._poolUseCount = (client._poolUseCount || 0) + 1;
        this.emit("release", err, client);
        if (err || this.ending || !client._queryable || client._ending || client._poolUseCount >= this.options.maxUses) {
          if (client._poolUseCount >= this.options.maxUses) {
            this.log("remove expended client");
          }
          return this._remove(client, this._pulseQueue.bind(this));
        }
        const isExpired = this._expired.has(client);
        if (isExpired) {
          this.log("remove expired client");
          this._expired.delete(client);
          return this._remove(client, this._pulseQueue.bind(this));
        }
        let tid;
        if (this.options.idleTimeoutMillis && this._isAboveMin()) {
          tid = setTimeout(() => {
            if (this._isAboveMin()) {
              this.log("remove idle client");
              this._remove(client, this._pulseQueue.bind(this));
            }
          }, this.options.idleTimeoutMillis);
          if (this.options.allowExitOnIdle) {
            tid.unref();
          }
        }
        if (this.options.allowExitOnIdle) {
          client.unref();
        }
        this._idle.push(new IdleItem(client, idleListener, tid));
        this._pulseQueue();
      }
      query(text, values, cb) {
        if (typeof text === "function") {
          const response2 = promisify2(this.Promise, text);
          setImmediate(function() {
            return response2.callback(new Error("Passing a function as the first parameter to pool.query is not supported"));
          });
          return response2.result;
        }
        if (typeof values === "function") {
          cb = values;
          values = void 0;
        }
        const response = promisify2(this.Promise, cb);
        cb = response.callback;
        this.connect((err, client) => {
          if (err) {
            return cb(err);
          }
          let clientReleased = false;
          const onError = (err2) => {
            if (clientReleased) {
              return;
            }
            clientReleased = true;
            client.release(err2);
            cb(err2);
          };
          client.once("error", onError);
          this.log("dispatching query");
          try {
            client.query(text, values, (err2, res) => {
              this.log("query dispatched");
              client.removeListener("error", onError);
              if (clientReleased) {
                return;
              }
              clientReleased = true;
              client.release(err2);
              if (err2) {
                return cb(err2);
              }
              return cb(void 0, res);
            });
          } catch (err2) {
            client.release(err2);
            return cb(err2);
          }
        });
        return response.result;
      }
      end(cb) {
        this.log("ending");
        if (this.ending) {
          const err = new Error("Called end on pool more than once");
          return cb ? cb(err) : this.Promise.reject(err);
        }
        this.ending = true;
        const promised = promisify2(this.Promise, cb);
        this._endCallback = promised.callback;
        this._pulseQueue();
        return promised.result;
      }
      get waitingCount() {
        return this._pendingQueue.length;
      }
      get idleCount() {
        return this._idle.length;
      }
      get expiredCount() {
        return this._clients.reduce((acc, client) => acc + (this._expired.has(client) ? 1 : 0), 0);
      }
      get totalCount() {
        return this._clients.length;
      }
    };
    module.exports = Pool2;
  }
});

// node_modules/pg/lib/native/query.js
var require_query2 = __commonJS({
  "node_modules/pg/lib/native/query.js"(exports, module) {
    "use strict";
    var EventEmitter = __require("events").EventEmitter;
    var util = __require("util");
    var utils = require_utils();
    var NativeQuery = module.exports = function(config, values, callback) {
      EventEmitter.call(this);
      config = utils.normalizeQueryConfig(config, values, callback);
      this.text = config.text;
      this.values = config.values;
      this.name = config.name;
      this.queryMode = config.queryMode;
      this.callback = config.callback;
      this.state = "new";
      this._arrayMode = config.rowMode === "array";
      this._emitRowEvents = false;
      this.on(
        "newListener",
        function(event) {
          if (event === "row") this._emitRowEvents = true;
        }.bind(this)
      );
    };
    util.inherits(NativeQuery, EventEmitter);
    var errorFieldMap = {
      sqlState: "code",
      statementPosition: "position",
      messagePrimary: "message",
      messageDetail: "detail",
      messageHint: "hint",
      context: "where",
      schemaName: "schema",
      tableName: "table",
      columnName: "column",
      dataTypeName: "dataType",
      constraintName: "constraint",
      sourceFile: "file",
      sourceLine: "line",
      sourceFunction: "routine"
    };
    NativeQuery.prototype.handleError = function(err) {
      const fields = this.native && this.native.pq.resultErrorFields();
      if (fields) {
        for (const key in fields) {
          const normalizedFieldName = errorFieldMap[key] || key;
          err[normalizedFieldName] = fields[key];
        }
      }
      if (this.callback) {
        this.callback(err);
      } else {
        this.emit("error", err);
      }
      this.state = "error";
    };
    NativeQuery.prototype.then = function(onSuccess, onFailure) {
      return this._getPromise().then(onSuccess, onFailure);
    };
    NativeQuery.prototype.catch = function(callback) {
      return this._getPromise().catch(callback);
    };
    NativeQuery.prototype._getPromise = function() {
      if (this._promise) return this._promise;
      this._promise = new Promise(
        function(resolve, reject) {
          this._once("end", resolve);
          this._once("error", reject);
        }.bind(this)
      );
      return this._promise;
    };
    NativeQuery.prototype.submit = function(client) {
      this.state = "running";
      const self = this;
      this.native = client.native;
      client.native.arrayMode = this._arrayMode;
      let after = function(err, rows, results) {
        client.native.arrayMode = false;
        setImmediate(function() {
          self.emit("_done");
        });
        if (err) {
          return self.handleError(err);
        }
        if (self._emitRowEvents) {
          if (results.length > 1) {
            rows.forEach((rowOfRows, i) => {
              rowOfRows.forEach((row) => {
                self.emit("row", row, results[i]);
              });
            });
          } else {
            rows.forEach(function(row) {
              self.emit("row", row, results);
            });
          }
        }
        self.state = "end";
        self.emit("end", results);
        if (self.callback) {
          self.callback(null, results);
        }
      };
      if (process.domain) {
        after = process.domain.bind(after);
      }
      if (this.name) {
        if (this.name.length > 63) {
          console.error("Warning! Postgres only supports 63 characters for query names.");
          console.error("You supplied %s (%s)", this.name, this.name.length);
          console.error("This can cause conflicts and silent errors executing queries");
        }
        const values = (this.values || []).map(utils.prepareValue);
        if (client.namedQueries[this.name] !== void 0) {
          if (this.text && client.namedQueries[this.name] !== this.text) {
            const err = new Error(`Prepared statements must be unique - '${this.name}' was used for a different statement`);
            return after(err);
          }
          return client.native.execute(this.name, values, after);
        }
        return client.native.prepare(this.name, this.text, values.length, function(err) {
          if (err) return after(err);
          client.namedQueries[self.name] = self.text;
          return self.native.execute(self.name, values, after);
        });
      } else if (this.values) {
        if (!Array.isArray(this.values)) {
          const err = new Error("Query values must be an array");
          return after(err);
        }
        const vals = this.values.map(utils.prepareValue);
        client.native.query(this.text, vals, after);
      } else if (this.queryMode === "extended") {
        client.native.query(this.text, [], after);
      } else {
        client.native.query(this.text, after);
      }
    };
  }
});

// node_modules/pg/lib/native/client.js
var require_client2 = __commonJS({
  "node_modules/pg/lib/native/client.js"(exports, module) {
    var nodeUtils = __require("util");
    var Native;
    try {
      Native = __require("pg-native");
    } catch (e) {
      throw e;
    }
    var TypeOverrides2 = require_type_overrides();
    var EventEmitter = __require("events").EventEmitter;
    var util = __require("util");
    var ConnectionParameters = require_connection_parameters();
    var NativeQuery = require_query2();
    var queryQueueLengthDeprecationNotice = nodeUtils.deprecate(
      () => {
      },
      "Calling client.query() when the client is already executing a query is deprecated and will be removed in pg@9.0. Use async/await or an external async flow control mechanism instead."
    );
    var Client2 = module.exports = function(config) {
      EventEmitter.call(this);
      config = config || {};
      this._Promise = config.Promise || global.Promise;
      this._types = new TypeOverrides2(config.types);
      this.native = new Native({
        types: this._types
      });
      this._queryQueue = [];
      this._ending = false;
      this._connecting = false;
      this._connected = false;
      this._queryable = true;
      this.pipeline = Boolean(config.pipeline);
      this._pipelineInFlight = false;
      const cp = this.connectionParameters = new ConnectionParameters(config);
      if (config.nativeConnectionString) cp.nativeConnectionString = config.nativeConnectionString;
      this.user = cp.user;
      Object.defineProperty(this, "password", {
        configurable: true,
        enumerable: false,
        writable: true,
        value: cp.password
      });
      this.database = cp.database;
      this.host = cp.host;
      this.port = cp.port;
      this.namedQueries = {};
    };
    Client2.Query = NativeQuery;
    util.inherits(Client2, EventEmitter);
    Client2.prototype._errorAllQueries = function(err) {
      const enqueueError = (query) => {
        process.nextTick(() => {
          query.native = this.native;
          query.handleError(err);
        });
      };
      if (this._hasActiveQuery()) {
        enqueueError(this._activeQuery);
        this._activeQuery = null;
      }
      this._queryQueue.forEach(enqueueError);
      this._queryQueue.length = 0;
    };
    Client2.prototype._connect = function(cb) {
      const self = this;
      if (this._connecting) {
        process.nextTick(() => cb(new Error("Client has already been connected. You cannot reuse a client.")));
        return;
      }
      this._connecting = true;
      this.connectionParameters.getLibpqConnectionString(function(err, conString) {
        if (self.connectionParameters.nativeConnectionString) conString = self.connectionParameters.nativeConnectionString;
        if (err) return cb(err);
        self.native.connect(conString, function(err2) {
          if (err2) {
            self.native.end();
            return cb(err2);
          }
          self._connected = true;
          self.native.on("error", function(err3) {
            self._queryable = false;
            self._errorAllQueries(err3);
            self.emit("error", err3);
          });
          self.native.on("notification", function(msg) {
            self.emit("notification", {
              channel: msg.relname,
              payload: msg.extra
            });
          });
          self.emit("connect");
          self._pulseQueryQueue(true);
          cb(null, this);
        });
      });
    };
    Client2.prototype.connect = function(callback) {
      if (callback) {
        this._connect(callback);
        return;
      }
      return new this._Promise((resolve, reject) => {
        this._connect((error) => {
          if (error) {
            reject(error);
          } else {
            resolve(this);
          }
        });
      });
    };
    Client2.prototype.query = function(config, values, callback) {
      let query;
      let result;
      let readTimeout;
      let readTimeoutTimer;
      let queryCallback;
      if (config === null || config === void 0) {
        throw new TypeError("Client was passed a null or undefined query");
      } else if (typeof config.submit === "function") {
        readTimeout = config.query_timeout || this.connectionParameters.query_timeout;
        result = query = config;
        if (typeof values === "function") {
          config.callback = values;
        }
      } else {
        readTimeout = config.query_timeout || this.connectionParameters.query_timeout;
        query = new NativeQuery(config, values, callback);
        if (!query.callback) {
          let resolveOut, rejectOut;
          result = new this._Promise((resolve, reject) => {
            resolveOut = resolve;
            rejectOut = reject;
          }).catch((err) => {
            Error.captureStackTrace(err);
            throw err;
          });
          query.callback = (err, res) => err ? rejectOut(err) : resolveOut(res);
        }
      }
      if (readTimeout) {
        queryCallback = query.callback || (() => {
        });
        readTimeoutTimer = setTimeout(() => {
          const error = new Error("Query read timeout");
          process.nextTick(() => {
            query.handleError(error, this.connection);
          });
          queryCallback(error);
          query.callback = () => {
          };
          const index = this._queryQueue.indexOf(query);
          if (index > -1) {
            this._queryQueue.splice(index, 1);
          }
          this._pulseQueryQueue();
        }, readTimeout);
        query.callback = (err, res) => {
          clearTimeout(readTimeoutTimer);
          queryCallback(err, res);
        };
      }
      if (!this._queryable) {
        query.native = this.native;
        process.nextTick(() => {
          query.handleError(new Error("Client has encountered a connection error and is not queryable"));
        });
        return result;
      }
      if (this._ending) {
        query.native = this.native;
        process.nextTick(() => {
          query.handleError(new Error("Client was closed and is not queryable"));
        });
        return result;
      }
      if (this._queryQueue.length > 0 && !this.pipeline) {
        queryQueueLengthDeprecationNotice();
      }
      this._queryQueue.push(query);
      this._pulseQueryQueue();
      return result;
    };
    Client2.prototype.end = function(cb) {
      const self = this;
      this._ending = true;
      if (this._connecting && !this._connected) {
        this.once("connect", () => {
          this.end(() => {
          });
        });
      }
      let result;
      if (!cb) {
        result = new this._Promise(function(resolve, reject) {
          cb = (err) => err ? reject(err) : resolve();
        });
      }
      const doEnd = function() {
        self.native.end(function() {
          self._connected = false;
          self._errorAllQueries(new Error("Connection terminated"));
          process.nextTick(() => {
            self.emit("end");
            if (cb) cb();
          });
        });
      };
      if (this.pipeline && (this._pipelineInFlight || this._queryQueue.length > 0)) {
        this.once("drain", doEnd);
      } else {
        doEnd();
      }
      return result;
    };
    Client2.prototype._hasActiveQuery = function() {
      return this._activeQuery && this._activeQuery.state !== "error" && this._activeQuery.state !== "end";
    };
    Client2.prototype._pulseQueryQueue = function(initialConnection) {
      if (!this._connected) {
        return;
      }
      if (this.pipeline && !initialConnection) {
        return this._pulsePipelinedQueryQueue();
      }
      if (this._hasActiveQuery()) {
        return;
      }
      const query = this._queryQueue.shift();
      if (!query) {
        if (!initialConnection) {
          this.emit("drain");
        }
        return;
      }
      this._activeQuery = query;
      query.submit(this);
      const self = this;
      query.once("_done", function() {
        self._pulseQueryQueue();
      });
    };
    Client2.prototype._pulsePipelinedQueryQueue = function() {
      if (!this._connected || this._pipelineInFlight) {
        return;
      }
      if (this._queryQueue.length === 0) {
        if (this.hasExecuted) {
          this.emit("drain");
        }
        return;
      }
      this._pipelineInFlight = true;
      const self = this;
      const queries = [];
      const nativeQueries = [];
      const utils = require_utils();
      while (this._queryQueue.length > 0) {
        const query = this._queryQueue.shift();
        this.hasExecuted = true;
        nativeQueries.push(query);
        const values = query.values ? query.values.map(utils.prepareValue) : null;
        const pipelineEntry = { text: query.text, name: query.name, arrayMode: query._arrayMode };
        if (values) {
          pipelineEntry.values = values;
        }
        if (query.name && this.namedQueries[query.name]) {
          pipelineEntry._alreadyPrepared = true;
        }
        queries.push(pipelineEntry);
      }
      this.native.pipeline(queries, function(err, results) {
        self._pipelineInFlight = false;
        if (err) {
          self._connected = false;
          self._queryable = false;
          for (let i = 0; i < nativeQueries.length; i++) {
            const q = nativeQueries[i];
            q.native = self.native;
            q.handleError(err);
          }
          self._errorAllQueries(err);
          self.emit("error", err);
          self.emit("end");
          return;
        }
        for (let i = 0; i < nativeQueries.length; i++) {
          const q = nativeQueries[i];
          const r = results[i];
          q.native = self.native;
          if (r.err) {
            q.handleError(r.err);
          } else {
            if (q.name) {
              self.namedQueries[q.name] = q.text;
            }
            q.state = "end";
            q.emit("end", r.result);
            if (q.callback) {
              q.callback(null, r.result);
            }
          }
          setImmediate(function() {
            q.emit("_done");
          });
        }
        self._pulsePipelinedQueryQueue();
      });
    };
    Client2.prototype.cancel = function(query) {
      if (this._activeQuery === query) {
        this.native.cancel(function() {
        });
      } else if (this._queryQueue.indexOf(query) !== -1) {
        this._queryQueue.splice(this._queryQueue.indexOf(query), 1);
      }
    };
    Client2.prototype.ref = function() {
    };
    Client2.prototype.unref = function() {
    };
    Client2.prototype.setTypeParser = function(oid, format, parseFn) {
      return this._types.setTypeParser(oid, format, parseFn);
    };
    Client2.prototype.getTypeParser = function(oid, format) {
      return this._types.getTypeParser(oid, format);
    };
    Client2.prototype.isConnected = function() {
      return this._connected;
    };
    Client2.prototype.getTransactionStatus = function() {
      return this.native.getTransactionStatus();
    };
  }
});

// node_modules/pg/lib/native/index.js
var require_native = __commonJS({
  "node_modules/pg/lib/native/index.js"(exports, module) {
    "use strict";
    module.exports = require_client2();
  }
});

// node_modules/pg/lib/index.js
var require_lib2 = __commonJS({
  "node_modules/pg/lib/index.js"(exports, module) {
    "use strict";
    var Client2 = require_client();
    var defaults2 = require_defaults();
    var Connection2 = require_connection();
    var Result2 = require_result();
    var utils = require_utils();
    var Pool2 = require_pg_pool();
    var TypeOverrides2 = require_type_overrides();
    var { DatabaseError: DatabaseError2 } = require_dist();
    var { escapeIdentifier: escapeIdentifier2, escapeLiteral: escapeLiteral2 } = require_utils();
    var poolFactory = (Client3) => {
      return class BoundPool extends Pool2 {
        constructor(options) {
          super(options, Client3);
        }
      };
    };
    var PG = function(clientConstructor2) {
      this.defaults = defaults2;
      this.Client = clientConstructor2;
      this.Query = this.Client.Query;
      this.Pool = poolFactory(this.Client);
      this._pools = [];
      this.Connection = Connection2;
      this.types = require_pg_types();
      this.DatabaseError = DatabaseError2;
      this.TypeOverrides = TypeOverrides2;
      this.escapeIdentifier = escapeIdentifier2;
      this.escapeLiteral = escapeLiteral2;
      this.Result = Result2;
      this.utils = utils;
    };
    var clientConstructor = Client2;
    var forceNative = false;
    try {
      forceNative = !!process.env.NODE_PG_FORCE_NATIVE;
    } catch {
    }
    if (forceNative) {
      clientConstructor = require_native();
    }
    module.exports = new PG(clientConstructor);
    Object.defineProperty(module.exports, "native", {
      configurable: true,
      enumerable: false,
      get() {
        let native = null;
        try {
          native = new PG(require_native());
        } catch (err) {
          if (err.code !== "MODULE_NOT_FOUND") {
            throw err;
          }
        }
        Object.defineProperty(module.exports, "native", {
          value: native
        });
        return native;
      }
    });
  }
});

// src/api/schemas.ts
var isoDate = external_exports.string();
var ms = external_exports.number().transform(roundMs);
var seconds = external_exports.number().transform(Math.round);
var nil = (schema) => schema.nullable().default(null);
var vaporErrorSchema = external_exports.looseObject({ error: external_exports.literal(true), reason: external_exports.string() });
var liveSchema = external_exports.looseObject({
  status: external_exports.string(),
  service: external_exports.string(),
  version: external_exports.string(),
  uptimeSeconds: seconds,
  timestamp: isoDate
});
var readySchema = external_exports.looseObject({
  status: external_exports.enum(["ok", "fail"]),
  timestamp: isoDate,
  checks: external_exports.array(
    external_exports.looseObject({
      name: external_exports.string(),
      status: external_exports.string(),
      latencyMs: nil(ms),
      reason: nil(external_exports.string())
    })
  )
});
var migrationSchema = external_exports.looseObject({
  name: external_exports.string(),
  batch: external_exports.number(),
  createdAt: nil(isoDate)
});
var infoSchema = external_exports.looseObject({
  status: external_exports.string(),
  service: external_exports.string(),
  version: external_exports.string(),
  environment: external_exports.string(),
  timestamp: isoDate,
  uptimeSeconds: seconds,
  recentMigrations: external_exports.array(migrationSchema)
});
var smokeSchema = external_exports.looseObject({
  status: external_exports.enum(["ok", "fail"]),
  timestamp: isoDate,
  checks: external_exports.array(external_exports.looseObject({ name: external_exports.string(), status: external_exports.string(), details: external_exports.string() }))
});
var dbInfoSchema = external_exports.looseObject({
  schemaVersion: nil(external_exports.string()),
  lastMigrationAt: nil(isoDate),
  appliedMigrations: external_exports.array(migrationSchema),
  expectedCriticalTables: external_exports.array(external_exports.string()),
  criticalTableCounts: nil(external_exports.record(external_exports.string(), external_exports.number()))
});
var validateSchema = external_exports.looseObject({
  success: external_exports.boolean(),
  checks: external_exports.array(
    external_exports.looseObject({
      name: external_exports.string(),
      status: external_exports.string(),
      details: external_exports.string(),
      latencyMs: nil(ms)
    })
  ),
  summary: external_exports.looseObject({ passed: external_exports.number(), failed: external_exports.number(), warnings: external_exports.number() }),
  validatedAtUtc: isoDate
});
var maintenanceSchema = external_exports.looseObject({
  status: external_exports.string(),
  maintenanceMode: external_exports.boolean(),
  changed: external_exports.boolean(),
  eventType: external_exports.string(),
  auditLogged: external_exports.boolean(),
  timestamp: isoDate
});

// src/api/client.ts
var INVALID_TOKEN = "Invalid internal service token.";
var QUOTE_LIMIT = 200;
var PickDriverClient = class {
  constructor(ctx, http, baseUrl) {
    this.ctx = ctx;
    this.http = http;
    this.baseUrl = baseUrl;
    this.tokens = ctx.config.internalTokens;
    for (const token of this.tokens) ctx.secrets.add(token);
  }
  ctx;
  http;
  baseUrl;
  /** Index into config.internalTokens of the token the API accepted; null until one was. */
  tokenIndex = null;
  tokensRefused = null;
  tokens;
  get tokenCount() {
    return this.tokens.length;
  }
  /** Why no internal route can be called: no token configured, or every one refused; null otherwise. */
  get tokenProblem() {
    if (this.tokens.length === 0) return "no internal-token is configured";
    if (this.tokensRefused !== null) {
      return `the API refused ${this.tokens.length === 1 ? "the internal-token" : `all ${this.tokens.length} internal tokens`} (HTTP 401: ${INVALID_TOKEN})`;
    }
    return null;
  }
  get(path2, schema, options) {
    return this.call("GET", path2, void 0, schema, options);
  }
  post(path2, body, schema, options) {
    return this.call("POST", path2, body, schema, options);
  }
  async call(method, path2, body, schema, options) {
    if (!options.token)
      return this.interpret(await this.send(method, path2, body, schema, options, null), schema, options);
    const policy = tokenPolicy(this.baseUrl, this.ctx.config.allowInsecureHttp);
    if (!policy.allowed) return { ok: false, status: null, problem: policy.reason, reason: null, quoted: null };
    if (this.tokens.length === 0) {
      return { ok: false, status: null, problem: "no internal-token is configured", reason: null, quoted: null };
    }
    if (this.tokensRefused !== null) {
      return { ok: false, status: 401, problem: this.tokensRefused, reason: INVALID_TOKEN, quoted: null };
    }
    const order = this.tokens.map((_, i) => i);
    if (this.tokenIndex !== null) order.unshift(...order.splice(this.tokenIndex, 1));
    let result = null;
    for (const index of order) {
      const token = this.tokens[index] ?? "";
      result = this.interpret(await this.send(method, path2, body, schema, options, token), schema, options);
      const refused = !result.ok && result.status === 401 && result.reason === INVALID_TOKEN;
      if (!refused) {
        if (result.ok || result.status !== null) this.tokenIndex = index;
        return result;
      }
      this.ctx.log.info(`PickDriver refused internal token #${index + 1} of ${this.tokens.length}`);
    }
    this.tokenIndex = null;
    this.tokensRefused = `HTTP 401: ${INVALID_TOKEN} (all ${this.tokens.length} configured internal tokens were refused)`;
    return { ok: false, status: 401, problem: this.tokensRefused, reason: INVALID_TOKEN, quoted: null };
  }
  async send(method, path2, body, schema, options, token) {
    const outcome = await this.http.send({
      method,
      url: `${this.baseUrl}${path2}`,
      headers: token === null ? {} : { "x-internal-token": token },
      body,
      timeoutMs: options.timeoutMs ?? 1e4,
      attempts: options.attempts ?? 3,
      // A JSON answer PickDriver itself produced (its own shape, or a Vapor error) is final.
      isFinal: (answer) => parsesAs(answer, schema) || parsesAs(answer, vaporErrorSchema)
    });
    const status = outcome.kind === "answer" ? `HTTP ${outcome.answer.status}` : outcome.problem;
    this.ctx.log.debug(this.ctx.secrets.redact(`${method} ${path2} -> ${status} (${outcome.attempts} attempt(s))`));
    return outcome;
  }
  interpret(outcome, schema, options) {
    const retried = outcome.attempts > 1 ? ` after ${outcome.attempts} attempts` : "";
    if (outcome.kind === "error") {
      return { ok: false, status: null, problem: this.redact(outcome.problem + retried), reason: null, quoted: null };
    }
    const { answer } = outcome;
    const quoted = quote(this.ctx, answer.text);
    const bodyExpected = answer.status >= 200 && answer.status < 300 || (options.bodyStatuses ?? []).includes(answer.status);
    const json = parseJson(answer.text);
    if (bodyExpected) {
      if (json === void 0) {
        if (answer.status >= 200 && answer.status < 300) {
          const kind = /html/i.test(answer.contentType) || /^\s*</.test(answer.text) ? "HTML" : "something";
          const problem2 = `HTTP ${answer.status} answered with ${kind} that is not JSON: ${quoted}`;
          return { ok: false, status: answer.status, problem: problem2, reason: null, quoted };
        }
      } else {
        const parsed = schema.safeParse(json);
        if (parsed.success) return { ok: true, status: answer.status, data: parsed.data };
        if (answer.status >= 200 && answer.status < 300) {
          const issue = parsed.error.issues[0];
          const where = issue ? `${issue.path.join(".") || "(body)"}: ${issue.message}` : "unexpected shape";
          const problem2 = `HTTP ${answer.status} answered JSON of an unexpected shape (${where}): ${quoted}`;
          return { ok: false, status: answer.status, problem: problem2, reason: null, quoted };
        }
      }
    }
    if (answer.status >= 300 && answer.status < 400) {
      const to = answer.location ? ` to ${this.redact(answer.location)}` : "";
      const problem2 = `HTTP ${answer.status} redirect${to} (not followed)`;
      return { ok: false, status: answer.status, problem: problem2, reason: null, quoted };
    }
    const vapor = vaporErrorSchema.safeParse(json);
    if (vapor.success) {
      const reason = this.redact(vapor.data.reason);
      return {
        ok: false,
        status: answer.status,
        problem: `HTTP ${answer.status}: ${reason}${retried}`,
        reason,
        quoted
      };
    }
    const problem = `HTTP ${answer.status}${retried}: ${quoted}`;
    return { ok: false, status: answer.status, problem, reason: null, quoted };
  }
  redact(text) {
    return this.ctx.secrets.redact(text);
  }
};
function parseJson(text) {
  try {
    return JSON.parse(text);
  } catch {
    return void 0;
  }
}
function parsesAs(answer, schema) {
  const json = parseJson(answer.text);
  return json !== void 0 && schema.safeParse(json).success;
}
function quote(ctx, text) {
  const flat = ctx.secrets.redact(text).replace(/\s+/g, " ").trim();
  if (flat === "") return "(empty body)";
  const cut = flat.length > QUOTE_LIMIT ? `${flat.slice(0, QUOTE_LIMIT)}\u2026` : flat;
  return JSON.stringify(cut);
}

// src/api/internal-checks.ts
async function infoCheck(client) {
  const t0 = performance.now();
  const result = await client.get("/api/internal/system/info", infoSchema, { token: true });
  if (!result.ok) {
    return { check: check("api.info", "fail", result.problem, failureDetails(result), t0), body: null };
  }
  const body = result.data;
  const token = tokenLabel(client);
  return {
    check: check(
      "api.info",
      "ok",
      `${body.service} ${body.version} (${body.environment}); ${token}`,
      {
        version: body.version,
        environment: body.environment,
        recentMigrations: body.recentMigrations.length,
        tokenIndex: client.tokenIndex,
        tokensConfigured: client.tokenCount
      },
      t0
    ),
    body
  };
}
async function smokeCheck(client) {
  const t0 = performance.now();
  const result = await client.get("/api/internal/system/smoke", smokeSchema, { token: true, bodyStatuses: [503] });
  if (!result.ok) {
    return { check: check("api.smoke", "fail", result.problem, failureDetails(result), t0), body: null };
  }
  const body = result.data;
  const failed = body.checks.filter((c) => c.status !== "ok");
  const details = { httpStatus: result.status, checks: body.checks };
  if (result.status === 200 && body.status === "ok" && failed.length === 0) {
    return { check: check("api.smoke", "ok", `all ${body.checks.length} smoke checks passed`, details, t0), body };
  }
  const listed2 = failed.map((c) => `${c.name}: ${c.details}`).join("; ") || `status ${body.status}`;
  return {
    check: check("api.smoke", "fail", `HTTP ${result.status}, smoke failed: ${listed2}`, details, t0),
    body
  };
}
function tokenLabel(client) {
  return client.tokenIndex === null ? "no token accepted yet" : `internal token #${client.tokenIndex + 1} of ${client.tokenCount} accepted`;
}
function failureDetails(result) {
  return { httpStatus: result.status, reason: result.reason, answer: result.quoted };
}

// src/api/validate-check.ts
var ACTION_SOURCE = "pickdriver-vault-action";
async function validateCheck(ctx, client, target, backupId) {
  const t0 = performance.now();
  const request = {
    target,
    backupId,
    checksProfile: ctx.config.checksProfile,
    source: ACTION_SOURCE,
    reason: `restore drill ${ctx.env.GITHUB_RUN_ID || "manual"}`
  };
  const result = await client.post("/api/internal/ops/backup/validate", request, validateSchema, {
    token: true,
    timeoutMs: 6e4
  });
  if (!result.ok) {
    return { check: check("api.validate", "fail", result.problem, failureDetails(result), t0), body: null };
  }
  const body = result.data;
  const { passed, failed, warnings } = body.summary;
  const details = { target, checksProfile: request.checksProfile, summary: body.summary, checks: body.checks };
  const counts = `${passed} passed, ${failed} failed, ${warnings} warnings`;
  const listOf = (pick) => body.checks.filter((c) => pick(c.status)).map((c) => `${c.name}: ${c.details}`).join("; ");
  if (!body.success) {
    const failures = listOf((s) => s === "fail") || "no failed check listed";
    return { check: check("api.validate", "fail", `validation failed (${counts}): ${failures}`, details, t0), body };
  }
  if (warnings > 0) {
    const warned = listOf((s) => s !== "ok" && s !== "fail");
    return {
      check: check("api.validate", "warn", `validation passed with warnings (${counts}): ${warned}`, details, t0),
      body
    };
  }
  return {
    check: check("api.validate", "ok", `validation passed (${counts}, profile ${request.checksProfile})`, details, t0),
    body
  };
}

// src/api/maintenance.ts
async function setMaintenance(ctx, on, reason) {
  const verb = on ? "enable" : "disable";
  const apiUrl = ctx.config.apiUrl;
  if (apiUrl === null)
    return { ok: false, message: `cannot ${verb} maintenance mode: api-url is empty`, changed: null };
  const http = createHttp();
  try {
    const client = new PickDriverClient(ctx, http, apiUrl);
    const result = await client.post(
      `/api/internal/system/maintenance/${verb}`,
      { source: ACTION_SOURCE, reason },
      maintenanceSchema,
      { token: true }
    );
    if (!result.ok) {
      return { ok: false, message: `could not ${verb} maintenance mode: ${result.problem}`, changed: null };
    }
    const body = result.data;
    if (body.maintenanceMode !== on) {
      const message = `asked to ${verb} maintenance mode, but the API reports maintenanceMode=${body.maintenanceMode}`;
      return { ok: false, message, changed: body.changed };
    }
    const audit = body.auditLogged ? "" : " (the API could not write its audit row)";
    const what = body.changed ? `maintenance mode ${on ? "enabled" : "disabled"}` : `maintenance mode was already ${on ? "on" : "off"}`;
    return { ok: true, message: `${what} (${body.eventType})${audit}`, changed: body.changed };
  } catch (error) {
    const message = ctx.secrets.redact(error instanceof Error ? error.message : String(error));
    return { ok: false, message: `could not ${verb} maintenance mode: ${message}`, changed: null };
  } finally {
    await http.close().catch(() => {
    });
  }
}

// src/util/deadline.ts
var DeadlineExceeded = class extends Error {
  constructor(what, ms2) {
    super(`${what} did not finish within ${formatDuration(ms2)}`);
    this.name = "DeadlineExceeded";
  }
};
var Deadline = class {
  constructor(totalMs, what) {
    this.totalMs = totalMs;
    this.what = what;
    this.endsAt = Date.now() + totalMs;
  }
  totalMs;
  what;
  endsAt;
  get remainingMs() {
    return Math.max(0, this.endsAt - Date.now());
  }
  /** statement_timeout for a session opened now: what is left of the phase (at least 1 ms). */
  get statementTimeoutMs() {
    return Math.max(1, this.remainingMs);
  }
  /**
   * `work`, or DeadlineExceeded once the deadline passes first; `onExpire` then closes what the
   * work has open (its connections), so nothing of it goes on.
   */
  race(work, onExpire) {
    let timer;
    const expired = new Promise((_, reject) => {
      timer = setTimeout(() => {
        onExpire?.();
        reject(new DeadlineExceeded(this.what, this.totalMs));
      }, this.remainingMs);
    });
    work.catch(() => {
    });
    return Promise.race([work, expired]).finally(() => clearTimeout(timer));
  }
};
function postRestoreBudgetMs(restoreDurationMs, restoreTimeoutMs) {
  const scaled = Math.max(12e4, 2 * (restoreDurationMs ?? 0));
  return Math.min(restoreTimeoutMs, scaled);
}

// node_modules/pg/esm/index.mjs
var import_lib = __toESM(require_lib2(), 1);
var Client = import_lib.default.Client;
var Pool = import_lib.default.Pool;
var Connection = import_lib.default.Connection;
var types = import_lib.default.types;
var Query = import_lib.default.Query;
var DatabaseError = import_lib.default.DatabaseError;
var escapeIdentifier = import_lib.default.escapeIdentifier;
var escapeLiteral = import_lib.default.escapeLiteral;
var Result = import_lib.default.Result;
var TypeOverrides = import_lib.default.TypeOverrides;
var defaults = import_lib.default.defaults;
var esm_default = import_lib.default;

// src/util/pg-session.ts
var ADMIN_STATEMENT_TIMEOUT_MS = 5 * 6e4;
function sessionOptions(settings) {
  const timeout = Math.max(1, Math.ceil(settings.statementTimeoutMs));
  return [
    `search_path=${settings.searchPath ?? "pg_catalog"}`,
    "row_security=off",
    "DateStyle=ISO",
    "IntervalStyle=postgres",
    "TimeZone=UTC",
    `statement_timeout=${timeout}`
  ].map((setting) => `-c ${setting}`).join(" ");
}
function pgClient(url, options) {
  const parsed = new URL(url);
  const own = parsed.searchParams.get("options");
  parsed.searchParams.delete("options");
  const client = new esm_default.Client({
    connectionString: parsed.toString(),
    options: [own, sessionOptions(options)].filter(Boolean).join(" "),
    ...options.connectionTimeoutMillis === void 0 ? {} : { connectionTimeoutMillis: options.connectionTimeoutMillis }
  });
  client.on("error", () => {
  });
  return client;
}
async function connectPinned(url, options) {
  const client = pgClient(url, options);
  try {
    await client.connect();
    return client;
  } catch (error) {
    await client.end().catch(() => {
    });
    throw error;
  }
}
async function withPinnedClient(url, options, fn) {
  const client = await connectPinned(url, options);
  try {
    return await fn(client);
  } finally {
    await client.end().catch(() => {
    });
  }
}

// src/restore/analyze.ts
function shareOut(tables, n) {
  const groups = Array.from({ length: Math.max(1, n) }, () => ({ bytes: 0, names: [] }));
  for (const table of [...tables].sort((a, b) => b.bytes - a.bytes)) {
    const lightest = groups.reduce((min, g) => g.bytes < min.bytes ? g : min);
    lightest.names.push(table.name);
    lightest.bytes += table.bytes;
  }
  return groups.map((g) => g.names).filter((names) => names.length > 0);
}
async function withClient(url, deadline, open, fn) {
  const client = pgClient(url, { statementTimeoutMs: deadline.statementTimeoutMs });
  open.add(client);
  await client.connect();
  try {
    return await fn(client);
  } finally {
    open.delete(client);
    await client.end().catch(() => {
    });
  }
}
async function analyzeDatabase(ctx, drillUrl, jobs, deadline = new Deadline(postRestoreBudgetMs(null, ctx.config.restoreTimeoutMs), "ANALYZE")) {
  const started = Date.now();
  const open = /* @__PURE__ */ new Set();
  const closeAll = () => {
    for (const client of open) void client.end().catch(() => {
    });
  };
  try {
    await deadline.race(analyzeAll(ctx, drillUrl, jobs, deadline, open, started), closeAll);
  } catch (error) {
    ctx.log.warning(`restore: ANALYZE failed: ${ctx.secrets.redact(error.message)}`);
  }
}
async function analyzeAll(ctx, drillUrl, jobs, deadline, open, started) {
  const tables = await withClient(drillUrl, deadline, open, async (client) => {
    const { rows } = await client.query(
      `SELECT pg_catalog.format('%I.%I', n.nspname, c.relname) AS name, pg_catalog.pg_relation_size(c.oid)::text AS bytes
           FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
          WHERE c.relkind IN ('r', 'p', 'm') AND n.nspname NOT IN ('pg_catalog', 'information_schema')
            AND n.nspname NOT LIKE 'pg\\_toast%'`
    );
    return rows.map((r) => ({ name: r.name, bytes: Number(r.bytes) }));
  });
  const groups = shareOut(tables, jobs);
  await Promise.all(
    groups.map((names) => withClient(drillUrl, deadline, open, (c) => c.query(`ANALYZE ${names.join(", ")}`)))
  );
  ctx.log.info(
    `restore: ANALYZE of ${tables.length} tables on ${groups.length} connection(s) took ${formatDuration(Date.now() - started)}`
  );
}

// src/restore/drill-role.ts
import { randomBytes } from "node:crypto";
import { hostname } from "node:os";

// src/util/process-group.ts
import { readdirSync, readFileSync } from "node:fs";

// src/util/cancel-state.ts
var by = null;
function markCancelled(signal2) {
  by ??= signal2;
}
function cancelledBy() {
  return by;
}
async function parkIfCancelled() {
  if (by !== null) await new Promise(() => {
  });
}

// src/util/process-group.ts
var live = /* @__PURE__ */ new Set();
function trackGroup(pid) {
  live.add(pid);
  if (cancelledBy() !== null) void stopProcessTree(pid, 1e3);
}
function untrackGroup(pid) {
  live.delete(pid);
}
function liveGroups() {
  return [...live];
}
async function stopAllGroups(graceMs = 3e3) {
  await Promise.all(liveGroups().map((pid) => stopProcessTree(pid, graceMs).finally(() => untrackGroup(pid))));
}
function statFields(pid) {
  let stat;
  try {
    stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  } catch {
    return null;
  }
  return stat.slice(stat.lastIndexOf(")") + 2).split(" ");
}
function processStartTime(pid) {
  return statFields(pid)?.[19] ?? null;
}
function isSameGroupLeader(pid, startTime) {
  if (!Number.isInteger(pid) || pid <= 1 || pid === process.pid) return false;
  const fields = statFields(pid);
  if (fields !== null) {
    return startTime !== null && Number(fields[2]) === pid && fields[19] === startTime;
  }
  return groupMembers(pid) > 0;
}
function groupMembers(pgid) {
  let count = 0;
  try {
    for (const entry of readdirSync("/proc")) {
      if (/^\d+$/.test(entry) && Number(statFields(entry)?.[2]) === pgid) count += 1;
    }
  } catch {
    return 0;
  }
  return count;
}
function exists(target) {
  try {
    process.kill(target, 0);
  } catch (error) {
    return error.code === "EPERM";
  }
  return !onlyZombies(target);
}
function onlyZombies(target) {
  let entries;
  try {
    entries = readdirSync("/proc").filter((e) => /^\d+$/.test(e));
  } catch {
    return false;
  }
  let members = 0;
  for (const entry of entries) {
    const fields = statFields(entry);
    if (fields === null) continue;
    const matches = target < 0 ? Number(fields[2]) === -target : Number(entry) === target;
    if (!matches) continue;
    members += 1;
    if (fields[0] !== "Z") return false;
  }
  return members > 0;
}
function signal(target, name2) {
  try {
    process.kill(target, name2);
  } catch {
  }
}
var pause = (ms2) => new Promise((resolve) => setTimeout(resolve, ms2));
async function waitGone(target, ms2) {
  const deadline = Date.now() + ms2;
  while (Date.now() < deadline) {
    if (!exists(target)) return true;
    await pause(50);
  }
  return !exists(target);
}
async function stopProcessTree(pid, graceMs = 5e3) {
  if (!Number.isInteger(pid) || pid <= 1 || pid === process.pid) return;
  const target = exists(-pid) ? -pid : exists(pid) ? pid : null;
  if (target === null) return;
  signal(target, "SIGTERM");
  if (await waitGone(target, graceMs)) return;
  signal(target, "SIGKILL");
  await waitGone(target, 2e3);
}

// src/restore/drill-role.ts
var ROLE_MARKER = "pickdriver-vault-action drill role";
function newRunIdentity(env) {
  const { GITHUB_SERVER_URL: server, GITHUB_REPOSITORY: repo, GITHUB_RUN_ID: runId } = env;
  const by2 = server && repo && runId ? `${server.replace(/\/+$/, "")}/${repo}/actions/runs/${runId}` : `pid ${process.pid} on ${hostname()}`;
  const field = (text) => sanitizeName(text).replace(/;/g, ",");
  return {
    nonce: randomBytes(16).toString("hex"),
    by: field(by2),
    pid: process.pid,
    startTime: processStartTime(process.pid),
    host: field(hostname()).replace(/\s/g, "_")
  };
}
function drillRoleName(run) {
  return `pdv_drill_${run.nonce.slice(0, 16)}`;
}
function markText(marker, run, now = /* @__PURE__ */ new Date(), databaseOid = null) {
  const database = databaseOid === null ? "" : ` database oid ${databaseOid};`;
  return `${marker}; run ${run.nonce}; created ${now.toISOString()}; by ${run.by}; pid ${run.pid} started ${run.startTime ?? "-"} on ${run.host};${database} dropped by the action's post step unless keep-database is true`;
}
function parseMark(comment) {
  const m = comment === null ? null : /; run ([0-9a-f]{32}); created ([^;]+); by ([^;]*);/.exec(comment);
  if (!m || comment === null) return null;
  const createdAt = new Date(m[2]);
  if (Number.isNaN(createdAt.getTime())) return null;
  const p = /; pid (\d+) started (\S+) on (\S+);/.exec(comment);
  const oid = /; database oid (\d+);/.exec(comment);
  return {
    nonce: m[1],
    createdAt,
    by: m[3],
    pid: p ? Number(p[1]) : null,
    startTime: p && p[2] !== "-" ? p[2] : null,
    host: p ? p[3] : null,
    databaseOid: oid ? Number(oid[1]) : null
  };
}
function markOwnerGone(mark, here) {
  if (mark.pid === null || mark.host === null || mark.host !== here.host) return false;
  if (mark.pid === here.pid) return mark.startTime !== here.startTime;
  const started = processStartTime(mark.pid);
  if (started !== null) return mark.startTime !== null && started !== mark.startTime;
  try {
    process.kill(mark.pid, 0);
    return false;
  } catch (error) {
    return error.code === "ESRCH";
  }
}
var DrillRoleRefused = class extends Error {
  constructor(message) {
    super(message);
    this.name = "DrillRoleRefused";
  }
};
function assertCanCreateRole(rights) {
  if (rights.superuser || rights.createRole) return;
  throw new DrillRoleRefused(
    `the database-url role ${rights.user} may not create roles (it has neither SUPERUSER nor CREATEROLE), so the drill cannot restore as a role of its own. Grant it CREATEROLE (ALTER ROLE ${rights.user} CREATEROLE), or set restore-role: admin to restore as ${rights.user} itself, accepting that the backup's SQL then runs with all of that role's rights`
  );
}
var ATTRIBUTES = "LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS INHERIT";
async function createDrillRole(client, name2, run, rights) {
  const password = randomBytes(24).toString("base64url");
  const ident = client.escapeIdentifier(name2);
  await client.query(
    `CREATE ROLE ${ident} ${ATTRIBUTES} PASSWORD ${client.escapeLiteral(password)};
     COMMENT ON ROLE ${ident} IS ${client.escapeLiteral(markText(ROLE_MARKER, run))}`
  );
  if (!rights.superuser) await client.query(`GRANT ${ident} TO CURRENT_USER`);
  return password;
}
async function dropMarkedRole(client, name2, nonce) {
  const { rows } = await client.query(
    `SELECT shobj_description(oid, 'pg_authid') AS comment FROM pg_roles WHERE rolname = $1`,
    [name2]
  );
  const comment = rows[0]?.comment ?? null;
  if (rows.length === 0 || !comment?.startsWith(ROLE_MARKER)) return false;
  if (nonce !== null && parseMark(comment)?.nonce !== nonce) return false;
  await client.query(`DROP ROLE IF EXISTS ${client.escapeIdentifier(name2)}`);
  return true;
}
async function ownerProblem(client, owner) {
  const { rows } = await client.query(
    `SELECT array_remove(ARRAY[
              CASE WHEN rolsuper THEN 'SUPERUSER' END, CASE WHEN rolcreaterole THEN 'CREATEROLE' END,
              CASE WHEN rolcreatedb THEN 'CREATEDB' END, CASE WHEN rolreplication THEN 'REPLICATION' END,
              CASE WHEN rolbypassrls THEN 'BYPASSRLS' END,
              CASE WHEN pg_catalog.pg_has_role(r.oid, 'pg_execute_server_program', 'USAGE') THEN 'pg_execute_server_program' END,
              CASE WHEN pg_catalog.pg_has_role(r.oid, 'pg_write_server_files', 'USAGE') THEN 'pg_write_server_files' END,
              CASE WHEN pg_catalog.pg_has_role(r.oid, 'pg_read_server_files', 'USAGE') THEN 'pg_read_server_files' END
            ], NULL) AS risky,
            ARRAY(SELECT pg_catalog.pg_get_userbyid(m.roleid)::text FROM pg_catalog.pg_auth_members m
                   WHERE m.member = r.oid ORDER BY 1) AS member_of
       FROM pg_catalog.pg_roles r WHERE rolname = $1`,
    [owner]
  );
  const risky = [...rows[0]?.risky ?? []];
  const memberOf = rows[0]?.member_of ?? [];
  if (memberOf.length > 0) risky.push(`membership in ${memberOf.join(", ")}`);
  return risky.length === 0 ? null : risky.join(", ");
}

// src/restore/drill-mark.ts
var DRILL_MARKER = "pickdriver-vault-action drill database";
var DrillDatabaseInUse = class extends Error {
  constructor(message) {
    super(message);
    this.name = "DrillDatabaseInUse";
  }
};
async function lookUp(client, name2) {
  const { rows } = await client.query(
    `SELECT r.rolname AS user, r.rolsuper AS superuser, r.rolcreaterole AS createrole, d.oid::int8::text AS oid,
            pg_catalog.shobj_description(d.oid, 'pg_database') AS comment, pg_catalog.pg_get_userbyid(d.datdba) AS owner,
            pg_catalog.shobj_description(d.datdba, 'pg_authid') AS owner_comment,
            (SELECT pg_catalog.max(pg_catalog.shobj_description(m.member, 'pg_authid'))
               FROM pg_catalog.pg_auth_members m
              WHERE m.roleid = d.datdba
                AND pg_catalog.starts_with(pg_catalog.shobj_description(m.member, 'pg_authid'), $2)) AS member_mark
       FROM pg_catalog.pg_roles r LEFT JOIN pg_catalog.pg_database d ON d.datname = $1
      WHERE r.rolname = current_user`,
    [name2, ROLE_MARKER]
  );
  const row = rows[0];
  if (!row) throw new Error("the database-url role is not in pg_roles");
  return {
    rights: { user: row.user, superuser: row.superuser, createRole: row.createrole },
    existing: row.oid !== null ? {
      oid: Number(row.oid),
      comment: row.comment,
      owner: row.owner ?? "",
      ownerComment: row.owner_comment,
      memberMark: row.member_mark
    } : null
  };
}
var ownedByDrillRole = (db) => db.ownerComment?.startsWith(ROLE_MARKER) === true;
var isMarked = (db) => ownedByDrillRole(db) || db.comment?.startsWith(DRILL_MARKER) === true;
var markOf = (db) => ownedByDrillRole(db) ? parseMark(db.ownerComment) : parseMark(db.comment);
function dropCommand(adminUrl, database, roles) {
  const sql = [
    ...database === null ? [] : [`DROP DATABASE "${database}" WITH (FORCE)`],
    ...roles.map((role) => `DROP ROLE "${role}"`)
  ];
  return `psql "${noPassword(adminUrl)}" ${sql.map((s) => `-c '${s}'`).join(" ")}`;
}
function noPassword(url) {
  try {
    const u = new URL(url);
    u.password = "";
    return u.toString();
  } catch {
    return withoutPassword(url);
  }
}
function assertNotInUse(mark, c) {
  if (mark === null || mark.nonce === c.run.nonce) return;
  const ageMs = Date.now() - mark.createdAt.getTime();
  if (ageMs >= c.restoreTimeoutMs) return;
  const who = mark.pid !== null && mark.host !== null ? `pid ${mark.pid} on ${mark.host}` : mark.by;
  if (markOwnerGone(mark, c.run)) {
    c.log(
      `drill-database '${c.name}' was made ${formatDuration(Math.max(0, ageMs))} ago by a drill that is gone (${who} is no longer running on this host): dropping its leftovers`
    );
    return;
  }
  const process2 = mark.by.includes(who) || who === mark.by ? "" : ` as ${who}`;
  throw new DrillDatabaseInUse(
    `drill-database '${c.name}' is in use by another drill (${mark.by})${process2}, which made it ${formatDuration(Math.max(0, ageMs))} ago, less than restore-timeout (${formatDuration(c.restoreTimeoutMs)}); nothing was dropped. Give concurrent drills different drill-database names, or let them run one after the other (a concurrency group). If that drill is over (killed, its runner gone), clear its leftovers with: ${dropCommand(c.adminUrl, c.name, c.ownerRole ? [c.ownerRole] : [])}`
  );
}

// src/restore/pg-connection.ts
function connectionParts(url) {
  const parsed = new URL(url);
  const host = parsed.searchParams.get("host") || parsed.hostname.replace(/^\[(.*)\]$/, "$1") || "localhost";
  const user = parsed.username ? decodeURIComponent(parsed.username) : null;
  return {
    host,
    port: parsed.port ? Number(parsed.port) : Number(parsed.searchParams.get("port") || 5432),
    user,
    password: parsed.password ? decodeURIComponent(parsed.password) : null,
    database: decodeURIComponent(parsed.pathname.replace(/^\//, "")) || user || "postgres",
    sslmode: parsed.searchParams.get("sslmode")
  };
}
function libpqEnv(url) {
  const parts = connectionParts(url);
  const env = {
    PGHOST: parts.host,
    PGPORT: String(parts.port),
    PGDATABASE: parts.database
  };
  if (parts.user) env.PGUSER = parts.user;
  if (parts.password) env.PGPASSWORD = parts.password;
  if (parts.sslmode) env.PGSSLMODE = parts.sslmode;
  return env;
}
function drillDatabaseUrl(adminUrl, name2) {
  const url = new URL(adminUrl);
  url.pathname = `/${encodeURIComponent(name2)}`;
  return url.toString();
}

// src/restore/wait-for-postgres.ts
var PostgresUnreachable = class extends Error {
  /** `cause`: the server's own refusal (its SQLSTATE in `code`), when it answered. */
  constructor(message, cause) {
    super(message, cause === void 0 ? void 0 : { cause });
    this.name = "PostgresUnreachable";
  }
};
var NOT_YET_STATES = /* @__PURE__ */ new Set(["57P03", "57P01", "53300"]);
function isRetryable(error) {
  const e = error;
  if (e.code && NOT_YET_STATES.has(e.code)) return true;
  if (e.code && /^E[A-Z]+$/.test(e.code)) return true;
  return /timeout|terminated unexpectedly|ECONNREFUSED|socket hang up/i.test(e.message ?? "");
}
var sleep = (ms2) => new Promise((resolve) => setTimeout(resolve, ms2));
async function connectWhenReady(url, options = {}) {
  const budgetMs = options.budgetMs ?? 3e4;
  const redact = options.redact ?? ((t) => t);
  const { host, port } = connectionParts(url);
  const deadline = Date.now() + budgetMs;
  let delay = options.firstDelayMs ?? 250;
  let attempts = 0;
  let lastError = "no attempt made";
  for (; ; ) {
    attempts += 1;
    const remaining = deadline - Date.now();
    const client = pgClient(url, {
      statementTimeoutMs: ADMIN_STATEMENT_TIMEOUT_MS,
      connectionTimeoutMillis: Math.max(500, Math.min(5e3, remaining))
    });
    try {
      await client.connect();
      return client;
    } catch (error) {
      await client.end().catch(() => {
      });
      lastError = redact(error.message || String(error));
      if (!isRetryable(error)) {
        throw new PostgresUnreachable(`Postgres at ${host}:${port} refused the connection: ${lastError}`, error);
      }
    }
    if (Date.now() + delay > deadline) break;
    await sleep(delay);
    delay = Math.min(delay * 2, options.maxDelayMs ?? 4e3);
  }
  throw new PostgresUnreachable(
    `Postgres at ${host}:${port} did not answer within ${formatDuration(budgetMs)} (${attempts} attempts; last error: ${lastError}). Check database-url and that the Postgres service is running and reachable from the job.`
  );
}

// src/restore/drill-database.ts
var DrillDatabaseRefused = class extends Error {
  constructor(message) {
    super(message);
    this.name = "DrillDatabaseRefused";
  }
};
var NAME_RE = /^[a-z_][a-z0-9_]{0,62}$/;
function assertSafeDrillName(name2, adminUrl) {
  if (!NAME_RE.test(name2)) {
    throw new DrillDatabaseRefused(`drill-database '${name2}' is not a plain lower-case name (${NAME_RE.source})`);
  }
  if (RESTRICTED_NAMES.includes(name2.toLowerCase())) {
    throw new DrillDatabaseRefused(`drill-database '${name2}' is a restricted name (${RESTRICTED_NAMES.join(", ")})`);
  }
  const problem = drillDatabaseProblem(name2, adminUrl);
  if (problem !== null) throw new DrillDatabaseRefused(problem);
}
function adminRole(adminUrl) {
  const name2 = connectionParts(adminUrl).user ?? "postgres";
  return {
    mode: "admin",
    name: name2,
    risk: `the restore and the checks ran as the database-url role ${name2}: SQL in the backup ran with all of its rights (a superuser can run programs on the database server)`
  };
}
async function createMarked(client, name2, run, owner) {
  const ident = client.escapeIdentifier(name2);
  await client.query(
    `CREATE DATABASE ${ident} TEMPLATE template0${owner ? ` OWNER ${client.escapeIdentifier(owner)}` : ""}`
  );
  const { rows } = await client.query(
    "SELECT oid::int8::text AS oid FROM pg_catalog.pg_database WHERE datname = $1",
    [name2]
  );
  const oid = Number(rows[0]?.oid);
  await client.query(
    `COMMENT ON DATABASE ${ident} IS ${client.escapeLiteral(markText(DRILL_MARKER, run, /* @__PURE__ */ new Date(), oid))}`
  );
  if (owner) {
    await client.query(
      `COMMENT ON ROLE ${client.escapeIdentifier(owner)} IS ${client.escapeLiteral(markText(ROLE_MARKER, run, /* @__PURE__ */ new Date(), oid))}`
    );
  }
  return oid;
}
async function dropDatabase(client, name2) {
  const ident = client.escapeIdentifier(name2);
  const { rows } = await client.query(
    `SELECT pg_catalog.current_setting('server_version_num')::int AS v`
  );
  if ((rows[0]?.v ?? 0) >= 13e4) {
    await client.query(`DROP DATABASE IF EXISTS ${ident} WITH (FORCE)`);
    return;
  }
  await client.query(
    `SELECT pg_catalog.pg_terminate_backend(pid) FROM pg_catalog.pg_stat_activity
      WHERE datname = $1 AND pid OPERATOR(pg_catalog.<>) pg_catalog.pg_backend_pid()`,
    [name2]
  );
  await client.query(`DROP DATABASE IF EXISTS ${ident}`);
}
async function userRelations(url, options) {
  const client = await connectWhenReady(url, options);
  try {
    const { rows } = await client.query(
      // This session is the admin's in a database that may hold the backup's operators: every
      // operator and function is pg_catalog's by name (and the search_path is pinned too).
      `SELECT pg_catalog.concat(n.nspname, '.', c.relname) AS name, c.relkind OPERATOR(pg_catalog.=) ANY (ARRAY['r', 'p', 'f', 'm']::pg_catalog."char"[]) AS is_table
         FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid OPERATOR(pg_catalog.=) c.relnamespace
        WHERE c.relkind OPERATOR(pg_catalog.=) ANY (ARRAY['r', 'p', 'v', 'm', 'f', 'S']::pg_catalog."char"[])
          AND NOT (n.nspname::pg_catalog.text OPERATOR(pg_catalog.=) ANY (ARRAY['pg_catalog', 'information_schema']))
          AND NOT pg_catalog.starts_with(n.nspname::pg_catalog.text, 'pg_toast')
          AND NOT pg_catalog.starts_with(n.nspname::pg_catalog.text, 'pg_temp')
        ORDER BY 1`
    );
    return {
      tables: rows.filter((r) => r.is_table).map((r) => r.name),
      others: rows.filter((r) => !r.is_table).map((r) => r.name)
    };
  } finally {
    await client.end();
  }
}
function listed(names) {
  return names.slice(0, 5).join(", ") + (names.length > 5 ? ", \u2026" : "");
}
async function prepareDrillDatabase(ctx, options = {}) {
  const { run = newRunIdentity(ctx.env), onRole, ...waitOptions } = options;
  const adminUrl = ctx.config.databaseUrl;
  const name2 = ctx.config.drillDatabase;
  ctx.secrets.addUrl(adminUrl);
  assertSafeDrillName(name2, adminUrl);
  const wait = { redact: (t) => ctx.secrets.redact(t), ...waitOptions };
  const adminDrillUrl = drillDatabaseUrl(adminUrl, name2);
  const asDrill = ctx.config.restoreRole === "drill";
  const client = await connectWhenReady(adminUrl, wait);
  try {
    const { rights, existing } = await lookUp(client, name2);
    if (asDrill) assertCanCreateRole(rights);
    let origin;
    const inUse = (ownerRole) => ({
      name: name2,
      adminUrl,
      run,
      restoreTimeoutMs: ctx.config.restoreTimeoutMs,
      ownerRole,
      log: (line) => ctx.log.info(line)
    });
    if (existing === null || isMarked(existing)) {
      if (existing !== null) {
        const owner = existing.ownerComment?.startsWith(ROLE_MARKER) ? existing.owner : null;
        assertNotInUse(markOf(existing), inUse(owner));
        await dropDatabase(client, name2);
        await dropMarkedRole(client, existing.owner, null).catch(() => false);
      }
      origin = existing === null ? "created" : "recreated";
    } else {
      assertNotInUse(parseMark(existing.memberMark), { ...inUse(null), name: name2 });
      const { tables, others } = await userRelations(adminDrillUrl, wait);
      if (tables.length > 0 || others.length > 0) {
        const holds = tables.length > 0 ? `${tables.length} user table(s) (${listed(tables)})` : `${others.length} user relation(s) (${listed(others)})`;
        throw new DrillDatabaseRefused(
          `drill-database '${name2}' already exists, was not created by this action and holds ${holds}. The action never drops or writes into a database it did not create: choose another drill-database name, or empty or drop that database yourself if it is a stale copy.`
        );
      }
      if (asDrill) {
        const risky = await ownerProblem(client, existing.owner);
        if (risky !== null) {
          throw new DrillRoleRefused(
            `drill-database '${name2}' is pre-provisioned and owned by ${existing.owner}, which has ${risky}: the backup's SQL would run with those rights. Give the database an owner without them (as PickDriver provisions pickdriver_drill_user), or set restore-role: admin to accept the risk`
          );
        }
      }
      origin = "reused";
    }
    if (!asDrill) {
      const databaseOid2 = origin === "reused" ? null : await createMarked(client, name2, run, null);
      ctx.log.info(`drill database ${name2}: ${originWords(origin, null)} on ${withoutPassword(adminUrl)}`);
      return { url: adminDrillUrl, origin, role: adminRole(adminUrl), databaseOid: databaseOid2 };
    }
    const roleName = drillRoleName(run);
    onRole?.(roleName);
    const password = await createDrillRole(client, roleName, run, rights);
    ctx.secrets.add(password);
    let databaseOid = null;
    if (origin === "reused") {
      await client.query(
        `GRANT ${client.escapeIdentifier(existing?.owner ?? "")} TO ${client.escapeIdentifier(roleName)}`
      );
    } else {
      databaseOid = await createMarked(client, name2, run, roleName);
    }
    ctx.log.info(`drill database ${name2}: ${originWords(origin, roleName)} on ${withoutPassword(adminUrl)}`);
    return { url: roleUrl(adminDrillUrl, roleName, password), origin, role: drillRole(roleName), databaseOid };
  } finally {
    await client.end().catch(() => {
    });
  }
}
function originWords(origin, role) {
  const as = role ? `; the restore, the commands and the checks connect as the drill role ${role}` : "";
  if (origin === "created") return `created${role ? ` owned by ${role}` : ""}${as}`;
  if (origin === "recreated")
    return `left over from an earlier drill; dropped and created again${role ? ` owned by ${role}` : ""}${as}`;
  return `pre-provisioned and empty; restoring into it${as}`;
}
function roleUrl(url, role, password) {
  const u = new URL(url);
  u.username = encodeURIComponent(role);
  u.password = encodeURIComponent(password);
  return u.toString();
}
function drillRole(name2) {
  return { mode: "drill", name: name2, risk: null };
}
async function dropDrillDatabase(adminUrl, name2, options = {}) {
  const { nonce = null, role = null, databaseOid = null, ...wait } = options;
  if (name2 !== null) assertSafeDrillName(name2, adminUrl);
  const client = await connectWhenReady(adminUrl, wait);
  try {
    const existing = name2 === null ? null : (await lookUp(client, name2)).existing;
    const made = existing !== null && databaseOid !== null && existing.oid === databaseOid && existing.ownerComment?.startsWith(ROLE_MARKER) !== true;
    if (name2 !== null && existing !== null && !made) {
      if (!isMarked(existing)) {
        throw new DrillDatabaseRefused(
          `drill database '${name2}' was not created by this action (no '${DRILL_MARKER}' comment); not dropping it`
        );
      }
      if (nonce !== null && markOf(existing)?.nonce !== nonce) {
        throw new DrillDatabaseRefused(
          `drill database '${name2}' carries another run's mark (${markOf(existing)?.by ?? "no run named"}); not dropping it`
        );
      }
    }
    if (name2 !== null && existing !== null) {
      await dropDatabase(client, name2);
      await dropMarkedRole(client, existing.owner, nonce);
    }
    if (role !== null && role !== existing?.owner) await dropMarkedRole(client, role, nonce);
  } finally {
    await client.end().catch(() => {
    });
  }
}

// src/restore/post-restore-command.ts
import { spawn } from "node:child_process";
import { createInterface } from "node:readline";

// src/util/child-env.ts
var ALLOWED = /* @__PURE__ */ new Set(["PATH", "HOME", "LANG", "LANGUAGE", "TZ", "TMPDIR"]);
var ALLOWED_PREFIXES = ["LC_"];
function childEnv(parent, extra = {}) {
  const env = {};
  for (const [name2, value] of Object.entries(parent)) {
    if (value === void 0) continue;
    if (ALLOWED.has(name2) || ALLOWED_PREFIXES.some((p) => name2.startsWith(p))) env[name2] = value;
  }
  if (!env.TMPDIR && parent.RUNNER_TEMP) env.TMPDIR = parent.RUNNER_TEMP;
  for (const [name2, value] of Object.entries(extra)) if (value !== void 0) env[name2] = value;
  return env;
}

// src/restore/post-restore-command.ts
var TAIL_LINES = 20;
function drillDatabaseEnv(drillUrl) {
  const parts = connectionParts(drillUrl);
  const env = {
    ...libpqEnv(drillUrl),
    DRILL_DATABASE_URL: drillUrl,
    DATABASE_URL: drillUrl,
    DATABASE_HOST: parts.host,
    DATABASE_PORT: String(parts.port),
    DATABASE_NAME: parts.database,
    DATABASE_USERNAME: parts.user ?? "",
    DATABASE_PASSWORD: parts.password ?? ""
  };
  if (parts.sslmode) {
    env.DATABASE_TLS_MODE = parts.sslmode === "disable" || parts.sslmode === "prefer" ? parts.sslmode : "require";
  }
  return env;
}
async function runPostRestoreCommand(ctx, drillUrl) {
  const command = ctx.config.postRestoreCommand;
  if (!command) return check("restore.post-command", "skip", "no post-restore-command given");
  ctx.secrets.addUrl(drillUrl);
  const redact = (text) => ctx.secrets.redact(text);
  const startedAt = performance.now();
  const tail = [];
  ctx.log.info(`post-restore-command: ${redact(command)}`);
  const limitMs = ctx.config.restoreTimeoutMs;
  let timedOut = false;
  const outcome = await new Promise((resolve) => {
    const child = spawn("sh", ["-c", command], {
      env: childEnv(ctx.env, drillDatabaseEnv(drillUrl)),
      detached: true,
      stdio: ["ignore", "pipe", "pipe"]
    });
    const pid = child.pid;
    if (pid !== void 0) trackGroup(pid);
    const timer = pid === void 0 ? void 0 : setTimeout(() => {
      timedOut = true;
      void stopProcessTree(pid, 3e3);
    }, limitMs);
    let error = null;
    const readers = ["stdout", "stderr"].map((name2) => {
      const rl = createInterface({ input: child[name2], crlfDelay: Number.POSITIVE_INFINITY });
      rl.on("line", (raw) => {
        const line = redact(raw);
        ctx.log.info(`  | ${line}`);
        tail.push(line);
        if (tail.length > TAIL_LINES) tail.shift();
      });
      return new Promise((done) => rl.on("close", done));
    });
    child.on("error", (e) => {
      error = e.message;
    });
    child.on("close", async (code, signal2) => {
      clearTimeout(timer);
      await Promise.all(readers);
      if (pid !== void 0) {
        await stopProcessTree(pid, 1e3);
        untrackGroup(pid);
      }
      resolve({ code, signal: signal2, error });
    });
  });
  const details = { exitCode: outcome.code, signal: outcome.signal, lastLines: tail };
  if (outcome.code === 0) {
    return check("restore.post-command", "ok", "post-restore-command succeeded", details, startedAt);
  }
  const why = timedOut ? `stopped after restore-timeout (${formatDuration(limitMs)})` : outcome.error ? `could not run: ${redact(outcome.error)}` : outcome.signal ? `killed by ${outcome.signal}` : `exit code ${outcome.code}`;
  const last = tail.length > 0 ? `; last output: ${tail[tail.length - 1]}` : "";
  return check("restore.post-command", "fail", `post-restore-command failed (${why})${last}`, details, startedAt);
}

// src/restore/restore-backup.ts
import { randomBytes as randomBytes2 } from "node:crypto";
import { createReadStream } from "node:fs";
import { pipeline, Transform as Transform2 } from "node:stream";
import { createGunzip } from "node:zlib";

// src/util/memory.ts
import v8 from "node:v8";
import vm from "node:vm";
var collect;
function collector() {
  if (collect === void 0) {
    try {
      v8.setFlagsFromString("--expose-gc");
      collect = vm.runInNewContext("gc");
    } catch {
      collect = null;
    }
  }
  return collect;
}
function memoryReleaser(everyBytes = 4 * 1024 * 1024) {
  let since = 0;
  return (bytes) => {
    since += bytes;
    if (since < everyBytes) return;
    since = 0;
    collector()?.({ type: "minor" });
  };
}

// src/util/pg-tools.ts
import { execFile } from "node:child_process";
import { access, constants } from "node:fs/promises";
import path from "node:path";
import { promisify } from "node:util";
var execFileAsync = promisify(execFile);
var RESTRICT_SINCE = { 14: 19, 15: 14, 16: 10, 17: 6 };
var RESTRICT_RELEASES = "14.19, 15.14, 16.10, 17.6, 18 or newer";
function psqlHasRestrict(tool) {
  if (tool.major >= 18) return true;
  const since = RESTRICT_SINCE[tool.major];
  const minor = Number(tool.version.split(".")[1] ?? 0);
  return since !== void 0 && minor >= since;
}
var MissingToolError = class extends Error {
  constructor(tool, where) {
    super(
      `${tool} was not found ${where}. Install the PostgreSQL client tools (Debian/Ubuntu: apt-get install postgresql-client; macOS: brew install libpq) or point pg-bin-dir at the folder that holds ${tool}.`
    );
    this.tool = tool;
    this.name = "MissingToolError";
  }
  tool;
};
var cache = /* @__PURE__ */ new Map();
function findPgTool(name2, pgBinDir) {
  const key = `${pgBinDir ?? ""}\0${name2}`;
  let found = cache.get(key);
  if (!found) {
    found = locate(name2, pgBinDir);
    found.catch(() => cache.delete(key));
    cache.set(key, found);
  }
  return found;
}
async function locate(name2, pgBinDir) {
  const dirs = pgBinDir ? [pgBinDir] : (process.env.PATH ?? "").split(path.delimiter).filter(Boolean);
  for (const dir of dirs) {
    const candidate = path.join(dir, name2);
    try {
      await access(candidate, constants.X_OK);
    } catch {
      continue;
    }
    const { stdout } = await execFileAsync(candidate, ["--version"], { env: childEnv(process.env) });
    const match = /\)\s+(\d+)(?:\.(\d+))?/.exec(stdout) ?? /(\d+)(?:\.(\d+))?/.exec(stdout);
    if (!match) throw new Error(`${candidate} --version printed no version: ${stdout.trim()}`);
    const major = Number(match[1]);
    return { name: name2, path: candidate, version: match[2] ? `${match[1]}.${match[2]}` : String(major), major };
  }
  throw new MissingToolError(name2, pgBinDir ? `in pg-bin-dir (${pgBinDir})` : "on PATH");
}

// src/restore/left-out.ts
function describeLeftOut(items, max = 6) {
  const shown = items.slice(0, max).map((i) => `${i.what} (${i.why})`);
  const more = items.length > max ? `; and ${items.length - max} more (see the details)` : "";
  return `${shown.join("; ")}${more}`;
}
function leftOutDetails(items, cap = 200) {
  return { leftOut: items.slice(0, cap), leftOutCount: items.length };
}

// src/restore/plain-dump-filter.ts
import { Transform } from "node:stream";

// src/backup/plain-dump-chars.ts
var NL = 10;
var CR = 13;
var QUOTE = 39;
var DQUOTE = 34;
var BACKSLASH = 92;
var DOLLAR = 36;
var isIdentStart = (c) => c >= 65 && c <= 90 || c >= 97 && c <= 122 || c === 95 || c >= 128;
var isDigit = (c) => c >= 48 && c <= 57;
var isIdentCont = (c) => isIdentStart(c) || isDigit(c) || c === DOLLAR;
var isVarChar = (c) => isIdentStart(c) || isDigit(c);
var isSpace = (c) => c === 32 || c === 9 || c === NL || c === CR || c === 12;
function indexWithin(buf, value, from, end) {
  if (from >= end) return -1;
  const at = typeof value === "number" ? buf.subarray(from, end).indexOf(value) : buf.subarray(from, end).indexOf(value, 0, "latin1");
  return at === -1 ? -1 : from + at;
}

// src/backup/plain-dump-line-action.ts
var PASS = 0;
var HOLD = 1;
var SKIP = 2;
var REFUSE = 3;

// src/backup/plain-dump-copy.ts
var COMPLETE = 7;
var NOT_PG_DUMP = 99;
var CopyForm = class {
  state = 0;
  reset() {
    this.state = 0;
  }
  /** The statement so far is pg_dump's whole COPY … FROM stdin. */
  get complete() {
    return this.state === COMPLETE;
  }
  /** A name, keyword or literal after COPY (`prev`: the one before it); returns what is refused at once. */
  token(token, prev) {
    if (prev && (prev.upper === "TO" || prev.upper === "FROM")) {
      if (token.upper === "PROGRAM") return "COPY \u2026 PROGRAM (runs a shell command on the database server)";
      if (token.literal) return "COPY to or from a file on the database server";
    }
    const word = token.upper;
    switch (this.state) {
      case 0:
      case 2:
        if (token.literal) return this.refused();
        this.state = 1;
        return null;
      case 3:
        return token.literal ? this.refused() : null;
      case 1:
      case 4:
        if (word === "FROM") {
          this.state = 5;
          return null;
        }
        return this.refused();
      case 5:
        if (word === "STDIN") {
          this.state = COMPLETE;
          return null;
        }
        return this.refused();
      default:
        return this.refused();
    }
  }
  /** Punctuation: `.`, `(`, `)` (at paren `depth` after it), `,`, or '?' for anything else. */
  step(c, depth) {
    if (this.state === 1 && c === ".") this.state = 2;
    else if (this.state === 1 && c === "(") this.state = 3;
    else if (this.state === 3 && (c === "," || c === ")" && depth === 0)) {
      if (c === ")") this.state = 4;
    } else this.state = NOT_PG_DUMP;
  }
  /** Not pg_dump's form: refused when the statement ends. */
  refused() {
    this.state = NOT_PG_DUMP;
    return null;
  }
};

// src/backup/plain-dump-meta.ts
var PSQL_VARIABLES = new Set(
  "AUTOCOMMIT COMP_KEYWORD_CASE DBNAME ECHO ECHO_HIDDEN ENCODING ERROR FETCH_COUNT HIDE_TABLEAM HIDE_TOAST_COMPRESSION HISTCONTROL HISTFILE HISTSIZE HOST IGNOREEOF LASTOID LAST_ERROR_MESSAGE LAST_ERROR_SQLSTATE ON_ERROR_ROLLBACK ON_ERROR_STOP PORT PROMPT1 PROMPT2 PROMPT3 QUIET ROW_COUNT SERVER_VERSION_NAME SERVER_VERSION_NUM SERVICE SHELL_ERROR SHELL_EXIT_CODE SHOW_ALL_RESULTS SHOW_CONTEXT SINGLELINE SINGLESTEP SQLSTATE USER VERBOSITY VERSION VERSION_NAME VERSION_NUM WATCH_INTERVAL PIPELINE_SYNC_COUNT PIPELINE_COMMAND_COUNT PIPELINE_RESULT_COUNT".split(
    " "
  )
);
var META_WORDS = {
  "!": "runs a shell command on the runner",
  o: "writes query output to a file or a command on the runner",
  out: "writes query output to a file or a command on the runner",
  w: "writes the query to a file or a command on the runner",
  write: "writes the query to a file or a command on the runner",
  g: "can pipe query output to a command on the runner",
  gx: "can pipe query output to a command on the runner",
  gexec: "runs query output as SQL the check never saw",
  gset: "sets psql variables from query output",
  copy: "reads or writes files (or runs a program) on the runner",
  setenv: "sets an environment variable of psql",
  i: "runs another file",
  include: "runs another file",
  ir: "runs another file",
  include_relative: "runs another file",
  c: "connects to another database",
  connect: "connects to another database",
  set: "sets a psql variable",
  lo_import: "reads a file on the runner",
  lo_export: "writes a file on the runner",
  cd: "changes psql\u2019s working folder",
  s: "writes psql\u2019s history to a file",
  e: "starts an editor",
  edit: "starts an editor"
};
function describeMeta(text) {
  const m = /^\\([A-Za-z_]+|.)/.exec(text);
  const name2 = m?.[1] ?? "";
  const does = META_WORDS[name2] ?? META_WORDS[name2.toLowerCase()];
  return `the psql meta-command \\${name2}${does ? ` (${does})` : ""}, which pg_dump does not write`;
}
function metaInStatement(buf, i, end) {
  const text = buf.toString("utf8", i, Math.min(end, i + 40));
  if (text.startsWith("\\;") || text.startsWith("\\:"))
    return `psql's ${text.slice(0, 2)} (joins statements the check would read apart), which pg_dump does not write`;
  return describeMeta(text);
}
function variableReference(buf, i, end) {
  const next = buf[i + 1];
  if (next === 58 || next === void 0 || i + 1 >= end) return null;
  if (next === QUOTE || next === DQUOTE || next === 123 && buf[i + 2] === 63) {
    let j2 = i + (next === 123 ? 3 : 2);
    const from = j2;
    while (j2 < end && isVarChar(buf[j2])) j2++;
    const close = next === 123 ? 125 : next;
    if (j2 > from && buf[j2] === close && j2 < end) {
      return `the psql variable reference ${buf.toString("utf8", i, j2 + 1)}, which pg_dump does not write`;
    }
    return null;
  }
  let j = i + 1;
  while (j < end && isVarChar(buf[j])) j++;
  const name2 = buf.toString("utf8", i + 1, j);
  return PSQL_VARIABLES.has(name2) ? `the psql variable reference :${name2}, which pg_dump does not write` : null;
}
function connectTarget(arg) {
  const value = arg.startsWith('"') ? arg.slice(1, -1).replaceAll('""', '"') : arg;
  if (!value.includes("=")) return value;
  const m = /^dbname=(?:'((?:[^'\\]|\\.)*)'|([^\s'\\]+))$/.exec(value);
  if (!m) return null;
  return m[1] !== void 0 ? m[1].replace(/\\(.)/g, "$1") : m[2] ?? null;
}

// src/backup/plain-dump-verdict.ts
var pass = { action: "pass" };
var refuse = (what) => ({ action: "refuse", what });
var skip = (what) => ({ action: "skip", what, ownLines: false });
var leaveOut = (what, why) => ({
  action: "skip",
  what: `${what}: ${why}`,
  ownLines: false,
  leftOut: { what, why }
});
var NO_FACTS = {
  madeSchemas: /* @__PURE__ */ new Set(),
  skippedExtensions: /* @__PURE__ */ new Map(),
  roles: null,
  privileged: false
};

// src/backup/privileged-reasons.ts
var SUPERUSER = "only a superuser may create";
var BY_KIND = {
  "EVENT TRIGGER": `${SUPERUSER} event triggers, and its function would run with the rights of whoever changes the schema next`,
  SUBSCRIPTION: `${SUPERUSER} subscriptions, and one would connect to another server`,
  "SUBSCRIPTION TABLE": `${SUPERUSER} subscriptions, and one would connect to another server`,
  "PUBLICATION TABLES IN SCHEMA": `${SUPERUSER} a publication of all tables of a schema`,
  "PROCEDURAL LANGUAGE": `${SUPERUSER} a language no extension provides (its handler is code in the server's process)`,
  "FOREIGN DATA WRAPPER": `${SUPERUSER} a foreign-data wrapper no extension provides`,
  "USER MAPPING": "user mappings name roles of the source server and hold its credentials for another server: the drill restores none",
  "OPERATOR CLASS": `${SUPERUSER} operator classes`,
  "OPERATOR FAMILY": `${SUPERUSER} operator families`,
  "ACCESS METHOD": `${SUPERUSER} access methods`,
  "TEXT SEARCH PARSER": `${SUPERUSER} text search parsers`,
  "TEXT SEARCH TEMPLATE": `${SUPERUSER} text search templates`,
  "SECURITY LABEL": "security labels need a label provider loaded into the server (such as sepgsql), which a drill server does not have"
};
var ALL_TABLES = `${SUPERUSER} a publication FOR ALL TABLES`;
var BINARY_CAST = `${SUPERUSER} a binary-coercible cast (WITHOUT FUNCTION)`;
var CAST_TYPES = "the drill role owns neither of its types (only a type's owner may create a cast, and these types are not the backup's)";
var cLanguage = (language) => `${SUPERUSER} a function in language ${language} (code in the server's process)`;
var missingRoles = (roles) => `names roles this server does not have: ${roles.join(", ")} (roles belong to the whole server; the drill creates none)`;
var wrapperLeftOut = (wrapper) => `its foreign-data wrapper ${wrapper} is left out`;
var serverLeftOut = (server) => `its server ${server} is left out`;
var typeKey = (schema, name2) => `${schema}\0${name2}`;

// src/backup/plain-dump-privileged.ts
var PrivilegedState = class {
  publications = /* @__PURE__ */ new Set();
  wrappers = /* @__PURE__ */ new Set();
  servers = /* @__PURE__ */ new Set();
  foreignTables = /* @__PURE__ */ new Set();
  functions = /* @__PURE__ */ new Set();
  types = /* @__PURE__ */ new Set();
  /** Notes the types a CREATE makes (a CAST needs one of its types to be the backup's). */
  noteCreated(t) {
    const at = objectStart(t);
    const kind = [t[at]?.upper, t[at + 1]?.upper];
    const names = kind[0] === "MATERIALIZED" || kind[0] === "FOREIGN" ? at + 2 : at + 1;
    if (!["TYPE", "DOMAIN", "TABLE", "VIEW", "MATERIALIZED", "FOREIGN"].includes(kind[0] ?? "")) return;
    const [schema, name2] = [t[names], t[names + 1]];
    if (schema && name2 && !schema.literal && !name2.literal) this.types.add(typeKey(schema.value, name2.value));
  }
};
var kw = (t, word) => t !== void 0 && !t.quoted && !t.literal && t.upper === word;
var name = (t) => t && !t.literal ? t.value : null;
function objectStart(t) {
  if (kw(t[0], "COMMENT")) return 2;
  let i = 1;
  if (kw(t[0], "CREATE")) {
    if (kw(t[1], "OR") && kw(t[2], "REPLACE")) i = 3;
    while (kw(t[i], "TRUSTED") || kw(t[i], "PROCEDURAL") || kw(t[i], "UNLOGGED")) i += 1;
  }
  return i;
}
var ALWAYS = [
  [["EVENT", "TRIGGER"], "EVENT TRIGGER"],
  [["SUBSCRIPTION"], "SUBSCRIPTION"],
  [["LANGUAGE"], "PROCEDURAL LANGUAGE"],
  [["FOREIGN", "DATA", "WRAPPER"], "FOREIGN DATA WRAPPER"],
  [["USER", "MAPPING"], "USER MAPPING"],
  [["OPERATOR", "CLASS"], "OPERATOR CLASS"],
  [["OPERATOR", "FAMILY"], "OPERATOR FAMILY"],
  [["ACCESS", "METHOD"], "ACCESS METHOD"],
  [["TEXT", "SEARCH", "PARSER"], "TEXT SEARCH PARSER"],
  [["TEXT", "SEARCH", "TEMPLATE"], "TEXT SEARCH TEMPLATE"]
];
var words = (t, from, to) => t.slice(from, to).map((x) => x.literal ? `'${x.value}'` : x.upper === "AS" && !x.quoted ? "AS" : x.value).join(" ");
function privilegedVerdict(t, tail, final, facts, state) {
  const wait = final ? void 0 : null;
  const create = kw(t[0], "CREATE");
  if (create && kw(t[1], "EXTENSION")) {
    const at2 = kw(t[2], "IF") ? 5 : 2;
    const ext = name(t[at2]);
    if (ext === null) return wait;
    const why = facts.skippedExtensions.get(ext);
    return why ? leaveOut(`EXTENSION ${ext}`, why) : void 0;
  }
  if (!facts.privileged) return void 0;
  const first = t[0]?.upper;
  if (first === "SECURITY") {
    const on = t.findIndex((x) => kw(x, "ON"));
    if (on === -1 || t.length < on + 3)
      return final ? leaveOut("SECURITY LABEL", BY_KIND["SECURITY LABEL"]) : null;
    return leaveOut(`SECURITY LABEL ON ${words(t, on + 1, on + 3)}`, BY_KIND["SECURITY LABEL"]);
  }
  if (!(create || first === "ALTER" || first === "COMMENT" && kw(t[1], "ON"))) return void 0;
  const at = objectStart(t);
  if (t.length < at + 4 && !final) return null;
  for (const [kind, label] of ALWAYS) {
    if (!kind.every((w, i) => kw(t[at + i], w))) continue;
    const mapping = label === "USER MAPPING";
    if (mapping && create && t.length < at + 6 && !final) return null;
    const object = mapping ? `FOR ${name(t[at + 3]) ?? ""} SERVER ${name(t[at + 5]) ?? ""}` : words(t, at + kind.length, at + kind.length + 1);
    if (create && label === "FOREIGN DATA WRAPPER") state.wrappers.add(object);
    if (create) return leaveOut(`${label} ${object}`, BY_KIND[label]);
    return skip(`an ${first} of the ${label.toLowerCase()} ${object}, left out`);
  }
  return objectVerdict(t, tail, final, facts, state, at, create);
}
function objectVerdict(t, tail, final, facts, state, at, create) {
  const wait = final ? void 0 : null;
  const kind = t[at]?.upper;
  const depth0 = tail.filter((x) => x.depth === 0).map((x) => x.token);
  const after = (word) => {
    const i = depth0.findIndex((x) => kw(x, word));
    return i === -1 ? null : name(depth0[i + 1]);
  };
  if (kind === "PUBLICATION") {
    const pub = name(t[at + 1]);
    if (pub === null) return wait;
    if (!create) {
      if (state.publications.has(pub)) return skip(`a statement on the publication ${pub}, left out`);
      if (kw(t[at + 2], "ADD") && kw(t[at + 3], "TABLES")) {
        return leaveOut(
          `PUBLICATION TABLES IN SCHEMA ${pub} ${name(t[at + 6]) ?? ""}`.trim(),
          BY_KIND["PUBLICATION TABLES IN SCHEMA"]
        );
      }
      return void 0;
    }
    if (!kw(t[at + 2], "FOR")) return t[at + 2] || final ? void 0 : null;
    if (!(kw(t[at + 3], "ALL") && kw(t[at + 4], "TABLES"))) return t[at + 4] || final ? void 0 : null;
    state.publications.add(pub);
    return leaveOut(`PUBLICATION ${pub}`, ALL_TABLES);
  }
  if (kind === "SERVER") {
    const server = name(t[at + 1]);
    if (server === null) return wait;
    if (!create) return state.servers.has(server) ? skip(`a statement on the server ${server}, left out`) : void 0;
    const i = depth0.findIndex((x, j) => kw(x, "DATA") && kw(depth0[j + 1], "WRAPPER"));
    const wrapper = i === -1 ? null : name(depth0[i + 2]);
    if (wrapper === null) return wait;
    if (!state.wrappers.has(wrapper) && !facts.skippedExtensions.has(wrapper)) return pass;
    state.servers.add(server);
    return leaveOut(`SERVER ${server}`, wrapperLeftOut(wrapper));
  }
  if (kind === "FOREIGN" && kw(t[at + 1], "TABLE")) {
    const only = kw(t[at + 2], "ONLY") ? 1 : 0;
    const [schema, table] = [name(t[at + 2 + only]), name(t[at + 3 + only])];
    if (schema === null || table === null) return wait;
    const key = `${schema}.${table}`;
    if (!create)
      return state.foreignTables.has(key) ? skip(`a statement on the foreign table ${key}, left out`) : void 0;
    const server = after("SERVER");
    if (server === null) return wait;
    if (!state.servers.has(server)) return pass;
    state.foreignTables.add(key);
    return leaveOut(`FOREIGN TABLE ${key}`, serverLeftOut(server));
  }
  if (kind === "COLUMN" && !create) {
    const key = `${name(t[at + 1])}.${name(t[at + 2])}`;
    return state.foreignTables.has(key) ? skip(`a comment on a column of the foreign table ${key}, left out`) : void 0;
  }
  if (kind === "CAST" && create) return castVerdict(tail, final, state);
  if (kind === "FUNCTION" || kind === "PROCEDURE") {
    const key = `${name(t[at + 1])}.${name(t[at + 2])}`;
    if (!create) return state.functions.has(key) ? skip(`a statement on the function ${key}, left out`) : void 0;
    const language = after("LANGUAGE");
    if (language === null) return wait;
    if (language !== "c" && language !== "internal") return pass;
    state.functions.add(key);
    return leaveOut(`${kind} ${key}`, cLanguage(language));
  }
  if (kind === "POLICY" && create) return policyVerdict(t, depth0, final, facts, at);
  return void 0;
}
function castVerdict(tail, final, state) {
  const end = tail.findIndex((x) => x.depth === 0 && (kw(x.token, "WITH") || kw(x.token, "WITHOUT")));
  if (end === -1) return final ? void 0 : null;
  const inside = tail.slice(0, end).filter((x) => x.depth > 0).map((x) => x.token);
  const label = `CAST (${words(inside, 0, inside.length)})`;
  if (kw(tail[end]?.token, "WITHOUT")) return leaveOut(label, BINARY_CAST);
  const as = inside.findIndex((x) => kw(x, "AS"));
  const key = (part) => part.length === 2 ? typeKey(part[0]?.value, part[1]?.value) : typeKey("pg_catalog", "");
  const types2 = [key(inside.slice(0, as)), key(inside.slice(as + 1))];
  return types2.some((k) => state.types.has(k)) ? pass : leaveOut(label, CAST_TYPES);
}
function policyVerdict(t, depth0, final, facts, at) {
  const to = depth0.findIndex((x) => kw(x, "TO"));
  const stop = depth0.findIndex((x, i) => i > to && (kw(x, "USING") || kw(x, "WITH")));
  if (to === -1) return final || stop !== -1 || depth0.some((x) => kw(x, "USING")) ? pass : null;
  if (stop === -1 && !final) return null;
  const roles = depth0.slice(to + 1, stop === -1 ? void 0 : stop).filter((x) => !x.literal).map((x) => x.value);
  const missing = facts.roles === null ? [] : roles.filter((r) => !facts.roles?.has(r) && r !== "public");
  if (missing.length === 0) return pass;
  return leaveOut(`POLICY ${name(t[at + 1])} ON ${name(t[at + 3])}.${name(t[at + 4])}`, missingRoles(missing));
}

// src/backup/plain-dump-set.ts
var SAFE_ENCODINGS = new Set(
  "sqlascii eucjp euccn euckr euctw eucjis2004 utf8 muleinternal latin1 latin2 latin3 latin4 latin5 latin6 latin7 latin8 latin9 latin10 win1256 win1258 win866 win874 koi8r win1251 win1252 iso88595 iso88596 iso88597 iso88598 win1250 win1253 win1254 win1255 win1257 koi8u".split(
    " "
  )
);
var normalizeEncoding = (name2) => name2.toLowerCase().replace(/[^a-z0-9]/g, "");
var ROLE_SWITCH = "a role switch (the drill restores as its own role)";
var pass2 = { action: "pass" };
var skip2 = (what) => ({ action: "skip", what, ownLines: false });
var refuse2 = (what) => ({ action: "refuse", what });
function setVerdict(t, first, final) {
  let i = 1;
  while (t[i]?.upper === "SESSION" || t[i]?.upper === "LOCAL") {
    if (t[i]?.upper === "SESSION" && t[i + 1]?.upper === "AUTHORIZATION") break;
    i++;
  }
  const name2 = t[i];
  if (!name2) return final ? pass2 : null;
  const upper = name2.upper ?? "";
  if (upper === "ROLE" || upper === "SESSION_AUTHORIZATION") return skip2(ROLE_SWITCH);
  if (upper === "SESSION") {
    const next = t[i + 1];
    if (!next) return final ? pass2 : null;
    return next.upper === "AUTHORIZATION" ? skip2(ROLE_SWITCH) : pass2;
  }
  if (first === "SET" && (upper === "CLIENT_ENCODING" || upper === "NAMES")) {
    let v = i + 1;
    if (t[v]?.upper === "TO") v++;
    const value = t[v];
    if (!value) return final ? refuse2(`SET ${upper.toLowerCase()} without a value`) : null;
    if (value.upper === "DEFAULT" || SAFE_ENCODINGS.has(normalizeEncoding(value.value))) return pass2;
    return refuse2(
      `SET ${upper.toLowerCase()} to ${JSON.stringify(value.value)} (only encodings a server can use, which psql reads byte by byte as the check does)`
    );
  }
  return pass2;
}

// src/backup/plain-dump-statement-rules.ts
var ROLE_WORDS = /* @__PURE__ */ new Set(["ROLE", "USER", "GROUP"]);
var OWNER_STATEMENT = "an owner statement (the drill restores as its own role)";
var PRIVILEGE_STATEMENT = "a privilege statement (roles of the source server)";
var CLEAN_DROP = "a DROP of pg_dump --clean (the drill database is new: nothing of the backup's is there to drop, and its extensions are the admin's)";
function statementVerdict(t, last, final, context) {
  const w = (i) => t[i]?.upper ?? (t[i] ? "" : void 0);
  const first = w(0);
  if (first === void 0) return final ? pass : null;
  const need = (i) => w(i) === void 0 && !final ? null : w(i) ?? "";
  switch (first) {
    case "GRANT":
    case "REVOKE":
      return skip(PRIVILEGE_STATEMENT);
    case "REASSIGN":
      return refuse("REASSIGN OWNED (a role statement)");
    case "LOAD":
      return refuse("LOAD (loads a library into the database server)");
    case "CREATE":
    case "DROP": {
      const what = need(1);
      if (what === null) return null;
      if (ROLE_WORDS.has(what)) {
        if (what === "USER") {
          const next = need(2);
          if (next === null) return null;
          if (next === "MAPPING") return first === "DROP" && context.prelude ? skip(CLEAN_DROP) : pass;
        }
        return refuse(`${first} ${what} (a role statement: roles belong to the whole server)`);
      }
      if (what === "TABLESPACE") return refuse(`${first} TABLESPACE (writes to the server's file system)`);
      if (what === "OWNED") return refuse("DROP OWNED (a role statement)");
      if (first === "CREATE" && what === "SCHEMA" && context.madeSchemas.size > 0) {
        if (!final) return null;
        const name2 = t[2];
        return t.length === 3 && name2 && !name2.literal && context.madeSchemas.has(name2.value) ? skip(`the CREATE SCHEMA of ${name2.value} (made before the restore, for the extension in it)`) : pass;
      }
      return first === "DROP" && context.prelude ? skip(CLEAN_DROP) : pass;
    }
    case "ALTER": {
      const what = need(1);
      if (what === null) return null;
      if (what === "SYSTEM") return refuse("ALTER SYSTEM (changes the server's configuration)");
      if (ROLE_WORDS.has(what)) {
        if (what === "USER") {
          const next = need(2);
          if (next === null) return null;
          if (next === "MAPPING") return pass;
        }
        return refuse(`ALTER ${what} (a role statement: roles belong to the whole server)`);
      }
      if (what === "TABLESPACE") return refuse("ALTER TABLESPACE (the server's file system)");
      if (what === "DEFAULT") return skip(PRIVILEGE_STATEMENT);
      if (!final) return null;
      if (context.prelude && context.sawDrop) return skip(CLEAN_DROP);
      const [a, b] = last;
      return a?.upper === "OWNER" && b?.upper === "TO" && last.length === 3 ? skip(OWNER_STATEMENT) : pass;
    }
    case "SET":
    case "RESET":
      return setVerdict(t, first, final);
    case "SELECT": {
      if (!context.prelude) return pass;
      const fn = need(2);
      if (fn === null) return null;
      return w(1) === "PG_CATALOG" && fn === "LO_UNLINK" ? skip(CLEAN_DROP) : pass;
    }
    case "COMMENT": {
      const on = need(2);
      if (on === null) return null;
      if (on === "DATABASE") return skip("a COMMENT ON DATABASE (the drill database is not the source)");
      return on === "EXTENSION" ? skip("a COMMENT ON EXTENSION (the extension was created before the restore)") : pass;
    }
    case "SECURITY": {
      const at = w(2) === "FOR" ? 5 : 3;
      const target = need(at);
      if (target === null) return null;
      return target === "DATABASE" ? skip("a SECURITY LABEL ON DATABASE") : pass;
    }
    default:
      return pass;
  }
}

// src/backup/plain-dump-rules.ts
var TAIL_TOKENS = 96;
var SKIP_FIRST = /* @__PURE__ */ new Set([
  "ALTER",
  "GRANT",
  "REVOKE",
  "SET",
  "RESET",
  "CREATE",
  "DROP",
  "COMMENT",
  "SECURITY",
  "SELECT"
]);
var StatementJudge = class {
  /**
   * `facts`: what the restore knows (none when the dump is only verified): the schemas it made
   * for extensions (the dump's `CREATE SCHEMA name;` of one is skipped), the extensions it left
   * out, the server's roles, and whether it runs as the drill role.
   */
  constructor(facts = NO_FACTS) {
    this.facts = facts;
  }
  facts;
  open = false;
  startLine = 0;
  /** The database a --create dump creates: its ALTER DATABASE and \connect are understood, not obeyed. */
  ownDatabase = null;
  /**
   * A --create --clean dump's DROP DATABASE, skipped: let be only when the next statement creates
   * that same database, else refused naming the DROP's line.
   */
  pendingDrop = null;
  /**
   * Nothing but SET statements and drops yet (since the start, or a --create dump's \connect):
   * what pg_dump --clean writes first (DROP …, ALTER TABLE … DROP CONSTRAINT/DEFAULT,
   * SELECT pg_catalog.lo_unlink(…)). Those drops are skipped: the drill database is new, so
   * without --if-exists they would fail on objects that are not there, and DROP EXTENSION on the
   * extensions the admin connection created (extensions.ts).
   */
  prelude = true;
  /** The statement has the keyword DROP (an ALTER … DROP of a --clean dump's start). */
  sawDrop = false;
  /** What the restore left out that the dump meant to run, in the dump's order. */
  leftOut = [];
  privileged = new PrivilegedState();
  tail = [];
  eligible = false;
  tokens = [];
  last = [];
  decided = null;
  depth = 0;
  copy = new CopyForm();
  begin(line, atLineStart) {
    this.open = true;
    this.startLine = line;
    this.eligible = atLineStart;
    this.tokens = [];
    this.last = [];
    this.decided = null;
    this.depth = 0;
    this.copy.reset();
    this.sawDrop = false;
    this.tail = [];
  }
  /** The statement may still turn out to be one that is skipped: its lines are held back. */
  get maybeSkip() {
    const first = this.tokens[0]?.upper;
    return this.open && this.eligible && this.decided?.action !== "pass" && first != null && SKIP_FIRST.has(first);
  }
  paren(delta) {
    this.depth = Math.max(0, this.depth + delta);
    if (this.tokens[0]?.upper === "COPY") this.copy.step(delta > 0 ? "(" : ")", this.depth);
  }
  /** Punctuation or a number. */
  other(c) {
    if (this.tokens[0]?.upper !== "COPY") return;
    this.copy.step(c === 46 ? "." : c === 44 ? "," : "?", this.depth);
  }
  /** A name, keyword or literal; returns what is refused, if anything. */
  token(text, quoted, literal) {
    const token = literal ? { upper: null, value: text, literal: true, quoted: false } : { upper: text.toUpperCase(), value: quoted ? text : text.toLowerCase(), literal: false, quoted };
    if (this.tokens.length < 8) this.tokens.push(token);
    if (this.tail.length < TAIL_TOKENS) this.tail.push({ token, depth: this.depth });
    if (token.upper === "DROP" && !quoted && !literal) this.sawDrop = true;
    this.last.push(token);
    if (this.last.length > 3) this.last.shift();
    if (this.tokens[0]?.upper === "COPY") {
      if (this.tokens.length === 1 && this.last.length === 1) return null;
      return this.copy.token(token, this.last[this.last.length - 2]);
    }
    if (this.decided === null) {
      const verdict = this.decide(false);
      if (verdict) this.decided = verdict;
      if (verdict?.action === "refuse") return verdict.what;
    }
    return null;
  }
  /** The statement ends (at a `;`, or the end of the dump). */
  finish(terminates) {
    if (!this.open) return null;
    this.open = false;
    if (this.tokens[0]?.upper === "COPY") {
      if (this.copy.complete && terminates && this.eligible) return { action: "copy" };
      return refuse("a COPY other than pg_dump's COPY \u2026 FROM stdin;");
    }
    const verdict = this.decided ?? this.decide(true) ?? pass;
    if (!this.preludeStatement()) this.prelude = false;
    if (verdict.action === "skip" && verdict.leftOut) this.leftOut.push(verdict.leftOut);
    if (verdict.action === "pass" && this.tokens[0]?.upper === "CREATE") this.privileged.noteCreated(this.tokens);
    if (verdict.action === "skip") return { ...verdict, ownLines: this.eligible && terminates };
    return verdict;
  }
  /** The end of the dump: a DROP DATABASE no CREATE DATABASE followed is refused. */
  atEnd() {
    return this.pendingDrop ? this.dropRefused() : null;
  }
  /** SET, RESET, drops and pg_dump's `SELECT pg_catalog.set_config(...)` keep the prelude going. */
  preludeStatement() {
    const [a, b, c] = this.tokens.map((t) => t.upper);
    if (a === "SET" || a === "RESET" || a === "DROP" || a === "ALTER" && this.sawDrop) return true;
    return a === "SELECT" && b === "PG_CATALOG" && (c === "SET_CONFIG" || c === "LO_UNLINK");
  }
  dropRefused() {
    const drop = this.pendingDrop;
    this.pendingDrop = null;
    this.startLine = drop.line;
    return {
      action: "refuse",
      what: `DROP DATABASE (drops a database): ${drop.name}, which is not the database a --create dump creates with its next statement`,
      line: drop.line
    };
  }
  /** `DROP DATABASE [IF EXISTS] name` as pg_dump --create --clean writes it; null when not (yet). */
  dropDatabaseName(final) {
    const t = this.tokens;
    const ifExists = t[2]?.upper === "IF" && !t[2].quoted && t[3]?.upper === "EXISTS" && !t[3].quoted;
    const name2 = t[ifExists ? 4 : 2];
    if (!final) return void 0;
    return name2 && !name2.literal && t.length === (ifExists ? 5 : 3) ? name2.value : null;
  }
  /** After a DROP DATABASE: the statement must be the CREATE DATABASE of the same name. */
  afterDrop(final) {
    const t = this.tokens;
    const drop = this.pendingDrop;
    for (let i = 0; i < 3; i++) {
      if (!t[i]) return final ? this.dropRefused() : null;
      const ok = i === 0 ? t[0]?.upper === "CREATE" : i === 1 ? t[1]?.upper === "DATABASE" : t[2]?.value === drop.name;
      if (!ok || t[i]?.literal) return this.dropRefused();
    }
    this.pendingDrop = null;
    return this.decide(final);
  }
  /** The verdict once the first words tell it; null while they do not yet (or `final`: the end). */
  decide(final) {
    const t = this.tokens;
    const first = t[0]?.upper ?? (t[0] ? "" : void 0);
    if (first === void 0) return final ? pass : null;
    if (this.pendingDrop) return this.afterDrop(final);
    if ((first === "CREATE" || first === "DROP" || first === "ALTER") && t[1]?.upper === "DATABASE") {
      return this.database(first, final);
    }
    const privileged = privilegedVerdict(t, this.tail, final, this.facts, this.privileged);
    if (privileged !== void 0) return privileged;
    return statementVerdict(t, this.last, final, {
      prelude: this.prelude,
      sawDrop: this.sawDrop,
      madeSchemas: this.facts.madeSchemas
    });
  }
  /** CREATE, DROP or ALTER DATABASE: only a --create dump's own database is let be (skipped). */
  database(first, final) {
    const t = this.tokens;
    if (first === "DROP") {
      if (this.ownDatabase !== null) return refuse("DROP DATABASE (drops a database) after the CREATE DATABASE");
      const name3 = this.dropDatabaseName(final);
      if (name3 === void 0) return null;
      if (name3 === null) return refuse("DROP DATABASE (drops a database), not as pg_dump --create --clean writes it");
      this.pendingDrop = { name: name3, line: this.startLine };
      return skip("the DROP DATABASE of a --create --clean dump (the drill database is never dropped by the dump)");
    }
    if (first === "ALTER") {
      const name3 = t[2];
      if (!name3) return final ? refuse("ALTER DATABASE") : null;
      if (this.ownDatabase !== null && name3.value === this.ownDatabase) {
        return skip("an ALTER DATABASE of the --create dump\u2019s own database");
      }
      return refuse(`ALTER DATABASE ${name3.value} (another database than the drill's)`);
    }
    const name2 = t[2];
    if (!name2) return final ? refuse("CREATE DATABASE") : null;
    if (this.ownDatabase !== null) return refuse(`CREATE DATABASE ${name2.value} (a second database)`);
    this.ownDatabase = name2.value;
    return skip(`the CREATE DATABASE of a --create dump (restored into the drill database instead)`);
  }
  // --- meta-commands on lines of their own, where pg_dump writes them ------------------------
  /** A line that starts with a backslash outside any statement. */
  metaLine(text, describe2) {
    if (this.pendingDrop) return this.dropRefused();
    const line = text.replace(/[ \t\r]+$/, "");
    if (/^\\(un)?restrict[ \t]+[A-Za-z0-9]+$/.test(line)) {
      return { action: "skip", what: "the dump's own \\restrict key (psql runs under the drill's)", ownLines: true };
    }
    if (/^\\encoding[ \t]+[A-Za-z0-9_]+$/.test(line)) {
      return { action: "skip", what: "the \\encoding of a --create dump", ownLines: true };
    }
    const connect = /^\\connect[ \t]+(?:-reuse-previous=on[ \t]+)?("(?:[^"]|"")*"|[^\s"]+)$/.exec(line);
    if (connect?.[1]) {
      const name2 = connectTarget(connect[1]);
      if (name2 !== null && this.ownDatabase !== null && name2 === this.ownDatabase) {
        this.prelude = true;
        return { action: "skip", what: "the \\connect of a --create dump to its own database", ownLines: true };
      }
      return refuse(
        `\\connect to ${name2 === null ? "another database" : `database ${JSON.stringify(name2)}`} (the drill restores only into its own database)`
      );
    }
    if (/^\\(c|connect)(\s|$)/.test(line))
      return refuse("\\connect to another database (the drill restores only into its own database)");
    return refuse(describe2(line));
  }
};

// src/backup/plain-dump-quote-scanner.ts
var KEEP = 200;
var REFUSED = -1;
var QuoteScanner = class {
  /** `refuse`: records a refusal (the lexer keeps the first) and returns REFUSE. */
  constructor(judge, refuse3) {
    this.judge = judge;
    this.refuse = refuse3;
  }
  judge;
  refuse;
  /** 1-based number of the line being lexed. */
  lineNumber = 0;
  state = 0 /* Initial */;
  commentDepth = 0;
  dollarTag = "";
  /** A string just closed: a quote after a newline would continue it. */
  afterString = false;
  sawNewlineAfterString = false;
  token = "";
  tokenQuoted = false;
  /**
   * Lexes on from `from` inside a quote, a comment or a dollar quote (not State.Initial); returns
   * where to go on (at most the end of the line), or REFUSED.
   */
  quoted(buf, from, end) {
    let i = from;
    const c = buf[i];
    switch (this.state) {
      case 1 /* Comment */: {
        if (c === 42 && buf[i + 1] === 47 && i + 1 < end) {
          i += 2;
          if (this.commentDepth === 0) this.state = 0 /* Initial */;
          else this.commentDepth -= 1;
        } else if (c === 47 && buf[i + 1] === 42 && i + 1 < end) {
          this.commentDepth += 1;
          i += 2;
        } else i += 1;
        return i;
      }
      case 2 /* Ident */: {
        const q = indexWithin(buf, DQUOTE, i, end);
        const stop = q === -1 ? end : q;
        this.keep(buf, i, stop);
        if (stop === end) {
          this.keepNewline();
          i = end;
        } else if (buf[stop + 1] === DQUOTE && stop + 1 < end) {
          this.token += '"';
          i = stop + 2;
        } else {
          this.state = 0 /* Initial */;
          i = stop + 1;
          const what = this.addToken(true);
          if (what) return this.refused(this.judge.startLine, what);
        }
        return i;
      }
      case 3 /* Str */:
      case 5 /* BitStr */: {
        const q = indexWithin(buf, QUOTE, i, end);
        const stop = q === -1 ? end : q;
        this.keep(buf, i, stop);
        if (stop === end) {
          this.keepNewline();
          i = end;
          return i;
        }
        if (this.state === 3 /* Str */) {
          let run = 0;
          for (let k = stop - 1; k >= i && buf[k] === BACKSLASH; k--) run++;
          if (run % 2 === 1) {
            return this.refused(
              this.lineNumber,
              "a backslash before a quote in a string literal (its end depends on standard_conforming_strings)"
            );
          }
        }
        if (buf[stop + 1] === QUOTE && stop + 1 < end) {
          this.token += "'";
          i = stop + 2;
          return i;
        }
        i = stop + 1;
        this.closeString();
        const what = this.addToken(true, true);
        if (what) return this.refused(this.judge.startLine, what);
        return i;
      }
      case 4 /* EscStr */: {
        if (c === BACKSLASH) {
          i += 2;
          return i;
        }
        if (c === QUOTE) {
          if (buf[i + 1] === QUOTE && i + 1 < end) {
            i += 2;
            return i;
          }
          i += 1;
          this.closeString();
          this.token = "";
          const what = this.addToken(true, true);
          if (what) return this.refused(this.judge.startLine, what);
          return i;
        }
        i += 1;
        return i;
      }
      case 6 /* Dollar */: {
        const close = indexWithin(buf, this.dollarTag, i, end);
        if (close === -1) {
          i = end;
        } else {
          i = close + this.dollarTag.length;
          this.state = 0 /* Initial */;
          const what = this.addToken(false, true);
          if (what) return this.refused(this.judge.startLine, what);
        }
        return i;
      }
    }
    return i;
  }
  refused(line, what) {
    this.refuse(line, what);
    return REFUSED;
  }
  keep(buf, from, to) {
    if (this.token.length < KEEP) this.token += buf.toString("utf8", from, Math.min(to, from + KEEP));
  }
  keepNewline() {
    if (this.token.length < KEEP) this.token += "\n";
  }
  closeString() {
    this.state = 0 /* Initial */;
    this.afterString = true;
    this.sawNewlineAfterString = false;
  }
  addToken(quoted, literal = false) {
    return this.judge.token(this.token, quoted || this.tokenQuoted, literal);
  }
};

// src/backup/plain-dump-sql-scanner.ts
var SqlScanner = class extends QuoteScanner {
  /** Why the last SKIP line was skipped. */
  skipWhy = "";
  /** psql's own counters: a `;` ends what psql sends only at depth 0 outside BEGIN ... END. */
  parenDepth = 0;
  beginDepth = 0;
  identifierCount = 0;
  identifiers = [0, 0, 0, 0];
  /** Nothing since the last `;` psql sends on (a meta-command then stands alone). */
  bufferEmpty = true;
  copyPending = false;
  /** A COPY ... FROM stdin ended on the line just lexed: its data starts on the next line. */
  takeCopyStart() {
    const pending = this.copyPending;
    this.copyPending = false;
    return pending;
  }
  /** Lexes one line of SQL, the `lineNumber`th of the dump. */
  line(buf, start, end, lineNumber) {
    this.lineNumber = lineNumber;
    if (this.afterString) this.sawNewlineAfterString = true;
    let i = start;
    let lineBlank = true;
    while (i < end) {
      if (this.state !== 0 /* Initial */) {
        i = this.quoted(buf, i, end);
        if (i === REFUSED) return REFUSE;
        continue;
      }
      const c = buf[i];
      if (isSpace(c)) {
        i += 1;
        continue;
      }
      if (c === 45 && buf[i + 1] === 45 && i + 1 < end) {
        const cr = indexWithin(buf, CR, i, end);
        i = cr === -1 ? end : cr + 1;
        continue;
      }
      if (this.afterString) {
        if (c === QUOTE && this.sawNewlineAfterString) {
          return this.refuse(
            this.lineNumber,
            "a string literal continued on the next line (psql and the server read it two ways)"
          );
        }
        this.afterString = false;
      }
      if (c === 47 && buf[i + 1] === 42 && i + 1 < end) {
        this.state = 1 /* Comment */;
        this.commentDepth = 0;
        this.bufferEmpty = false;
        lineBlank = false;
        i += 2;
        continue;
      }
      if (c === BACKSLASH) {
        if (this.bufferEmpty && lineBlank && !this.judge.open) {
          const verdict = this.judge.metaLine(buf.toString("utf8", i, end), describeMeta);
          if (verdict.action !== "skip")
            return verdict.action === "refuse" ? this.refuse(verdict.line ?? this.lineNumber, verdict.what) : this.refuse(this.lineNumber, "");
          this.skipWhy = verdict.what;
          return SKIP;
        }
        return this.refuse(this.lineNumber, metaInStatement(buf, i, end));
      }
      if (c === 58) {
        const what = variableReference(buf, i, end);
        if (what) return this.refuse(this.lineNumber, what);
      }
      if (c === 59) {
        lineBlank = false;
        i += 1;
        const terminates = this.parenDepth === 0 && this.beginDepth === 0;
        const verdict = this.judge.finish(terminates);
        if (verdict?.action === "refuse") return this.refuse(this.judge.startLine, verdict.what);
        if (terminates) {
          this.identifierCount = 0;
          this.bufferEmpty = true;
        }
        if (verdict?.action === "copy") {
          if (!this.restIsBlank(buf, i, end)) {
            return this.refuse(
              this.lineNumber,
              "more SQL on the line of a COPY ... FROM stdin (psql reads its data from the next line)"
            );
          }
          this.copyPending = true;
          return PASS;
        }
        if (verdict?.action === "skip") {
          if (!verdict.ownLines || !this.restIsBlank(buf, i, end)) {
            return this.refuse(this.judge.startLine, `${verdict.what} sharing a line or a statement with other SQL`);
          }
          this.skipWhy = verdict.what;
          return SKIP;
        }
        continue;
      }
      if (!this.judge.open) this.judge.begin(this.lineNumber, this.bufferEmpty && lineBlank);
      this.bufferEmpty = false;
      lineBlank = false;
      if (c === 58 && buf[i + 1] === 58 && i + 1 < end) {
        this.judge.other(c);
        i += 2;
        continue;
      }
      if (c === 40) {
        this.parenDepth += 1;
        this.judge.paren(1);
        i += 1;
        continue;
      }
      if (c === 41) {
        if (this.parenDepth > 0) this.parenDepth -= 1;
        this.judge.paren(-1);
        i += 1;
        continue;
      }
      if (c === QUOTE || (c | 32) === 101 && buf[i + 1] === QUOTE && i + 1 < end) {
        this.state = c === QUOTE ? 3 /* Str */ : 4 /* EscStr */;
        this.token = "";
        i += c === QUOTE ? 1 : 2;
        continue;
      }
      if ((c | 32) === 110 && buf[i + 1] === QUOTE && i + 1 < end) {
        this.state = 3 /* Str */;
        this.token = "";
        i += 2;
        continue;
      }
      if (((c | 32) === 98 || (c | 32) === 120) && buf[i + 1] === QUOTE && i + 1 < end) {
        this.state = 5 /* BitStr */;
        this.token = "";
        i += 2;
        continue;
      }
      if ((c | 32) === 117 && buf[i + 1] === 38 && i + 1 < end) {
        return this.refuse(this.lineNumber, "a U& (Unicode escape) literal or name, which pg_dump does not write");
      }
      if (c === DQUOTE) {
        this.state = 2 /* Ident */;
        this.token = "";
        i += 1;
        continue;
      }
      if (c === DOLLAR) {
        const next = buf[i + 1] ?? -1;
        if (isDigit(next)) {
          i += 2;
          while (i < end && isDigit(buf[i])) i++;
          continue;
        }
        let j = i + 1;
        while (j < end && isVarChar(buf[j])) j++;
        if (buf[j] === DOLLAR && j < end && (j === i + 1 || isIdentStart(buf[i + 1]))) {
          this.dollarTag = buf.toString("latin1", i, j + 1);
          this.state = 6 /* Dollar */;
          i = j + 1;
          continue;
        }
        i += 1;
        continue;
      }
      if (isIdentStart(c)) {
        let j = i + 1;
        while (j < end && isIdentCont(buf[j])) j++;
        this.token = buf.toString("utf8", i, j);
        this.tokenQuoted = false;
        this.psqlIdentifier(this.token);
        const what = this.addToken(false);
        if (what) return this.refuse(this.judge.startLine, what);
        i = j;
        continue;
      }
      if (isDigit(c) || c === 46 && isDigit(buf[i + 1] ?? -1)) {
        let j = i + 1;
        while (j < end && (isDigit(buf[j]) || buf[j] === 46)) j++;
        if ((buf[j] === 101 || buf[j] === 69) && (isDigit(buf[j + 1] ?? -1) || (buf[j + 1] === 43 || buf[j + 1] === 45) && isDigit(buf[j + 2] ?? -1))) {
          j += 2;
          while (j < end && isDigit(buf[j])) j++;
        }
        if (j < end && isIdentCont(buf[j])) {
          return this.refuse(this.lineNumber, "a number run into a name or `$` (psql versions read it differently)");
        }
        this.judge.other();
        i = j;
        continue;
      }
      this.judge.other(c);
      i += 1;
    }
    return PASS;
  }
  /** psql's heuristic for CREATE [OR REPLACE] FUNCTION|PROCEDURE ... BEGIN ATOMIC ... END. */
  psqlIdentifier(word) {
    if (this.identifierCount === 0) this.identifiers = [0, 0, 0, 0];
    const lower = word.toLowerCase();
    if (["create", "function", "procedure", "or", "replace"].includes(lower) && this.identifierCount < 4) {
      this.identifiers[this.identifierCount] = lower.charCodeAt(0);
    }
    this.identifierCount += 1;
    const [a, b, c, d] = this.identifiers;
    const f = 102;
    const p = 112;
    if (a === 99 && (b === f || b === p || b === 111 && c === 114 && (d === f || d === p)) && this.parenDepth === 0) {
      if (lower === "begin") this.beginDepth += 1;
      else if (lower === "case") {
        if (this.beginDepth >= 1) this.beginDepth += 1;
      } else if (lower === "end" && this.beginDepth > 0) this.beginDepth -= 1;
    }
  }
  /** Only whitespace or a `--` comment from `from` to the end of the line. */
  restIsBlank(buf, from, end) {
    for (let i = from; i < end; i++) {
      const c = buf[i];
      if (isSpace(c)) continue;
      if (c !== 45 || buf[i + 1] !== 45 || i + 1 >= end) return false;
      const cr = indexWithin(buf, CR, i, end);
      return cr === -1 || cr >= end - 1;
    }
    return true;
  }
};

// src/backup/plain-dump-lexer.ts
var MAX_SQL_LINE_BYTES = 64 * 1024 * 1024;
var MAX_HELD_BYTES = MAX_SQL_LINE_BYTES;
var COPY_PIECE_BYTES = 1024 * 1024;
var MIB = 1024 * 1024;
var PlainDumpLexer = class {
  /** 1-based number of the line being read. */
  lineNumber = 0;
  inCopy = false;
  /** The line last handed out was COPY data. */
  copyLine = false;
  /** The piece last handed out continues a COPY data row whose start was handed out before. */
  continued = false;
  refusal = null;
  judge;
  sql;
  hasNul = false;
  /** The start of a line not yet ended, in the chunks it came in: joined once, when it ends (linear). */
  pending = [];
  pendingBytes = 0;
  /** A long COPY data row is being handed out in pieces. */
  copyRowOpen = false;
  /** Bytes of the lines held back so far for the statement that may yet be skipped. */
  heldBytes = 0;
  /** `facts`: what the restore knows (see StatementJudge); a set: only the schemas made for extensions. */
  constructor(facts = NO_FACTS) {
    this.judge = new StatementJudge(
      facts instanceof Set ? { ...NO_FACTS, madeSchemas: facts } : facts
    );
    this.sql = new SqlScanner(this.judge, (line, what) => this.refuse(line, what));
  }
  /** What the restore left out that the dump meant to run. */
  get leftOut() {
    return this.judge.leftOut;
  }
  /** Why the last SKIP line was skipped. */
  get skipWhy() {
    return this.sql.skipWhy;
  }
  /**
   * Feeds a chunk; `onLine` gets each complete line (end excludes the newline, which follows at
   * `end` when present) with what to do with it, and the pieces of a long COPY data row as they
   * come (`continued` is true for all but the first). Stops at the first refusal. Every byte is
   * looked at a bounded number of times, however long its line.
   */
  write(chunk, onLine) {
    if (this.refusal) return;
    let start = 0;
    if (this.copyRowOpen) {
      const nl = chunk.indexOf(NL);
      const end = nl === -1 ? chunk.length : nl;
      if (!this.rowPiece(chunk, 0, end, onLine) || nl === -1) return;
      this.copyRowOpen = false;
      start = nl + 1;
    } else if (this.pendingBytes > 0) {
      const nl = chunk.indexOf(NL);
      if (nl === -1) {
        this.keep(chunk, onLine);
        return;
      }
      const line = Buffer.concat([...this.pending, chunk.subarray(0, nl + 1)]);
      this.pending = [];
      this.pendingBytes = 0;
      this.hasNul = line.indexOf(0) !== -1;
      if (!this.handOut(line, 0, line.length - 1, onLine)) return;
      start = nl + 1;
    }
    this.hasNul = chunk.indexOf(0, start) !== -1;
    for (let nl = chunk.indexOf(NL, start); nl !== -1; nl = chunk.indexOf(NL, start)) {
      if (!this.handOut(chunk, start, nl, onLine)) return;
      start = nl + 1;
    }
    if (start < chunk.length) this.keep(start === 0 ? chunk : chunk.subarray(start), onLine);
  }
  end(onLine) {
    if (this.refusal) return;
    if (this.pendingBytes > 0) {
      const last = Buffer.concat(this.pending);
      this.pending = [];
      this.pendingBytes = 0;
      this.hasNul = last.indexOf(0) !== -1;
      onLine(last, 0, last.length, this.line(last, 0, last.length));
    }
    if (this.refusal || this.inCopy) return;
    const held = this.judge.maybeSkip;
    const verdict = this.judge.finish(false);
    if (verdict?.action === "refuse") this.refuse(this.judge.startLine, verdict.what);
    else if (held) this.refuse(this.judge.startLine, "a statement without its `;` at the end of the dump");
    const dangling = this.judge.atEnd();
    if (dangling?.action === "refuse") this.refuse(dangling.line ?? this.judge.startLine, dangling.what);
  }
  /** One whole line: judged and handed out; false once refused. */
  handOut(buf, start, end, onLine) {
    const action = this.line(buf, start, end);
    onLine(buf, start, end, action);
    return action !== REFUSE;
  }
  /** The start of a line not ended in this chunk: kept (SQL, up to its cap) or, for a long COPY row, handed out. */
  keep(piece, onLine) {
    if (!this.inCopy && this.pendingBytes + piece.length > MAX_SQL_LINE_BYTES) {
      this.refuse(
        this.lineNumber + 1,
        `a line of SQL longer than ${MAX_SQL_LINE_BYTES / MIB} MiB (pg_dump writes none so long outside COPY data)`
      );
      this.pending = [];
      this.pendingBytes = 0;
      return;
    }
    this.pending.push(Buffer.from(piece));
    this.pendingBytes += piece.length;
    if (!this.inCopy || this.pendingBytes < COPY_PIECE_BYTES) return;
    const head = Buffer.concat(this.pending);
    this.pending = [];
    this.pendingBytes = 0;
    this.hasNul = head.indexOf(0) !== -1;
    const action = this.line(head, 0, head.length);
    onLine(head, 0, head.length, action);
    if (action !== REFUSE) this.copyRowOpen = true;
  }
  /** More of a long COPY row; false once refused. */
  rowPiece(buf, start, end, onLine) {
    const nul = buf.subarray(start, end).indexOf(0);
    if (nul !== -1) {
      this.refuse(this.lineNumber, "a NUL byte (psql would drop the rest of the line unseen)");
      return false;
    }
    this.continued = true;
    onLine(buf, start, end, PASS);
    this.continued = false;
    return true;
  }
  refuse(line, what) {
    this.refusal ??= { line, what: sanitizeName(what) };
    return REFUSE;
  }
  line(buf, start, end) {
    this.lineNumber += 1;
    this.copyLine = this.inCopy;
    if (this.hasNul) {
      for (let i = start; i < end; i++) {
        if (buf[i] === 0)
          return this.refuse(this.lineNumber, "a NUL byte (psql would drop the rest of the line unseen)");
      }
    }
    if (this.inCopy) {
      if (buf[start] === BACKSLASH && buf[start + 1] === 46 && (end - start === 2 || end - start === 3 && buf[start + 2] === CR)) {
        this.inCopy = false;
      }
      return PASS;
    }
    const action = this.sql.line(buf, start, end, this.lineNumber);
    if (action !== PASS) {
      if (action !== HOLD) this.heldBytes = 0;
      return action;
    }
    if (this.sql.takeCopyStart()) this.inCopy = true;
    if (!this.judge.maybeSkip) {
      this.heldBytes = 0;
      return PASS;
    }
    this.heldBytes += end - start + 1;
    if (this.heldBytes > MAX_HELD_BYTES) {
      return this.refuse(
        this.judge.startLine,
        `a statement of over ${MAX_HELD_BYTES / MIB} MiB that may be an owner or privilege statement (pg_dump writes those short)`
      );
    }
    return HOLD;
  }
};

// src/restore/plain-dump-filter.ts
var SKIPPED = Buffer.from("-- (skipped by pickdriver-vault-action)\n");
var PlainDumpRefused = class extends Error {
  constructor(line, what) {
    super(`the plain dump was refused at line ${line}: ${what}; psql was stopped before that line`);
    this.line = line;
    this.what = what;
    this.name = "PlainDumpRefused";
  }
  line;
  what;
};
var PlainDumpFilter = class extends Transform {
  skippedStatements = 0;
  lexer;
  held = [];
  out = [];
  /** Start of the run of bytes passed through unchanged, and the end of the last line seen, in `buf`. */
  passStart = 0;
  lastEnd = 0;
  /** The buffer the lines come from: a chunk, or a line joined from several (the lexer switches). */
  buf = Buffer.alloc(0);
  onLine = (buf, start, end, action) => {
    if (buf !== this.buf) {
      this.flushPassed();
      this.buf = buf;
      this.passStart = start;
      this.lastEnd = start;
    }
    const next = end < buf.length ? end + 1 : end;
    if (action === PASS) {
      if (this.held.length > 0) {
        for (const line of this.held) this.out.push(line);
        this.held = [];
        this.passStart = start;
      }
    } else {
      this.out.push(buf.subarray(this.passStart, start));
      this.passStart = next;
      if (action === HOLD) this.held.push(Buffer.from(buf.subarray(start, next)));
      else if (action === SKIP) {
        for (let i = 0; i <= this.held.length; i++) this.out.push(SKIPPED);
        this.held = [];
        this.skippedStatements += 1;
      }
    }
    this.lastEnd = next;
  };
  flushPassed() {
    if (this.lastEnd > this.passStart) this.out.push(this.buf.subarray(this.passStart, this.lastEnd));
    this.passStart = 0;
    this.lastEnd = 0;
  }
  /** `facts`: what the restore knows: schemas made and extensions left out (extensions.ts), the server's roles. */
  constructor(facts = NO_FACTS) {
    super();
    this.lexer = new PlainDumpLexer(facts);
  }
  /** What was left out that the dump meant to run (known once the dump has streamed past). */
  get leftOut() {
    return this.lexer.leftOut.map((l) => ({ ...l, data: false }));
  }
  _transform(chunk, _encoding, callback) {
    this.begin();
    this.lexer.write(chunk, this.onLine);
    this.done(callback);
  }
  _flush(callback) {
    this.begin();
    this.lexer.end(this.onLine);
    this.done(callback);
  }
  begin() {
    this.buf = Buffer.alloc(0);
    this.passStart = 0;
    this.lastEnd = 0;
    this.out = [];
  }
  done(callback) {
    const refusal = this.lexer.refusal;
    if (refusal) {
      callback(new PlainDumpRefused(refusal.line, refusal.what));
      return;
    }
    this.flushPassed();
    this.buf = Buffer.alloc(0);
    if (this.out.length === 0) callback();
    else callback(null, this.out.length === 1 ? this.out[0] : Buffer.concat(this.out));
  }
};

// src/backup/plain-scanner.ts
var COMPLETION_MARKER = "-- PostgreSQL database dump complete";
var TAIL_BYTES = 4096;
function unquoteQualifiedName(text) {
  const parts = [];
  let i = 0;
  while (i < text.length) {
    if (text[i] === '"') {
      let part = "";
      i += 1;
      while (i < text.length) {
        if (text[i] === '"' && text[i + 1] === '"') {
          part += '"';
          i += 2;
        } else if (text[i] === '"') {
          i += 1;
          break;
        } else {
          part += text[i];
          i += 1;
        }
      }
      parts.push(part);
    } else {
      const dot = text.indexOf(".", i);
      const end = dot === -1 ? text.length : dot;
      parts.push(text.slice(i, end));
      i = end;
    }
    if (text[i] === ".") i += 1;
  }
  return parts;
}
var CREATE_TABLE = /^CREATE (?:UNLOGGED )?TABLE ((?:"(?:[^"]|"")*"|[^\s."(]+)(?:\.(?:"(?:[^"]|"")*"|[^\s."(]+))?)(?=[\s(]|$)/;
var CREATE_EXTENSION = /^CREATE EXTENSION (?:IF NOT EXISTS )?("(?:[^"]|"")*"|[^\s";]+)(?: WITH SCHEMA ("(?:[^"]|"")*"|[^\s";]+))?/;
var LETTER_C = 67;
var PlainDumpScanner = class {
  tables = [];
  /** The CREATE EXTENSION statements: the admin connection creates these before the restore. */
  extensions = [];
  /** The COPY statement whose data did not end with `\.` (the first such), or null. */
  unterminatedCopy = null;
  copy = "";
  lexer = new PlainDumpLexer();
  tail = Buffer.alloc(0);
  onLine = (buf, start, end) => this.lineAt(buf, start, end);
  /** What the dump does that a drill refuses to run (the first such line), or null. */
  get refusal() {
    return this.lexer.refusal;
  }
  // Bytes, not text: COPY data is most of a dump, and decoding it all to strings would cost time
  // and memory for nothing. The lexer reads statements; only lines that may be COPY or CREATE
  // statements are decoded here.
  write(chunk) {
    const joined = chunk.length >= TAIL_BYTES ? chunk : Buffer.concat([this.tail, chunk]);
    this.tail = Buffer.from(joined.subarray(-TAIL_BYTES));
    this.lexer.write(chunk, this.onLine);
  }
  end() {
    this.lexer.end(this.onLine);
    if (this.lexer.inCopy && !this.lexer.refusal) this.unterminatedCopy ??= this.copy;
  }
  lineAt(buf, start, end) {
    const stop = end > start && buf[end - 1] === 13 ? end - 1 : end;
    if (this.lexer.copyLine) {
      if (this.lexer.continued) return;
      if (buf[start] === 45 && buf.toString("latin1", start, start + 18) === "-- Data for Name: ") {
        this.unterminatedCopy ??= this.copy;
      }
      return;
    }
    if (buf[start] !== LETTER_C) return;
    const line = buf.toString("utf8", start, stop);
    if (line.startsWith("COPY ") && this.lexer.inCopy) {
      this.copy = line.slice(5, line.indexOf(" (") > 0 ? line.indexOf(" (") : void 0);
      return;
    }
    if (!line.startsWith("CREATE ")) return;
    const extension = CREATE_EXTENSION.exec(line);
    if (extension?.[1]) {
      const schema2 = extension[2] ? unquoteQualifiedName(extension[2])[0] ?? null : null;
      this.extensions.push({ name: unquoteQualifiedName(extension[1])[0], schema: schema2 });
      return;
    }
    const match = CREATE_TABLE.exec(line);
    if (!match?.[1]) return;
    const parts = unquoteQualifiedName(match[1]);
    const [schema, name2] = parts.length > 1 ? parts : ["public", parts[0]];
    this.tables.push({ schema, name: name2, owner: null });
  }
  /** True when the completion marker is among the last bytes: pg_dump got to the end. */
  get complete() {
    return this.tail.toString("utf8").includes(COMPLETION_MARKER);
  }
};

// src/restore/extensions.ts
function archiveExtensions(toc) {
  return toc.entries.filter((e) => e.desc === "EXTENSION").map((e) => {
    if (e.namespace) return { name: e.tag, schema: e.namespace };
    const schema = CREATE_EXTENSION.exec(e.defn ?? "")?.[2];
    return { name: e.tag, schema: schema ? unquoteQualifiedName(schema)[0] ?? null : null };
  });
}
function notCreatedWhy(found, allowed) {
  if (found === void 0 || !found.superuser || found.trusted || allowed.has(found.name)) return null;
  return `not a trusted extension: only a superuser may create it, and its script would run with the database-url role's rights (name it in allowed-extensions to have it created)`;
}
async function createExtensions(ctx, database, wanted, restoreUrl, restoreAs, restorer) {
  const skipped = /* @__PURE__ */ new Map();
  if (wanted.length === 0) return { extensions: [], schemas: [], skipped };
  const client = await connectPinned(drillDatabaseUrl(ctx.config.databaseUrl, database), {
    statementTimeoutMs: ADMIN_STATEMENT_TIMEOUT_MS
  });
  try {
    const { rows } = await client.query(
      `SELECT a.name, v.superuser, v.trusted
         FROM pg_catalog.pg_available_extensions a
         JOIN pg_catalog.pg_available_extension_versions v ON v.name OPERATOR(pg_catalog.=) a.name
                                                         AND v.version OPERATOR(pg_catalog.=) a.default_version
        WHERE a.name OPERATOR(pg_catalog.=) ANY ($1::pg_catalog.text[])`,
      [wanted.map((e) => e.name)]
    );
    const allowed = new Set(ctx.config.allowedExtensions);
    const created = [];
    for (const e of wanted) {
      const why = notCreatedWhy(
        rows.find((r) => r.name === e.name),
        allowed
      );
      if (why === null) created.push(e);
      else skipped.set(e.name, why);
    }
    const schemas = [...new Set(created.map((e) => e.schema).filter((s) => s !== null))];
    const made = await makeSchemas(restoreUrl, restoreAs, schemas);
    for (const e of created) {
      const target = e.schema ?? await fixedSchema(client, e.name) ?? "public";
      const schema = ` WITH SCHEMA ${client.escapeIdentifier(target)}`;
      try {
        await client.query(`CREATE EXTENSION IF NOT EXISTS ${client.escapeIdentifier(e.name)}${schema}`);
      } catch (error) {
        throw new Error(
          `the backup needs the extension ${e.name}, which could not be created: ${error.message}`
        );
      }
    }
    await grantWrapperUsage(client, created, restorer);
    return { extensions: created.map((e) => e.name), schemas: made, skipped };
  } finally {
    await client.end().catch(() => {
    });
  }
}
async function fixedSchema(client, name2) {
  const { rows } = await client.query(
    `SELECT schema::text FROM pg_catalog.pg_available_extension_versions
      WHERE name = $1 AND schema IS NOT NULL LIMIT 1`,
    [name2]
  );
  return rows[0]?.schema ?? null;
}
async function grantWrapperUsage(client, created, role) {
  if (created.length === 0) return;
  const { rows } = await client.query(
    `SELECT w.fdwname FROM pg_catalog.pg_foreign_data_wrapper w
       JOIN pg_catalog.pg_depend d ON d.classid OPERATOR(pg_catalog.=) 'pg_catalog.pg_foreign_data_wrapper'::pg_catalog.regclass
                                  AND d.objid OPERATOR(pg_catalog.=) w.oid AND d.deptype OPERATOR(pg_catalog.=) 'e'
       JOIN pg_catalog.pg_extension e ON e.oid OPERATOR(pg_catalog.=) d.refobjid
      WHERE e.extname OPERATOR(pg_catalog.=) ANY ($1::pg_catalog.text[])`,
    [created.map((e) => e.name)]
  );
  for (const { fdwname } of rows) {
    await client.query(
      `GRANT USAGE ON FOREIGN DATA WRAPPER ${client.escapeIdentifier(fdwname)} TO ${client.escapeIdentifier(role)}`
    );
  }
}
async function makeSchemas(restoreUrl, restoreAs, schemas) {
  if (schemas.length === 0) return [];
  const client = await connectPinned(restoreUrl, { statementTimeoutMs: ADMIN_STATEMENT_TIMEOUT_MS });
  try {
    const { rows } = await client.query(
      "SELECT nspname FROM pg_catalog.pg_namespace WHERE nspname = ANY($1::text[])",
      [schemas]
    );
    const present = new Set(rows.map((r) => r.nspname));
    const missing = schemas.filter((s) => !present.has(s));
    if (missing.length === 0) return [];
    if (restoreAs !== null) await client.query(`SET ROLE ${client.escapeIdentifier(restoreAs)}`);
    for (const schema of missing) {
      try {
        await client.query(`CREATE SCHEMA ${client.escapeIdentifier(schema)}`);
      } catch (error) {
        throw new Error(
          `the schema ${schema}, for an extension of the backup, could not be made: ${error.message}`
        );
      }
    }
    return missing;
  } finally {
    await client.end().catch(() => {
    });
  }
}
function commentedExtension(tag) {
  if (!tag.startsWith("EXTENSION ")) return null;
  const parts = unquoteQualifiedName(tag.slice("EXTENSION ".length));
  return parts.length === 1 ? parts[0] : null;
}
async function restoreList(toc, leave, env) {
  if (leave.size === 0) return null;
  const left = toc.entries.filter((e) => !leave.has(e.dumpId));
  return writePrivateTempFile("restore-list", "restore.list", left.map((e) => `${e.dumpId};
`).join(""), env);
}

// src/restore/privileged-entries.ts
var C_LANGUAGE = /\n\s*LANGUAGE (c|internal)\b/i;
function privilegedWhy(entry, restoredTypes) {
  const byKind = BY_KIND[entry.desc];
  if (byKind) return byKind;
  const defn = entry.defn ?? "";
  switch (entry.desc) {
    case "PUBLICATION":
      return /\bFOR ALL TABLES\b/.test(defn) ? ALL_TABLES : null;
    case "FUNCTION":
    case "PROCEDURE": {
      const language = C_LANGUAGE.exec(defn)?.[1];
      return language ? cLanguage(language) : null;
    }
    case "CAST": {
      if (/\bWITHOUT FUNCTION\b/.test(defn)) return BINARY_CAST;
      const types2 = castTypes(entry.tag);
      if (types2 === null || types2.some((t) => restoredTypes.has(t))) return null;
      return CAST_TYPES;
    }
    default:
      return null;
  }
}
function castTypes(tag) {
  const m = /^CAST \((.+) AS (.+)\)$/s.exec(tag);
  if (!m) return null;
  const key = (text) => {
    const parts = unquoteQualifiedName(text.replace(/(\[\])+$/, ""));
    return parts.length === 2 ? typeKey(parts[0], parts[1]) : typeKey("pg_catalog", text);
  };
  return [key(m[1]), key(m[2])];
}
function policyRoles(sql) {
  const roles = [];
  let i = 0;
  let depth = 0;
  let afterTo = false;
  const word = () => {
    const m = /^[A-Za-z_\u0080-\uffff][\w$\u0080-\uffff]*/.exec(sql.slice(i));
    return m ? m[0] : null;
  };
  while (i < sql.length) {
    const c = sql[i];
    if (c === "'") {
      const end = sql.indexOf("'", i + 1);
      i = end === -1 ? sql.length : end + 1;
      continue;
    }
    if (c === '"') {
      let j = i + 1;
      let name2 = "";
      while (j < sql.length) {
        if (sql[j] === '"' && sql[j + 1] === '"') {
          name2 += '"';
          j += 2;
        } else if (sql[j] === '"') break;
        else name2 += sql[j++];
      }
      if (afterTo && depth === 0) roles.push(name2);
      i = j + 1;
      continue;
    }
    if (c === "(") depth += 1;
    else if (c === ")") depth = Math.max(0, depth - 1);
    const w = depth === 0 ? word() : null;
    if (w !== null && (i === 0 || !/[\w$"]/.test(sql[i - 1]))) {
      const upper = w.toUpperCase();
      if (afterTo && (upper === "USING" || upper === "WITH")) return roles;
      if (upper === "TO") afterTo = true;
      else if (afterTo) roles.push(w.toLowerCase());
      i += w.length;
      continue;
    }
    if (c === ";" && depth === 0) break;
    i += 1;
  }
  return roles;
}

// src/restore/archive-plan.ts
function entryName(entry) {
  if (entry.desc === "COMMENT" || entry.desc === "SECURITY LABEL") return `${entry.desc} ON ${entry.tag}`;
  if (entry.tag.startsWith(`${entry.desc} `)) return entry.tag;
  return `${entry.desc} ${entry.namespace ? `${entry.namespace}.` : ""}${entry.tag}`;
}
var DATA_KINDS = /* @__PURE__ */ new Set([
  "TABLE",
  "TABLE DATA",
  "MATERIALIZED VIEW",
  "MATERIALIZED VIEW DATA",
  "SEQUENCE",
  "SEQUENCE SET",
  "BLOB",
  "BLOB METADATA",
  "BLOBS"
]);
function planArchive(toc, input) {
  const leave = /* @__PURE__ */ new Set();
  const leftOut = [];
  const roots = /* @__PURE__ */ new Map();
  const restoredTypes = new Set(
    toc.entries.filter((e) => ["TYPE", "DOMAIN", "TABLE", "VIEW", "MATERIALIZED VIEW", "FOREIGN TABLE"].includes(e.desc)).map((e) => typeKey(e.namespace ?? "", e.tag))
  );
  const add = (entry, why, root) => {
    leave.add(entry.dumpId);
    leftOut.push({ what: entryName(entry), why, data: DATA_KINDS.has(entry.desc) });
    if (root) roots.set(entry.dumpId, entry);
  };
  for (const entry of toc.entries) {
    const commented = entry.desc === "COMMENT" ? commentedExtension(entry.tag) : null;
    if (entry.desc === "EXTENSION" && input.created.has(entry.tag)) leave.add(entry.dumpId);
    else if (commented !== null && input.created.has(commented)) leave.add(entry.dumpId);
    else if (entry.desc === "SCHEMA" && input.madeSchemas.has(entry.tag)) leave.add(entry.dumpId);
    else if (entry.desc === "EXTENSION" && input.skipped.has(entry.tag)) {
      add(entry, input.skipped.get(entry.tag), true);
    } else if (input.privileged) {
      const why = privilegedWhy(entry, restoredTypes) ?? missingRolesWhy(entry, input.roles);
      if (why !== null) add(entry, why, true);
    }
  }
  const dependents = /* @__PURE__ */ new Map();
  for (const entry of toc.entries) {
    for (const dep of entry.dependencies) {
      const list = dependents.get(dep);
      if (list) list.push(entry);
      else dependents.set(dep, [entry]);
    }
  }
  const queue = [...roots.values()];
  for (let i = 0; i < queue.length; i++) {
    const parent = queue[i];
    for (const child of dependents.get(parent.dumpId) ?? []) {
      if (leave.has(child.dumpId)) continue;
      add(child, `depends on ${entryName(parent)}, which is left out`, false);
      queue.push(child);
    }
  }
  return { leave, leftOut };
}
function missingRolesWhy(entry, roles) {
  if (entry.desc !== "POLICY" || roles === null) return null;
  const missing = policyRoles(entry.defn ?? "").filter((r) => !roles.has(r));
  if (missing.length === 0) return null;
  return missingRoles(missing);
}

// src/restore/prepare-restore.ts
async function readRoles(drillUrl) {
  return withPinnedClient(drillUrl, { statementTimeoutMs: ADMIN_STATEMENT_TIMEOUT_MS }, async (client) => {
    const { rows } = await client.query(
      `SELECT pg_catalog.pg_get_userbyid(d.datdba) AS owner, current_user AS me,
              pg_catalog.pg_has_role(current_user, d.datdba, 'MEMBER') AS member
         FROM pg_catalog.pg_database d WHERE d.datname = pg_catalog.current_database()`
    );
    const all = await client.query("SELECT rolname FROM pg_catalog.pg_roles");
    const row = rows[0];
    return {
      role: row && row.owner !== row.me && row.member ? row.owner : null,
      me: row?.me ?? "",
      roles: new Set(all.rows.map((r) => r.rolname))
    };
  });
}
async function prepareRestore(ctx, backup, database, drillUrl, archive) {
  const { role, me, roles } = await readRoles(drillUrl);
  const made = await createExtensions(
    ctx,
    database,
    backup.toc ? archiveExtensions(backup.toc) : backup.extensions ?? [],
    drillUrl,
    role,
    role ?? me
  );
  if (made.schemas.length > 0)
    ctx.log.info(`restore: schemas made first for the extensions in them: ${made.schemas.join(", ")}`);
  if (made.extensions.length > 0)
    ctx.log.info(`restore: extensions created first as the database-url role: ${made.extensions.join(", ")}`);
  if (made.skipped.size > 0)
    ctx.log.warning(
      `restore: extensions left out (not trusted, not in allowed-extensions): ${[...made.skipped.keys()].join(", ")}`
    );
  if (!backup.toc || !archive) return { role, made, roles, list: null, leftOut: [] };
  const plan = planArchive(backup.toc, {
    created: new Set(made.extensions),
    skipped: made.skipped,
    madeSchemas: new Set(made.schemas),
    roles,
    privileged: ctx.config.restoreRole === "drill"
  });
  const list = await restoreList(backup.toc, plan.leave, ctx.env);
  return { role, made, roles, list, leftOut: plan.leftOut };
}

// src/restore/restore-checks.ts
function durationCheck(completed, durationMs, maxRestoreTimeMs, stoppedAtRto = false) {
  const rtoTargetSeconds = maxRestoreTimeMs === null ? null : maxRestoreTimeMs / 1e3;
  const took = formatDuration(durationMs);
  const details = { durationMs, rtoTargetMs: maxRestoreTimeMs };
  if (stoppedAtRto && maxRestoreTimeMs !== null) {
    return {
      check: check(
        "restore.duration",
        "fail",
        `not restored within the RTO target of ${formatDuration(maxRestoreTimeMs)}: stopped after ${took}`,
        details
      ),
      rtoTargetSeconds,
      rtoMet: false
    };
  }
  if (!completed) {
    return {
      check: check("restore.duration", "skip", `the restore did not complete (stopped after ${took})`, details),
      rtoTargetSeconds,
      rtoMet: null
    };
  }
  if (maxRestoreTimeMs === null) {
    return {
      check: check("restore.duration", "ok", `restored in ${took}; no RTO target (max-restore-time) set`, details),
      rtoTargetSeconds,
      rtoMet: null
    };
  }
  const rtoMet = durationMs <= maxRestoreTimeMs;
  const target = formatDuration(maxRestoreTimeMs);
  return {
    check: rtoMet ? check("restore.duration", "ok", `restored in ${took}, within the RTO target of ${target}`, details) : check("restore.duration", "fail", `restored in ${took}, over the RTO target of ${target}`, details),
    rtoTargetSeconds,
    rtoMet
  };
}
function sqlName(name2) {
  if (/^[a-z_][a-z0-9_$]*$/.test(name2)) return name2;
  const quoted = `"${name2.replaceAll('"', '""')}"`;
  return Array.from(quoted, (c) => {
    const code = c.charCodeAt(0);
    if (c === "\n") return "\\n";
    return code < 32 || code === 127 ? `\\x${code.toString(16).padStart(2, "0")}` : c;
  }).join("");
}
var tableLabel = (t) => `${sqlName(t.schema)}.${sqlName(t.name)}`;
async function missingTables(url, tables) {
  return withPinnedClient(url, { statementTimeoutMs: ADMIN_STATEMENT_TIMEOUT_MS }, async (client) => {
    const { rows } = await client.query(
      `SELECT u.i FROM unnest($1::text[], $2::text[]) WITH ORDINALITY AS u(s, t, i)
        WHERE NOT EXISTS (
          SELECT 1 FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
           WHERE n.nspname = u.s AND c.relname = u.t AND c.relkind IN ('r', 'p'))
        ORDER BY u.i`,
      [tables.map((t) => t.schema), tables.map((t) => t.name)]
    );
    return rows.map((r) => tables[Number(r.i) - 1]);
  });
}
async function tocCompleteCheck(url, tocTables, redact) {
  const startedAt = performance.now();
  if (tocTables.length === 0) {
    return check(
      "restore.toc-complete",
      "skip",
      "the backup has no table list to compare with (plain SQL or empty archive)"
    );
  }
  try {
    const missing = await missingTables(url, tocTables);
    if (missing.length === 0) {
      return check(
        "restore.toc-complete",
        "ok",
        `all ${tocTables.length} tables of the archive exist after the restore`,
        { expected: tocTables.length, missing: [] },
        startedAt
      );
    }
    const shown = missing.slice(0, 10).map(tableLabel).join(", ") + (missing.length > 10 ? ", \u2026" : "");
    return check(
      "restore.toc-complete",
      "fail",
      `${missing.length} of ${tocTables.length} tables of the archive are missing after the restore: ${shown}`,
      { expected: tocTables.length, missing: missing.map((t) => ({ schema: t.schema, name: t.name })) },
      startedAt
    );
  } catch (error) {
    return check(
      "restore.toc-complete",
      "fail",
      `could not compare the restored tables with the archive: ${redact(error.message)}`,
      null,
      startedAt
    );
  }
}
function restoreLimit(restoreTimeoutMs, maxRestoreTimeMs) {
  if (maxRestoreTimeMs !== null && maxRestoreTimeMs < restoreTimeoutMs) {
    return {
      ms: maxRestoreTimeMs,
      byRto: true,
      why: `the RTO target (max-restore-time: ${formatDuration(maxRestoreTimeMs)}) was reached, so the restore was stopped`
    };
  }
  return {
    ms: restoreTimeoutMs,
    byRto: false,
    why: `restore-timeout (${formatDuration(restoreTimeoutMs)}) was reached, so the restore was stopped`
  };
}
function notRestored(ctx, message, why, startedAtMs = null, startedAt) {
  return {
    info: {
      startedAt: startedAtMs === null ? null : new Date(startedAtMs).toISOString(),
      finishedAt: startedAtMs === null ? null : (/* @__PURE__ */ new Date()).toISOString(),
      durationMs: null,
      rtoTargetSeconds: ctx.config.maxRestoreTimeMs === null ? null : ctx.config.maxRestoreTimeMs / 1e3,
      rtoMet: null,
      jobs: null,
      tool: null,
      toolVersion: null,
      warnings: [],
      errors: [message]
    },
    checks: [
      check("restore.completed", "fail", `${why}: ${message}`, null, startedAt),
      check("restore.duration", "skip", "Nothing was restored."),
      check("restore.toc-complete", "skip", "Nothing was restored.")
    ]
  };
}

// src/restore/run-tool.ts
import { spawn as spawn2 } from "node:child_process";
import { createInterface as createInterface2 } from "node:readline";
function runTool(options) {
  return new Promise((resolve) => {
    const child = spawn2(options.command, options.args, {
      env: options.env,
      detached: true,
      stdio: [options.input ? "pipe" : "ignore", "pipe", "pipe"]
    });
    const pid = child.pid;
    if (pid !== void 0) trackGroup(pid);
    const result = { exitCode: null, signal: null, inputError: null, spawnError: null, timedOut: false };
    const timer = options.timeoutMs === void 0 || pid === void 0 ? void 0 : setTimeout(() => {
      result.timedOut = true;
      void stopProcessTree(pid, 3e3);
    }, options.timeoutMs);
    const readers = ["stdout", "stderr"].map((name2) => {
      const rl = createInterface2({ input: child[name2], crlfDelay: Number.POSITIVE_INFINITY });
      rl.on("line", (line) => options.onLine(name2, line));
      return new Promise((done) => rl.on("close", done));
    });
    if (options.input && child.stdin) {
      const stdin = child.stdin;
      stdin.on("error", () => {
      });
      options.input.on("error", (error) => {
        result.inputError = error.message;
        if (pid !== void 0) {
          try {
            process.kill(-pid, "SIGKILL");
          } catch {
          }
        }
        stdin.destroy();
      });
      options.input.pipe(stdin);
    }
    child.on("error", (error) => {
      result.spawnError = error.message;
    });
    child.on("close", async (code, signal2) => {
      clearTimeout(timer);
      await Promise.all(readers);
      if (pid !== void 0) {
        await stopProcessTree(pid, 1e3);
        untrackGroup(pid);
      }
      result.exitCode = code;
      result.signal = signal2;
      options.input?.unpipe();
      options.input?.destroy();
      resolve(result);
    });
  });
}

// src/restore/tool-output.ts
var MAX_LINES_KEPT = 50;
var MAX_LINE_LENGTH = 500;
var NUMBERED_ITEM_RE = /^pg_restore: (processing item|finished item) /;
var ITEM_ACTION_RE = /^pg_restore: (creating |processing data for |executing )/;
var PROGRESS_RE = /^pg_restore: (creating|processing|executing|launching|entering|finished|connecting|disabling|enabling|implied)/;
var ERROR_RE = /\b(error|ERROR|FATAL|PANIC):/;
var WARNING_RE = /\b(warning|WARNING):/;
var CONTEXT_RE = /^(pg_restore: (while PROCESSING TOC|from TOC entry)|Command was:|(psql:\S+ )?(DETAIL|HINT|LINE \d+|CONTEXT):)/;
var ToolOutput = class {
  constructor(redact) {
    this.redact = redact;
  }
  redact;
  warnings = [];
  errors = [];
  numberedItems = 0;
  itemActions = 0;
  lastKind = null;
  droppedLines = 0;
  /** TOC items restored so far (bookkeeping items such as ENCODING print nothing without --jobs). */
  get tocItemsDone() {
    return this.numberedItems > 0 ? this.numberedItems : this.itemActions;
  }
  addStderrLine(raw) {
    const line = raw.trimEnd();
    if (line === "") return;
    if (NUMBERED_ITEM_RE.test(line)) this.numberedItems += 1;
    else if (ITEM_ACTION_RE.test(line)) this.itemActions += 1;
    if (PROGRESS_RE.test(line) && !ERROR_RE.test(line)) {
      this.lastKind = null;
      return;
    }
    if (ERROR_RE.test(line)) this.lastKind = "error";
    else if (WARNING_RE.test(line)) this.lastKind = "warning";
    else if (!CONTEXT_RE.test(line)) return;
    if (this.lastKind === null) return;
    const list = this.lastKind === "error" ? this.errors : this.warnings;
    if (list.length >= MAX_LINES_KEPT) {
      this.droppedLines += 1;
      return;
    }
    const clean = this.redact(line);
    list.push(clean.length > MAX_LINE_LENGTH ? `${clean.slice(0, MAX_LINE_LENGTH)}\u2026` : clean);
  }
};
function startProgressReports(log, describe2, everyMs = 5e3) {
  const started = Date.now();
  const timer = setInterval(() => {
    log.info(`restore: ${describe2()}, ${formatDuration(Date.now() - started)} elapsed`);
  }, everyMs);
  timer.unref();
  return () => clearInterval(timer);
}

// src/restore/restore-backup.ts
var PG_RESTORE_FORMAT = { custom: "c", directory: "d", tar: "t" };
var PARALLEL_FORMATS = /* @__PURE__ */ new Set(["custom", "directory"]);
var APP_NAME = "pickdriver-vault-action";
async function endRestoreSessions(drillUrl) {
  await withPinnedClient(
    drillUrl,
    { statementTimeoutMs: ADMIN_STATEMENT_TIMEOUT_MS },
    (client) => client.query(
      `SELECT pg_catalog.pg_terminate_backend(pid) FROM pg_catalog.pg_stat_activity
        WHERE datname = pg_catalog.current_database() AND application_name = $1 AND pid <> pg_catalog.pg_backend_pid()`,
      [APP_NAME]
    )
  );
}
async function plainInput(backup, filter, onBytes) {
  const file = backup.open ? await backup.open() : createReadStream(backup.path);
  file.on("data", (chunk) => onBytes(chunk.length));
  filter.on("error", () => {
  });
  const release = memoryReleaser();
  const releasing = new Transform2({
    transform(chunk, _encoding, done) {
      release(chunk.length);
      done(null, chunk);
    }
  });
  return backup.format === "plain-gzip" ? pipeline(file, createGunzip(), filter, releasing, () => {
  }) : pipeline(file, filter, releasing, () => {
  });
}
function restrictKeyFile(env) {
  return writePrivateTempFile("restrict", "restrict.psql", `\\restrict ${randomBytes2(24).toString("hex")}
`, env);
}
async function invocation(ctx, backup, database, output, listFile, facts) {
  const archiveFormat = PG_RESTORE_FORMAT[backup.format];
  if (archiveFormat) {
    const tool2 = await findPgTool("pg_restore", ctx.config.pgBinDir);
    const jobs = PARALLEL_FORMATS.has(backup.format) ? Math.max(1, ctx.config.restoreJobs) : 1;
    const args2 = ["--verbose", "--no-owner", "--no-privileges", "--exit-on-error", `--format=${archiveFormat}`];
    if (jobs > 1) args2.push(`--jobs=${jobs}`);
    if (listFile !== null) args2.push(`--use-list=${listFile}`);
    args2.push(`--dbname=${database}`, backup.path);
    const total = backup.tocEntries;
    const describeProgress2 = () => total === null ? `${output.tocItemsDone} TOC items` : `${Math.min(output.tocItemsDone, total)}/${total} TOC items`;
    return { tool: tool2, args: args2, jobs, describeProgress: describeProgress2 };
  }
  const tool = await findPgTool("psql", ctx.config.pgBinDir);
  if (!psqlHasRestrict(tool)) {
    throw new Error(
      `psql ${tool.version} lacks \\restrict (psql ${RESTRICT_RELEASES}): a plain dump is not restored with it; install a current PostgreSQL client (or set pg-bin-dir)`
    );
  }
  const key = await restrictKeyFile(ctx.env);
  let bytesRead = 0;
  const filter = new PlainDumpFilter(facts);
  const input = await plainInput(backup, filter, (n) => {
    bytesRead += n;
  });
  const args = ["-v", "ON_ERROR_STOP=1", "-X", "-q", `--dbname=${database}`, "-f", key.file, "-f", "-"];
  const describeProgress = () => {
    const pct = backup.sizeBytes > 0 ? ` (${Math.min(100, Math.round(bytesRead / backup.sizeBytes * 100))}%)` : "";
    return `${formatBytes(bytesRead)} of the dump's ${formatBytes(backup.sizeBytes)} read${pct}`;
  };
  return { tool, args, jobs: 1, input, describeProgress, dispose: key.dispose, filter };
}
async function restoreBackup(ctx, backup, drillUrl) {
  ctx.secrets.addUrl(drillUrl);
  const redact = (text) => ctx.secrets.redact(text);
  const output = new ToolOutput(redact);
  const database = connectionParts(drillUrl).database;
  const startedAtMs = Date.now();
  const startedAt = performance.now();
  let run;
  let prepared = null;
  try {
    prepared = await prepareRestore(ctx, backup, database, drillUrl, PG_RESTORE_FORMAT[backup.format] !== void 0);
    run = await invocation(ctx, backup, database, output, prepared.list?.file ?? null, {
      madeSchemas: new Set(prepared.made.schemas),
      skippedExtensions: prepared.made.skipped,
      roles: prepared.roles,
      privileged: ctx.config.restoreRole === "drill"
    });
  } catch (error) {
    await prepared?.list?.dispose();
    return notRestored(ctx, redact(error.message), "the restore could not start", startedAtMs, startedAt);
  }
  const { role, list } = prepared;
  const env = childEnv(ctx.env, { ...libpqEnv(drillUrl), PGAPPNAME: APP_NAME });
  if (role) env.PGOPTIONS = `${env.PGOPTIONS ?? ""} -c role=${role}`.trim();
  const how = run.jobs > 1 ? ` with ${run.jobs} jobs` : "";
  ctx.log.info(
    `restore: ${backup.name} (${backup.format}) into ${database} with ${run.tool.name} ${run.tool.version}${how}${role ? ` as role ${role}` : ""}`
  );
  const stopReports = startProgressReports(ctx.log, run.describeProgress);
  const limit = restoreLimit(ctx.config.restoreTimeoutMs, ctx.config.maxRestoreTimeMs);
  const result = await runTool({
    command: run.tool.path,
    args: run.args,
    env,
    input: run.input,
    timeoutMs: limit.ms,
    onLine: (stream, line) => {
      if (stream === "stderr") output.addStderrLine(line);
      else ctx.log.debug(`${run.tool.name}: ${redact(line)}`);
    }
  }).finally(() => {
    stopReports();
    return Promise.all([list?.dispose(), run.dispose?.()]);
  });
  const durationMs = Date.now() - startedAtMs;
  const finishedAt = (/* @__PURE__ */ new Date()).toISOString();
  if (result.timedOut) await endRestoreSessions(drillUrl).catch(() => {
  });
  if (result.timedOut) output.errors.unshift(`stopped after ${formatDuration(durationMs)}: ${limit.why}`);
  for (const problem of [result.spawnError, result.inputError]) {
    if (problem) output.errors.push(redact(problem));
  }
  const completed = !result.timedOut && result.exitCode === 0 && result.inputError === null && result.spawnError === null;
  if (!completed && output.errors.length === 0) {
    output.errors.push(
      `${run.tool.name} exited with ${result.signal ? `signal ${result.signal}` : `code ${result.exitCode}`}`
    );
  }
  const toolLabel = `${run.tool.name} ${run.tool.version}`;
  const leftOut = [...prepared.leftOut, ...run.filter?.leftOut ?? []];
  for (const [name2, why] of prepared.made.skipped) {
    if (!leftOut.some((l) => l.what === `EXTENSION ${name2}`))
      leftOut.push({ what: `EXTENSION ${name2}`, why, data: false });
  }
  if (leftOut.length > 0) ctx.log.warning(`restore: left out: ${redact(describeLeftOut(leftOut))}`);
  const completedCheck = completed ? check(
    "restore.completed",
    leftOut.some((l) => l.data) ? "fail" : leftOut.length > 0 ? "warn" : "ok",
    `restored ${backup.name} (${backup.format}) with ${toolLabel}${how}${leftOut.length > 0 ? `; ${leftOut.some((l) => l.data) ? "not all its data (the restore does not equal the backup): " : ""}left out: ${redact(describeLeftOut(leftOut))}` : ""}`,
    { exitCode: 0, warnings: output.warnings.length, ...leftOutDetails(leftOut) },
    startedAt
  ) : check(
    "restore.completed",
    "fail",
    result.timedOut ? `${run.tool.name} ${output.errors[0]}` : `${run.tool.name} failed (${result.signal ? `signal ${result.signal}` : `exit code ${result.exitCode}`}): ${output.errors[0] ?? "no error text"}${permissionHint(ctx, drillUrl, output.errors)}${leftOut.length > 0 ? ` (left out before it, which may be what it needed: ${redact(describeLeftOut(leftOut, 3))})` : ""}`,
    {
      exitCode: result.exitCode,
      signal: result.signal,
      timedOut: result.timedOut,
      errors: output.errors.slice(0, 10),
      ...leftOutDetails(leftOut)
    },
    startedAt
  );
  ctx.log.info(
    `restore: ${completed ? "finished" : "FAILED"} after ${formatDuration(durationMs)} (${run.describeProgress()})`
  );
  const duration = durationCheck(completed, durationMs, ctx.config.maxRestoreTimeMs, result.timedOut && limit.byRto);
  const tocCheck = await tocCompleteCheck(drillUrl, backup.tocTables, redact);
  return {
    info: {
      startedAt: new Date(startedAtMs).toISOString(),
      finishedAt,
      durationMs,
      rtoTargetSeconds: duration.rtoTargetSeconds,
      rtoMet: duration.rtoMet,
      jobs: run.jobs,
      tool: run.tool.name,
      toolVersion: run.tool.version,
      warnings: output.warnings,
      errors: output.errors
    },
    checks: [completedCheck, duration.check, tocCheck]
  };
}
var PRIVILEGE_RE = /must be superuser|permission denied|must be owner|must be member|must have privileges|privileges of the/i;
function permissionHint(ctx, drillUrl, errors) {
  if (ctx.config.restoreRole !== "drill" || !errors.some((e) => PRIVILEGE_RE.test(e))) return "";
  const role = connectionParts(drillUrl).user;
  return ` \u2014 permission: the restore runs as the drill role ${role}, without superuser rights, and the backup did something only a privileged role may do (restore-role: admin would allow it, with that risk)`;
}

// src/cleanup.ts
async function cleanup(ctx, state) {
  const { log } = ctx;
  if (state.maintenanceOn) {
    const off = await setMaintenance(ctx, false, "restore drill cleanup");
    if (off.ok) log.info("Maintenance mode disabled.");
    else log.warning(`Maintenance mode could not be disabled: ${off.message}`);
  }
  if (state.apiPid !== null && !isSameGroupLeader(state.apiPid, state.apiStartTime)) {
    log.info(`The PickDriver instance (pid ${state.apiPid}) has already stopped; nothing else is signalled.`);
  } else if (state.apiPid !== null) {
    try {
      await stopProcessTree(state.apiPid);
      log.info(`Stopped the PickDriver instance started by api-start-command (pid ${state.apiPid}).`);
    } catch (error) {
      log.warning(`Could not stop the PickDriver instance (pid ${state.apiPid}): ${describe(ctx, error)}`);
    }
  }
  await dropWhatWasMade(ctx, state);
}
async function dropWhatWasMade(ctx, state) {
  const { config, log } = ctx;
  const database = state.createdDatabase;
  if (database !== null && config.keepDatabase) {
    const owner = state.drillRole ? ` and its owner, the drill role ${state.drillRole}` : "";
    log.info(`Keeping the drill database ${database}${owner} (keep-database: true).`);
    return;
  }
  if (database === null && state.drillRole === null) return;
  const what = [database && `the drill database ${database}`, state.drillRole && `the drill role ${state.drillRole}`].filter(Boolean).join(" and ");
  if (state.runNonce === null) {
    log.warning(`Not dropping ${what}: the state names no run nonce, so nothing proves this run made it.`);
    return;
  }
  try {
    await dropDrillDatabase(config.databaseUrl, database, {
      nonce: state.runNonce,
      role: state.drillRole,
      databaseOid: state.databaseOid
    });
    log.info(`Dropped ${what}.`);
  } catch (error) {
    log.warning(`Could not drop ${what}: ${describe(ctx, error)}`);
  }
}
function describe(ctx, error) {
  return ctx.secrets.redact(error instanceof Error ? error.message : String(error));
}

// src/util/state.ts
function emptyState() {
  return {
    createdDatabase: null,
    apiPid: null,
    apiStartTime: null,
    maintenanceOn: false,
    runNonce: null,
    drillRole: null,
    databaseOid: null
  };
}
var MemoryState = class {
  state = emptyState();
  save(patch) {
    this.state = { ...this.state, ...patch };
  }
  get() {
    return { ...this.state };
  }
};
var MAIN_STARTED_KEY = "main-started";
var KEYS = {
  createdDatabase: "created-database",
  apiPid: "api-pid",
  apiStartTime: "api-start-time",
  maintenanceOn: "maintenance-on",
  runNonce: "run-nonce",
  drillRole: "drill-role",
  databaseOid: "database-oid"
};
function toStateEntries(patch) {
  const out = [];
  if ("createdDatabase" in patch) out.push([KEYS.createdDatabase, patch.createdDatabase ?? ""]);
  if ("apiPid" in patch)
    out.push([KEYS.apiPid, patch.apiPid === null || patch.apiPid === void 0 ? "" : String(patch.apiPid)]);
  if ("apiStartTime" in patch) out.push([KEYS.apiStartTime, patch.apiStartTime ?? ""]);
  if ("maintenanceOn" in patch) out.push([KEYS.maintenanceOn, patch.maintenanceOn ? "true" : "false"]);
  if ("runNonce" in patch) out.push([KEYS.runNonce, patch.runNonce ?? ""]);
  if ("drillRole" in patch) out.push([KEYS.drillRole, patch.drillRole ?? ""]);
  if ("databaseOid" in patch) out.push([KEYS.databaseOid, patch.databaseOid == null ? "" : String(patch.databaseOid)]);
  return out;
}
function fromStateEntries(get) {
  const pid = Number.parseInt(get(KEYS.apiPid), 10);
  return {
    createdDatabase: get(KEYS.createdDatabase) || null,
    apiPid: Number.isInteger(pid) && pid > 0 ? pid : null,
    apiStartTime: get(KEYS.apiStartTime) || null,
    maintenanceOn: get(KEYS.maintenanceOn) === "true",
    runNonce: get(KEYS.runNonce) || null,
    drillRole: get(KEYS.drillRole) || null,
    databaseOid: /^\d+$/.test(get(KEYS.databaseOid)) ? Number(get(KEYS.databaseOid)) : null
  };
}

export {
  readySchema,
  dbInfoSchema,
  PickDriverClient,
  infoCheck,
  smokeCheck,
  failureDetails,
  validateCheck,
  setMaintenance,
  memoryReleaser,
  childEnv,
  RESTRICT_RELEASES,
  psqlHasRestrict,
  findPgTool,
  PlainDumpScanner,
  Deadline,
  postRestoreBudgetMs,
  esm_default,
  ADMIN_STATEMENT_TIMEOUT_MS,
  pgClient,
  connectPinned,
  analyzeDatabase,
  markCancelled,
  parkIfCancelled,
  trackGroup,
  untrackGroup,
  stopAllGroups,
  processStartTime,
  stopProcessTree,
  ROLE_MARKER,
  newRunIdentity,
  parseMark,
  connectionParts,
  PostgresUnreachable,
  connectWhenReady,
  prepareDrillDatabase,
  dropDrillDatabase,
  runPostRestoreCommand,
  notRestored,
  restoreBackup,
  cleanup,
  emptyState,
  MemoryState,
  MAIN_STARTED_KEY,
  toStateEntries,
  fromStateEntries
};
