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

// Symbols that are a proper prefix of a longer one ("=" of "=:="): erl_scan
// needs the next character to end them.
bool extends_to_longer_symbol(std::string_view sym) {
  for (std::string_view s : kSymbols) {
    if (s.size() > sym.size() && s.substr(0, sym.size()) == sym) return true;
  }
  return false;
}

// The first byte of the first invalid UTF-8 sequence, or npos. A sequence
// the end of the file cuts short is invalid too.
size_t first_invalid_utf8(std::string_view s) {
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  for (size_t i = 0; i < s.size();) {
    std::uint32_t cp;
    size_t len;
    if (vm::utf8::decode(p, s.size(), i, cp, len) != vm::utf8::Decode::Ok) return i;
    i += len;
  }
  return std::string_view::npos;
}

class Lexer {
 public:
  // `latin1`: every byte is one character. `truncated`: `src` is the valid
  // prefix of a UTF-8 file whose next byte is invalid (see LexResult).
  Lexer(std::string_view src, std::uint16_t file, const std::string& name, bool latin1 = false,
        bool truncated = false)
      : src_(src), file_(file), name_(name), latin1_(latin1), truncated_(truncated) {}

  LexResult run() {
    result_.tokens.reserve(src_.size() / 4 + 16);  // typical density; avoids regrowth copies
    while (true) {
      skip_space_and_comments();
      if (pos_ >= src_.size()) break;
      lex_token();
    }
    if (truncated_) {
      // Where erl_scan sat waiting for characters that never came.
      Loc at = pending_ ? *pending_ : Loc{line_, col_};
      Token t;
      t.kind = TokenKind::Error;
      t.loc = at;
      push(std::move(t));
      result_.invalid_unicode = at;
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
  bool latin1_ = false;
  bool truncated_ = false;
  std::optional<Loc> pending_;  // truncated_: the unit the input ended inside
  mutable bool peeked_end_ = false;  // peek() looked past the end (an escape wanted more)
  LexResult result_;

  char32_t decode(size_t i, size_t* len) const {
    if (latin1_) {
      *len = 1;
      return static_cast<unsigned char>(src_[i]);
    }
    return decode_utf8(src_, i, len);
  }

  // The input ended inside a unit that started at `loc` (truncated_ only).
  void pend(Loc loc) {
    if (!pending_) pending_ = loc;
  }
  bool ended_early() const { return truncated_ && at_end(); }

  char32_t peek(size_t ahead = 0) const {
    size_t p = pos_;
    for (size_t k = 0; k < ahead && p < src_.size(); ++k) {
      size_t len;
      decode(p, &len);
      p += len;
    }
    if (p >= src_.size()) {
      peeked_end_ = true;
      return 0x110000;  // end-of-input sentinel, matches no class
    }
    size_t len;
    return decode(p, &len);
  }
  bool at_end() const { return pos_ >= src_.size(); }
  char32_t advance() {
    size_t len;
    char32_t c = decode(pos_, &len);
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

  // For a truncated input: a comment, or a run of blanks up to and
  // including a newline, is one unit (erl_scan rescans it whole).
  void skip_space_and_comments() {
    std::optional<Loc> blanks;  // start of the current run of blanks
    while (!at_end()) {
      char32_t c = peek();
      if (c == '%') {
        Loc start{line_, col_};
        while (!at_end() && peek() != '\n') advance();
        if (ended_early()) pend(start);
        blanks.reset();
      } else if (is_space(c)) {
        if (!blanks) blanks = Loc{line_, col_};
        advance();
        if (c == '\n') blanks.reset();
      } else {
        return;
      }
    }
    if (truncated_ && blanks) pend(*blanks);
  }

  void lex_token() {
    Loc loc{line_, col_};
    size_t tokens_before = result_.tokens.size(), errors_before = result_.errors.size();
    lex_token_at(loc);
    if (!ended_early() || pending_) return;
    // A name, number, '.' or a symbol that could grow ("=" of "==") needs
    // the character after it; the input ended there, so it is unfinished.
    const Token* last = result_.tokens.size() > tokens_before ? &result_.tokens.back() : nullptr;
    bool unfinished = !last || last->kind == TokenKind::Atom || last->kind == TokenKind::Var ||
                      last->kind == TokenKind::Integer || last->kind == TokenKind::Float ||
                      last->kind == TokenKind::Dot ||
                      (last->kind == TokenKind::Symbol && extends_to_longer_symbol(last->text)) ||
                      (last->kind == TokenKind::Symbol && is_reserved_word(last->text));
    // A quoted atom or a string ends at its quote, a character literal
    // after its character: complete.
    if (last && last->kind == TokenKind::Atom && src_[pos_ - 1] == '\'') unfinished = false;
    if (!unfinished) return;
    result_.tokens.resize(tokens_before);
    result_.errors.resize(errors_before);
    pend(loc);
  }

  void lex_token_at(Loc loc) {
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
        // erl_scan's dot token takes the blank after it.
        if (truncated_ && is_space(n)) advance();
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
      if (ended_early()) {
        pend(Loc{line_, col_});
        return;
      }
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
      Loc char_loc{line_, col_};
      char32_t c = advance();
      if (c == quote) break;
      if (c == '\\') {
        char32_t e;
        peeked_end_ = false;
        bool ok = lex_escape(&e);
        if (truncated_ && (peeked_end_ || (!ok && at_end()))) {
          pend(char_loc);  // the escape may go on in the bytes that never came
          return;
        }
        if (!ok) {
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
    if (ended_early()) {
      pend(loc);
      return;
    }
    if (at_end()) {
      error(loc, "unterminated character");
      return;
    }
    char32_t c = advance();
    if (c == '\\') {
      peeked_end_ = false;
      bool ok = lex_escape(&c);
      if (truncated_ && (peeked_end_ || (!ok && at_end()))) {
        pend(loc);
        return;
      }
      if (!ok) {
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

LexResult lex(std::string_view source, std::uint16_t file_index, const std::string& file_name, LexMode mode) {
  if (mode == LexMode::Text) return Lexer(source, file_index, file_name).run();
  if (read_encoding(source) == SourceEncoding::Latin1) {
    return Lexer(source, file_index, file_name, /*latin1=*/true).run();
  }
  size_t bad = first_invalid_utf8(source);
  if (bad == std::string_view::npos) return Lexer(source, file_index, file_name).run();
  return Lexer(source.substr(0, bad), file_index, file_name, false, /*truncated=*/true).run();
}

namespace {
bool lower_ascii_equal(std::string_view text, std::string_view lower) {
  if (text.size() != lower.size()) return false;
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if (c != lower[i]) return false;
  }
  return true;
}

bool is_ascii_alnum(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'); }

// The encoding named right after "coding" at `at` in `line`, if any.
std::optional<SourceEncoding> encoding_after(std::string_view line, size_t at) {
  size_t i = at + 6;
  while (i < line.size() && line[i] == ' ') ++i;
  if (i >= line.size() || (line[i] != ':' && line[i] != '=')) return std::nullopt;
  ++i;
  while (i < line.size() && line[i] == ' ') ++i;
  static constexpr std::pair<std::string_view, SourceEncoding> kNames[] = {
      {"latin-1", SourceEncoding::Latin1}, {"utf-8", SourceEncoding::Utf8}};
  for (const auto& [name, enc] : kNames) {
    if (i + name.size() > line.size() || !lower_ascii_equal(line.substr(i, name.size()), name)) continue;
    size_t end = i + name.size();
    if (end < line.size() && is_ascii_alnum(line[end])) continue;
    return enc;
  }
  return std::nullopt;
}
}  // namespace

std::optional<SourceEncoding> read_encoding(std::string_view source) {
  size_t start = 0;
  for (int n = 0; n < 2 && start <= source.size(); ++n) {
    size_t nl = source.find('\n', start);
    std::string_view line = source.substr(start, nl == std::string_view::npos ? std::string_view::npos : nl - start);
    size_t pct = line.find('%');
    for (size_t at = pct == std::string_view::npos ? pct : line.find("coding", pct); at != std::string_view::npos;
         at = line.find("coding", at + 1)) {
      if (auto enc = encoding_after(line, at)) return enc;
    }
    if (nl == std::string_view::npos) break;
    start = nl + 1;
  }
  return std::nullopt;
}

}  // namespace girder::compiler
