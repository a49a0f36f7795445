#include "loader/etf_check.h"

#include <charconv>
#include <cmath>
#include <cstring>
#include <vector>

namespace girder::loader {

namespace {

enum Tag : std::uint8_t {
  kVersion = 131,
  kNewFloat = 70,
  kBitBinary = 77,
  kSmallInteger = 97,
  kInteger = 98,
  kAtom = 100,
  kSmallTuple = 104,
  kLargeTuple = 105,
  kNil = 106,
  kString = 107,
  kList = 108,
  kBinary = 109,
  kSmallBig = 110,
  kLargeBig = 111,
  kExport = 113,
  kSmallAtom = 115,
  kMap = 116,
  kAtomUtf8 = 118,
  kSmallAtomUtf8 = 119,
};

// Decodes one UTF-8 sequence at s[i]; returns its length or 0 if invalid
// (overlong forms, surrogates and values past U+10FFFF are invalid).
std::size_t utf8_sequence(std::string_view s, std::size_t i, std::uint32_t& cp) {
  auto b = [&](std::size_t k) { return static_cast<std::uint8_t>(s[i + k]); };
  std::uint8_t c = b(0);
  std::size_t n;
  std::uint32_t min;
  if (c < 0x80) {
    cp = c;
    return 1;
  } else if ((c & 0xE0) == 0xC0) {
    n = 2, cp = c & 0x1F, min = 0x80;
  } else if ((c & 0xF0) == 0xE0) {
    n = 3, cp = c & 0x0F, min = 0x800;
  } else if ((c & 0xF8) == 0xF0) {
    n = 4, cp = c & 0x07, min = 0x10000;
  } else {
    return 0;
  }
  if (i + n > s.size()) return 0;
  for (std::size_t k = 1; k < n; ++k) {
    if ((b(k) & 0xC0) != 0x80) return 0;
    cp = (cp << 6) | (b(k) & 0x3F);
  }
  if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return 0;
  return n;
}

class Cursor {
 public:
  explicit Cursor(std::span<const std::uint8_t> b) : b_(b) {}
  std::size_t pos = 0;
  std::size_t left() const { return b_.size() - pos; }
  bool has(std::size_t n) const { return left() >= n; }
  std::uint8_t u8() { return b_[pos++]; }
  std::uint32_t u16() {
    std::uint32_t v = (std::uint32_t{b_[pos]} << 8) | b_[pos + 1];
    pos += 2;
    return v;
  }
  std::uint32_t u32() {
    std::uint32_t v = (std::uint32_t{b_[pos]} << 24) | (std::uint32_t{b_[pos + 1]} << 16) |
                      (std::uint32_t{b_[pos + 2]} << 8) | b_[pos + 3];
    pos += 4;
    return v;
  }
  std::string_view view(std::size_t n) const {
    return {reinterpret_cast<const char*>(b_.data() + pos), n};
  }
  const std::uint8_t* here() const { return b_.data() + pos; }

 private:
  std::span<const std::uint8_t> b_;
};

bool fail(std::string& error, const std::string& msg, std::size_t at) {
  error = msg + " at byte " + std::to_string(at);
  return false;
}

// Reads an atom term (any of the four atom encodings) into `name`.
bool read_atom(Cursor& c, std::string& name, std::string& error) {
  std::size_t at = c.pos;
  if (!c.has(1)) return fail(error, "truncated term", at);
  std::uint8_t tag = c.u8();
  std::size_t len;
  if (tag == kAtom || tag == kAtomUtf8) {
    if (!c.has(2)) return fail(error, "truncated atom", at);
    len = c.u16();
  } else if (tag == kSmallAtom || tag == kSmallAtomUtf8) {
    if (!c.has(1)) return fail(error, "truncated atom", at);
    len = c.u8();
  } else {
    return fail(error, "expected an atom (tag " + std::to_string(tag) + ")", at);
  }
  if (!c.has(len)) return fail(error, "truncated atom", at);
  std::string_view text = c.view(len);
  c.pos += len;
  if (tag == kAtom || tag == kSmallAtom) {
    if (len > 255) return fail(error, "atom too long", at);
    // Latin-1: convert to UTF-8 (each byte is one code point).
    name.clear();
    for (char ch : text) {
      auto u = static_cast<std::uint8_t>(ch);
      if (u < 0x80) {
        name += ch;
      } else {
        name += static_cast<char>(0xC0 | (u >> 6));
        name += static_cast<char>(0x80 | (u & 0x3F));
      }
    }
    return true;
  }
  if (!valid_atom_text(text)) return fail(error, "atom is not valid UTF-8 of at most 255 characters", at);
  name.assign(text);
  return true;
}

// Steps over `pending` whole terms. Every term takes at least one byte, so
// `pending` never exceeds the bytes left: the work is linear and the counter
// cannot overflow.
bool skip_terms(Cursor& c, std::uint64_t pending, std::string& error) {
  auto add = [&](std::uint64_t n, std::size_t at) {
    pending += n;
    if (pending > c.left()) return fail(error, "term count " + std::to_string(n) + " exceeds the bytes left", at);
    return true;
  };
  std::string scratch;
  while (pending > 0) {
    --pending;
    std::size_t at = c.pos;
    if (!c.has(1)) return fail(error, "truncated term", at);
    std::uint8_t tag = c.u8();
    std::size_t need = 0;  // raw bytes after the fixed fields
    switch (tag) {
      case kSmallInteger: need = 1; break;
      case kInteger: need = 4; break;
      case kNewFloat: {
        if (!c.has(8)) return fail(error, "truncated float", at);
        std::uint64_t bits = 0;
        for (int i = 0; i < 8; ++i) bits = (bits << 8) | c.u8();
        double d;
        std::memcpy(&d, &bits, 8);
        if (!std::isfinite(d)) return fail(error, "float is not finite", at);
        break;
      }
      case kAtom: case kSmallAtom: case kAtomUtf8: case kSmallAtomUtf8:
        c.pos = at;
        if (!read_atom(c, scratch, error)) return false;
        break;
      case kSmallTuple:
        if (!c.has(1)) return fail(error, "truncated tuple", at);
        if (!add(c.u8(), at)) return false;
        break;
      case kLargeTuple:
        if (!c.has(4)) return fail(error, "truncated tuple", at);
        if (!add(c.u32(), at)) return false;
        break;
      case kNil: break;
      case kString:
        if (!c.has(2)) return fail(error, "truncated string", at);
        need = c.u16();
        break;
      case kList: {
        if (!c.has(4)) return fail(error, "truncated list", at);
        std::uint32_t n = c.u32();
        if (!add(std::uint64_t{n} + 1, at)) return false;  // elements and the tail
        break;
      }
      case kBinary:
        if (!c.has(4)) return fail(error, "truncated binary", at);
        need = c.u32();
        break;
      case kBitBinary: {
        if (!c.has(5)) return fail(error, "truncated bitstring", at);
        need = c.u32();
        std::uint8_t bits = c.u8();
        if (need == 0 || bits < 1 || bits > 8) return fail(error, "bad bitstring trailing bit count", at);
        break;
      }
      case kSmallBig:
        if (!c.has(2)) return fail(error, "truncated integer", at);
        need = c.u8();
        if (c.u8() > 1) return fail(error, "bad integer sign", at);
        break;
      case kLargeBig:
        if (!c.has(5)) return fail(error, "truncated integer", at);
        need = c.u32();
        if (c.u8() > 1) return fail(error, "bad integer sign", at);
        break;
      case kMap: {
        if (!c.has(4)) return fail(error, "truncated map", at);
        std::uint32_t n = c.u32();
        if (!add(std::uint64_t{n} * 2, at)) return false;
        break;
      }
      case kExport: {
        if (!read_atom(c, scratch, error) || !read_atom(c, scratch, error)) return false;
        if (!c.has(2) || c.u8() != kSmallInteger) return fail(error, "export fun arity must be a small integer", at);
        c.u8();
        break;
      }
      default:
        return fail(error, "unsupported term tag " + std::to_string(tag), at);
    }
    if (!c.has(need)) return fail(error, "truncated term", at);
    c.pos += need;
  }
  return true;
}

// ----------------------------------------------------------------- printing --

class Printer {
 public:
  Printer(Cursor& c, std::size_t max_chars) : c_(c), max_(max_chars) {}
  std::string out;

  bool full() const { return out.size() > max_; }

  // Prints one term; false on a malformed term (callers validated first).
  bool term(int depth) {
    if (full()) return true;
    std::size_t at = c_.pos;
    if (depth > 40) {
      std::string e;
      out += "...";
      return skip_terms(c_, 1, e);
    }
    std::uint8_t tag = c_.u8();
    switch (tag) {
      case kSmallInteger: out += std::to_string(c_.u8()); return true;
      case kInteger: out += std::to_string(static_cast<std::int32_t>(c_.u32())); return true;
      case kNewFloat: {
        std::uint64_t bits = 0;
        for (int i = 0; i < 8; ++i) bits = (bits << 8) | c_.u8();
        double d;
        std::memcpy(&d, &bits, 8);
        char buf[64];
        auto r = std::to_chars(buf, buf + sizeof buf, d);
        std::string s(buf, r.ptr);
        if (s.find_first_of(".e") == std::string::npos) s += ".0";
        out += s;
        return true;
      }
      case kAtom: case kSmallAtom: case kAtomUtf8: case kSmallAtomUtf8: {
        c_.pos = at;
        std::string name, e;
        if (!read_atom(c_, name, e)) return false;
        out += format_atom(name);
        return true;
      }
      case kSmallTuple: case kLargeTuple: {
        std::uint32_t n = tag == kSmallTuple ? c_.u8() : c_.u32();
        out += '{';
        for (std::uint32_t i = 0; i < n; ++i) {
          if (i) out += ',';
          if (!term(depth + 1)) return false;
          if (full()) return true;
        }
        out += '}';
        return true;
      }
      case kNil: out += "[]"; return true;
      case kString: {  // a list of bytes: printed as "..." only when printable, as Erlang does
        std::size_t n = c_.u16();
        std::string_view bytes = c_.view(n);
        c_.pos += n;
        if (printable(bytes)) {
          quoted_bytes('"', bytes);
          return true;
        }
        out += '[';
        for (std::size_t i = 0; i < n && !full(); ++i) {
          if (i) out += ',';
          out += std::to_string(static_cast<std::uint8_t>(bytes[i]));
        }
        out += ']';
        return true;
      }
      case kList: {
        std::uint32_t n = c_.u32();
        out += '[';
        for (std::uint32_t i = 0; i < n; ++i) {
          if (i) out += ',';
          if (!term(depth + 1)) return false;
          if (full()) return true;
        }
        if (c_.here()[0] != kNil) {
          out += '|';
          if (!term(depth + 1)) return false;
        } else {
          c_.pos += 1;
        }
        out += ']';
        return true;
      }
      case kBinary: case kBitBinary: {
        std::size_t n = c_.u32();
        int bits = tag == kBitBinary ? c_.u8() : 8;
        std::string_view bytes = c_.view(n);
        c_.pos += n;
        out += "<<";
        if (bits == 8 && !bytes.empty() && printable(bytes)) {
          quoted_bytes('"', bytes);
        } else {
          for (std::size_t i = 0; i < n && !full(); ++i) {
            if (i) out += ',';
            auto b = static_cast<std::uint8_t>(bytes[i]);
            if (i + 1 == n && bits != 8) {
              out += std::to_string(b >> (8 - bits)) + ":" + std::to_string(bits);
            } else {
              out += std::to_string(b);
            }
          }
        }
        out += ">>";
        return true;
      }
      case kSmallBig: case kLargeBig: {
        std::size_t n = tag == kSmallBig ? c_.u8() : c_.u32();
        bool negative = c_.u8() != 0;
        std::vector<std::uint8_t> mag(c_.here(), c_.here() + n);
        c_.pos += n;
        out += big_to_decimal(mag, negative);
        return true;
      }
      case kMap: {
        std::uint32_t n = c_.u32();
        out += "#{";
        for (std::uint32_t i = 0; i < n; ++i) {
          if (i) out += ',';
          if (!term(depth + 1)) return false;
          out += " => ";
          if (!term(depth + 1)) return false;
          if (full()) return true;
        }
        out += '}';
        return true;
      }
      case kExport: {
        std::string m, f, e;
        if (!read_atom(c_, m, e) || !read_atom(c_, f, e)) return false;
        c_.u8();
        out += "fun " + format_atom(m) + ":" + format_atom(f) + "/" + std::to_string(c_.u8());
        return true;
      }
      default: return false;
    }
  }

 private:
  static bool printable(std::string_view s) {
    for (char ch : s) {
      if (!((ch >= 0x20 && ch < 0x7F) || ch == '\n' || ch == '\t')) return false;
    }
    return true;
  }

  void quoted_bytes(char q, std::string_view s) {
    out += q;
    for (char ch : s) {
      if (ch == q || ch == '\\') {
        out += '\\';
        out += ch;
      } else if (ch == '\n') {
        out += "\\n";
      } else if (ch == '\t') {
        out += "\\t";
      } else {
        out += ch;
      }
    }
    out += q;
  }

  // Little-endian magnitude bytes to decimal (schoolbook; disassembly only).
  static std::string big_to_decimal(std::vector<std::uint8_t> mag, bool negative) {
    if (mag.size() > 512) return "<integer of " + std::to_string(mag.size()) + " bytes>";
    std::string digits;
    while (!mag.empty()) {
      while (!mag.empty() && mag.back() == 0) mag.pop_back();
      if (mag.empty()) break;
      unsigned rem = 0;
      for (std::size_t i = mag.size(); i-- > 0;) {
        unsigned cur = (rem << 8) | mag[i];
        mag[i] = static_cast<std::uint8_t>(cur / 10);
        rem = cur % 10;
      }
      digits += static_cast<char>('0' + rem);
    }
    if (digits.empty()) digits = "0";
    if (negative) digits += '-';
    return std::string(digits.rbegin(), digits.rend());
  }

  Cursor& c_;
  std::size_t max_;
};

}  // namespace

bool valid_atom_text(std::string_view text) {
  std::size_t chars = 0;
  for (std::size_t i = 0; i < text.size();) {
    std::uint32_t cp;
    std::size_t n = utf8_sequence(text, i, cp);
    if (n == 0) return false;
    i += n;
    if (++chars > 255) return false;
  }
  return true;
}

bool etf_validate(std::span<const std::uint8_t> bytes, std::string& error) {
  Cursor c(bytes);
  if (!c.has(1) || c.u8() != kVersion) return fail(error, "literal does not start with the version byte 131", 0);
  if (!skip_terms(c, 1, error)) return false;
  if (c.left() != 0) return fail(error, std::to_string(c.left()) + " trailing bytes after the term", c.pos);
  return true;
}

std::string etf_to_string(std::span<const std::uint8_t> bytes, std::size_t max_chars) {
  std::string error;
  if (!etf_validate(bytes, error)) return "<bad literal>";
  Cursor c(bytes);
  c.u8();
  Printer p(c, max_chars);
  if (!p.term(0)) return "<bad literal>";
  if (p.full()) {
    p.out.resize(max_chars);
    p.out += "...";
  }
  return p.out;
}

std::string format_atom(std::string_view name) {
  static constexpr std::string_view kReserved[] = {
      "after", "and", "andalso", "band", "begin", "bnot", "bor", "bsl", "bsr", "bxor", "case", "catch", "cond",
      "div", "end", "fun", "if", "let", "maybe", "not", "of", "or", "orelse", "receive", "rem", "try", "when", "xor"};
  bool bare = !name.empty() && name[0] >= 'a' && name[0] <= 'z';
  for (char ch : name) {
    bool ok = (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') || ch == '_' || ch == '@';
    bare = bare && ok;
  }
  for (std::string_view r : kReserved) bare = bare && name != r;
  if (bare) return std::string(name);
  std::string out = "'";
  for (char ch : name) {
    if (ch == '\'' || ch == '\\') out += '\\';
    out += ch;
  }
  out += '\'';
  return out;
}

}  // namespace girder::loader
