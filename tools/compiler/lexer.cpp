// Lexer (see lexer.h). Follows erl_scan of OTP 25, including `_` digit
// separators, based integers up to base 36 and all string escapes.
#include "tools/compiler/lexer.h"
#include "vm/term/utf8.h"

#include <array>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstring>

namespace girder::compiler {
namespace {

// OTP 25 without the maybe_expr feature: `maybe` and `else` are plain atoms.
constexpr std::array<std::string_view, 27> kReservedWords = {
    "after", "and", "andalso", "band", "begin", "bnot", "bor", "bsl", "bsr", "bxor",
    "case", "catch", "cond", "div", "end", "fun", "if", "let", "not", "of",
    "or", "orelse", "receive", "rem", "try", "when", "xor"};

// Punctuation, longest first within each leading character so the first
// match is the longest (erl_scan's maximal munch).
constexpr std::array<std::string_view, 41> kSymbols = {
    "...", "..", ".",   "::", ":=", ":",  "=:=", "=/=", "==", "=<", "=>", "=",
    "<<",  "<-", "<=",  "<",  ">>", ">=", ">",   "++",  "+",  "--", "->", "-",
    "||",  "|",  "/=",  "/",  "??", "?",  "!",   "*",   "#",  "(",  ")",  "{",
    "}",   "[",  "]",   ",",  ";"};

// Decodes one UTF-8 sequence; invalid bytes decode as their Latin-1 value so
// that any byte string lexes deterministically.
char32_t decode_utf8(std::string_view s, size_t i, size_t* len) {
  auto b0 = static_cast<unsigned char>(s[i]);
  if (b0 < 0x80) { *len = 1; return b0; }
  int n = 0;
  char32_t cp = 0;
  if ((b0 & 0xE0) == 0xC0) { n = 1; cp = b0 & 0x1F; }
  else if ((b0 & 0xF0) == 0xE0) { n = 2; cp = b0 & 0x0F; }
  else if ((b0 & 0xF8) == 0xF0) { n = 3; cp = b0 & 0x07; }
  else { *len = 1; return b0; }
  for (int k = 1; k <= n; ++k) {
    if (i + k >= s.size()) { *len = 1; return b0; }
    auto b = static_cast<unsigned char>(s[i + k]);
    if ((b & 0xC0) != 0x80) { *len = 1; return b0; }
    cp = (cp << 6) | (b & 0x3F);
  }
  static constexpr char32_t kMin[] = {0, 0x80, 0x800, 0x10000};
  if (cp < kMin[n] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) { *len = 1; return b0; }
  *len = static_cast<size_t>(n) + 1;
  return cp;
}

// erl_scan's character classes (Latin-1 letters may appear in names).
bool is_upper(char32_t c) { return (c >= 'A' && c <= 'Z') || (c >= 0xC0 && c <= 0xDE && c != 0xD7); }
bool is_lower(char32_t c) { return (c >= 'a' && c <= 'z') || (c >= 0xDF && c <= 0xFF && c != 0xF7); }
bool is_digit(char32_t c) { return c >= '0' && c <= '9'; }
bool is_name_char(char32_t c) { return is_upper(c) || is_lower(c) || is_digit(c) || c == '_' || c == '@'; }
bool is_space(char32_t c) { return c <= ' ' || (c >= 0x80 && c <= 0xA0); }

int digit_value(char32_t c) {
  if (c >= '0' && c <= '9') return static_cast<int>(c - '0');
  if (c >= 'a' && c <= 'z') return static_cast<int>(c - 'a') + 10;
  if (c >= 'A' && c <= 'Z') return static_cast<int>(c - 'A') + 10;
  return 99;
}

// Arbitrary-precision natural number, just enough to turn big literals in
// any base into decimal text.
struct BigNat {
  std::vector<std::uint32_t> limbs;  // little endian, base 2^32
  void mul_add(std::uint32_t m, std::uint32_t a) {
    std::uint64_t carry = a;
    for (auto& l : limbs) {
      std::uint64_t v = static_cast<std::uint64_t>(l) * m + carry;
      l = static_cast<std::uint32_t>(v);
      carry = v >> 32;
    }
    if (carry) limbs.push_back(static_cast<std::uint32_t>(carry));
  }
  bool fits_int64() const {
    if (limbs.size() <= 1) return true;
    if (limbs.size() > 2) {
      for (size_t i = 2; i < limbs.size(); ++i) if (limbs[i]) return false;
    }
    return (limbs[1] & 0x80000000u) == 0;
  }
  std::int64_t to_int64() const {
    std::uint64_t v = 0;
    if (!limbs.empty()) v = limbs[0];
    if (limbs.size() > 1) v |= static_cast<std::uint64_t>(limbs[1]) << 32;
    return static_cast<std::int64_t>(v);
  }
  std::string to_decimal() const {
    std::vector<std::uint32_t> n = limbs;
    std::string out;
    while (!n.empty()) {
      std::uint64_t rem = 0;
      for (size_t i = n.size(); i-- > 0;) {
        std::uint64_t cur = (rem << 32) | n[i];
        n[i] = static_cast<std::uint32_t>(cur / 1000000000u);
        rem = cur % 1000000000u;
      }
      while (!n.empty() && n.back() == 0) n.pop_back();
      char buf[16];
      std::snprintf(buf, sizeof buf, n.empty() ? "%u" : "%09u", static_cast<unsigned>(rem));
      out.insert(0, buf);
    }
    return out.empty() ? "0" : out;
  }
};

class Lexer {
 public:
  Lexer(std::string_view src, std::uint16_t file, const std::string& name)
      : src_(src), file_(file), name_(name) {}

  LexResult run() {
    result_.tokens.reserve(src_.size() / 4 + 16);  // typical density; avoids regrowth copies
    while (true) {
      skip_space_and_comments();
      if (pos_ >= src_.size()) break;
      lex_token();
    }
    Token eof;
    eof.kind = TokenKind::Eof;
    eof.loc = {line_, col_};
    eof.file = file_;
    result_.tokens.push_back(std::move(eof));
    return std::move(result_);
  }

 private:
  std::string_view src_;
  size_t pos_ = 0;
  std::uint32_t line_ = 1, col_ = 1;
  std::uint16_t file_;
  const std::string& name_;
  LexResult result_;

  char32_t peek(size_t ahead = 0) const {
    size_t p = pos_;
    for (size_t k = 0; k < ahead && p < src_.size(); ++k) {
      size_t len;
      decode_utf8(src_, p, &len);
      p += len;
    }
    if (p >= src_.size()) return 0x110000;  // end-of-input sentinel, matches no class
    size_t len;
    return decode_utf8(src_, p, &len);
  }
  bool at_end() const { return pos_ >= src_.size(); }
  char32_t advance() {
    size_t len;
    char32_t c = decode_utf8(src_, pos_, &len);
    pos_ += len;
    if (c == '\n') { ++line_; col_ = 1; } else { ++col_; }
    return c;
  }

  void error(Loc loc, std::string msg) {
    result_.errors.push_back({name_, loc.line, loc.col, std::move(msg)});
    Token t;
    t.kind = TokenKind::Error;
    t.loc = loc;
    t.file = file_;
    result_.tokens.push_back(std::move(t));
  }

  void push(Token t) { t.file = file_; result_.tokens.push_back(std::move(t)); }

  void skip_space_and_comments() {
    while (!at_end()) {
      char32_t c = peek();
      if (c == '%') {
        while (!at_end() && peek() != '\n') advance();
      } else if (is_space(c)) {
        advance();
      } else {
        break;
      }
    }
  }

  void lex_token() {
    Loc loc{line_, col_};
    char32_t c = peek();
    if (is_digit(c)) return lex_number(loc);
    if (is_lower(c)) return lex_name(loc, false);
    if (is_upper(c) || c == '_') return lex_name(loc, true);
    if (c == '\'') return lex_quoted(loc, '\'');
    if (c == '"') return lex_quoted(loc, '"');
    if (c == '$') return lex_char(loc);
    if (c == '.') {
      char32_t n = peek(1);
      if (n == 0x110000 || n == '%' || is_space(n)) {
        advance();
        Token t;
        t.kind = TokenKind::Dot;
        t.loc = loc;
        push(std::move(t));
        return;
      }
    }
    for (std::string_view sym : kSymbols) {
        if (src_.substr(pos_, sym.size()) == sym) {
        for (size_t k = 0; k < sym.size(); ++k) advance();
        Token t;
        t.kind = TokenKind::Symbol;
        t.loc = loc;
        t.text = std::string(sym);
        push(std::move(t));
        return;
      }
    }
    advance();
    error(loc, "illegal character");
  }

  void lex_name(Loc loc, bool var) {
    std::string name;
    while (!at_end() && is_name_char(peek())) vm::utf8::append(name, advance());
    Token t;
    t.loc = loc;
    if (var) {
      t.kind = TokenKind::Var;
    } else if (is_reserved_word(name)) {
      t.kind = TokenKind::Symbol;
    } else {
      t.kind = TokenKind::Atom;
    }
    t.text = std::move(name);
    push(std::move(t));
  }

  // Digits of `base`, allowing single '_' between digits. Returns false when
  // no digit was found.
  bool scan_digits(int base, std::string& out) {
    bool any = false;
    while (!at_end()) {
      char32_t c = peek();
      if (digit_value(c) < base) {
        out.push_back(static_cast<char>(c));
        advance();
        any = true;
      } else if (c == '_' && any && digit_value(peek(1)) < base) {
        advance();
      } else {
        break;
      }
    }
    return any;
  }

  void push_integer(Loc loc, const std::string& digits, int base) {
    BigNat n;
    for (char d : digits) n.mul_add(static_cast<std::uint32_t>(base), static_cast<std::uint32_t>(digit_value(static_cast<unsigned char>(d))));
    Token t;
    t.kind = TokenKind::Integer;
    t.loc = loc;
    if (n.fits_int64()) {
      t.int_value = n.to_int64();
    } else {
      t.big = true;
      t.text = n.to_decimal();
    }
    push(std::move(t));
  }

  void lex_number(Loc loc) {
    std::string digits;
    scan_digits(10, digits);
    if (peek() == '#') {
      // Base prefix: erl_scan accepts 2..36.
      long base = digits.size() > 3 ? 100 : std::stol(digits);
      advance();
      if (base < 2 || base > 36) {
        while (!at_end() && is_name_char(peek())) advance();
        error(loc, "illegal base '" + (digits.size() > 3 ? digits : std::to_string(base)) + "'");
        return;
      }
      std::string bd;
      if (!scan_digits(static_cast<int>(base), bd)) {
        error(loc, "illegal integer");
        return;
      }
      push_integer(loc, bd, static_cast<int>(base));
      return;
    }
    if (peek() == '.' && is_digit(peek(1))) {
      std::string text = digits;
      advance();
      text.push_back('.');
      scan_digits(10, text);
      char32_t e = peek();
      if (e == 'e' || e == 'E') {
        char32_t s = peek(1);
        bool sign = s == '+' || s == '-';
        if (is_digit(peek(sign ? 2 : 1))) {
          advance();
          text.push_back('e');
          if (sign) text.push_back(static_cast<char>(advance()));
          scan_digits(10, text);
        }
      }
      double v = 0;
      auto res = std::from_chars(text.data(), text.data() + text.size(), v);
      if (res.ec != std::errc() || !std::isfinite(v)) {
        // from_chars reports ERANGE for underflow too; erl_scan accepts
        // tiny values as 0.0 but rejects overflow.
        if (res.ec == std::errc::result_out_of_range && std::strtod(text.c_str(), nullptr) == 0.0) {
          v = 0.0;
        } else {
          error(loc, "illegal float");
          return;
        }
      }
      Token t;
      t.kind = TokenKind::Float;
      t.loc = loc;
      t.float_value = v;
      push(std::move(t));
      return;
    }
    push_integer(loc, digits, 10);
  }

  // Reads one escape sequence after '\'. Returns false (with an error
  // reported) on a malformed escape.
  bool lex_escape(char32_t* out) {
    if (at_end()) return false;
    char32_t c = advance();
    switch (c) {
      case 'b': *out = 8; return true;
      case 'd': *out = 127; return true;
      case 'e': *out = 27; return true;
      case 'f': *out = 12; return true;
      case 'n': *out = 10; return true;
      case 'r': *out = 13; return true;
      case 's': *out = 32; return true;
      case 't': *out = 9; return true;
      case 'v': *out = 11; return true;
      case '^': {
        if (at_end()) return false;
        *out = advance() & 31;
        return true;
      }
      case 'x': {
        if (peek() == '{') {
          advance();
          std::uint64_t v = 0;
          bool any = false;
          while (!at_end() && digit_value(peek()) < 16) {
            v = v * 16 + static_cast<unsigned>(digit_value(advance()));
            if (v > 0x10FFFF) v = 0x110000;  // saturate; rejected below
            any = true;
          }
          if (!any || peek() != '}') return false;
          advance();
          if (v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF)) return false;
          *out = static_cast<char32_t>(v);
          return true;
        }
        if (digit_value(peek()) < 16 && digit_value(peek(1)) < 16) {
          int hi = digit_value(advance());
          int lo = digit_value(advance());
          *out = static_cast<char32_t>(hi * 16 + lo);
          return true;
        }
        return false;
      }
      default:
        if (c >= '0' && c <= '7') {
          char32_t v = c - '0';
          for (int k = 0; k < 2 && peek() >= '0' && peek() <= '7'; ++k) v = v * 8 + (advance() - '0');
          *out = v;
          return true;
        }
        *out = c;  // \\ \' \" and any other character stand for themselves
        return true;
    }
  }

  void lex_quoted(Loc loc, char32_t quote) {
    advance();
    std::u32string chars;
    std::string start_text;  // for "unterminated ... starting with"
    while (true) {
      if (at_end()) {
        std::string head;
        for (size_t i = 0; i < chars.size() && i < 16; ++i) head += write_char_raw(chars[i], quote);
        if (quote == '"') {
          error(loc, "unterminated string starting with \"" + head + "\"");
        } else {
          error(loc, "unterminated atom starting with '" + head + "'");
        }
        return;
      }
      char32_t c = advance();
      if (c == quote) break;
      if (c == '\\') {
        char32_t e;
        if (!lex_escape(&e)) {
          // erl_scan gives up on the whole literal; skip to its end so that
          // the rest of the file lexes sensibly.
          while (!at_end() && peek() != quote && peek() != '\n') advance();
          if (!at_end() && peek() == quote) advance();
          error(loc, "illegal character");
          return;
        }
        chars.push_back(e);
      } else {
        chars.push_back(c);
      }
    }
    Token t;
    t.loc = loc;
    if (quote == '"') {
      t.kind = TokenKind::String;
      t.chars = std::move(chars);
    } else {
      t.kind = TokenKind::Atom;
      for (char32_t c : chars) vm::utf8::append(t.text, c);
      if (chars.size() > 255) {
        error(loc, "atom too long");
        return;
      }
    }
    push(std::move(t));
  }

  // Escaped rendering of a code point inside a quoted literal (diagnostics).
  static std::string write_char_raw(char32_t c, char32_t quote) {
    std::string s;
    if (c == '\n') return "\\n";
    if (c == '\t') return "\\t";
    if (c == quote || c == '\\') s.push_back('\\');
    vm::utf8::append(s, c);
    return s;
  }

  void lex_char(Loc loc) {
    advance();
    if (at_end()) {
      error(loc, "unterminated character");
      return;
    }
    char32_t c = advance();
    if (c == '\\') {
      if (!lex_escape(&c)) {
        error(loc, "illegal character");
        return;
      }
    }
    Token t;
    t.kind = TokenKind::Char;
    t.loc = loc;
    t.int_value = c;
    push(std::move(t));
  }
};

}  // namespace

bool is_reserved_word(std::string_view s) {
  for (std::string_view w : kReservedWords) {
    if (w == s) return true;
  }
  return false;
}

namespace {
// Escapes shared by write_string / write_char / quoted atoms (io_lib).
void write_escaped(std::string& out, char32_t c, char32_t quote) {
  switch (c) {
    case '\n': out += "\\n"; return;
    case '\r': out += "\\r"; return;
    case '\t': out += "\\t"; return;
    case '\v': out += "\\v"; return;
    case '\b': out += "\\b"; return;
    case '\f': out += "\\f"; return;
    case 27: out += "\\e"; return;
    case 127: out += "\\d"; return;
    case '\\': out += "\\\\"; return;
    default: break;
  }
  if (c == quote) {
    out.push_back('\\');
    vm::utf8::append(out, c);
    return;
  }
  if (c < 32) {
    char buf[8];
    std::snprintf(buf, sizeof buf, "\\%03o", static_cast<unsigned>(c));
    out += buf;
    return;
  }
  vm::utf8::append(out, c);
}
}  // namespace

std::string quote_atom_if_needed(std::string_view name) {
  bool plain = !name.empty() && name[0] >= 'a' && name[0] <= 'z' && !is_reserved_word(name);
  for (size_t i = 0; plain && i < name.size(); ++i) {
    char ch = name[i];
    if (!((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') || ch == '_' || ch == '@')) plain = false;
  }
  if (plain) return std::string(name);
  std::string out = "'";
  for (size_t i = 0; i < name.size();) {
    size_t len;
    char32_t c = decode_utf8(name, i, &len);
    i += len;
    write_escaped(out, c, '\'');
  }
  out += "'";
  return out;
}

std::string write_string(const std::u32string& s) {
  std::string out = "\"";
  for (char32_t c : s) write_escaped(out, c, '"');
  out += "\"";
  return out;
}

std::string write_char(std::int64_t c) {
  std::string out = "$";
  if (c == ' ') return "$\\s";
  if (c < 0 || c > 0x10FFFF) return std::to_string(c);
  write_escaped(out, static_cast<char32_t>(c), 0x110000);
  return out;
}

std::string format_float(double d) {
  // io_lib writes the shortest round-tripping digits, choosing between plain
  // and scientific notation by length (ties go to plain).
  char buf[64];
  auto res = std::to_chars(buf, buf + sizeof buf, d, std::chars_format::scientific);
  std::string sci(buf, res.ptr);
  size_t epos = sci.find('e');
  std::string mant = sci.substr(0, epos);
  int exp = std::atoi(sci.c_str() + epos + 1);
  bool neg = !mant.empty() && mant[0] == '-';
  if (neg) mant.erase(0, 1);
  std::string digits;
  for (char ch : mant) if (ch != '.') digits.push_back(ch);
  std::string s1 = digits.substr(0, 1) + "." + (digits.size() > 1 ? digits.substr(1) : "0") + "e" + std::to_string(exp);
  std::string s2;
  int n = static_cast<int>(digits.size());
  if (exp >= 0) {
    if (exp + 1 >= n) {
      s2 = digits + std::string(static_cast<size_t>(exp + 1 - n), '0') + ".0";
    } else {
      s2 = digits.substr(0, static_cast<size_t>(exp + 1)) + "." + digits.substr(static_cast<size_t>(exp + 1));
    }
  } else {
    s2 = "0." + std::string(static_cast<size_t>(-exp - 1), '0') + digits;
  }
  std::string best = s2.size() <= s1.size() ? s2 : s1;
  return neg ? "-" + best : best;
}

std::string token_to_string(const Token& t) {
  switch (t.kind) {
    case TokenKind::Atom: return quote_atom_if_needed(t.text);
    case TokenKind::Var: return t.text;
    case TokenKind::Integer: return t.big ? t.text : std::to_string(t.int_value);
    case TokenKind::Float: return format_float(t.float_value);
    case TokenKind::Char: return write_char(t.int_value);
    case TokenKind::String: return write_string(t.chars);
    case TokenKind::Symbol: return "'" + t.text + "'";
    case TokenKind::Dot: return "'.'";
    case TokenKind::Error:
    case TokenKind::Eof: return "";
  }
  return "";
}

LexResult lex(std::string_view source, std::uint16_t file_index, const std::string& file_name) {
  return Lexer(source, file_index, file_name).run();
}

}  // namespace girder::compiler
