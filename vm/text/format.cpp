// io_lib:format/2 directive engine. See format.h for the contract.
//
// The padding helpers mirror OTP's semantics (not its code): term() is the
// field/precision rule for ~w, ~W, integers and floats (a field too narrow
// for the text is filled with '*'), text() is the rule for ~s (truncate to
// the precision, pad to the field), chars() for ~c and ~~.
// Lengths are counted in code points; OTP counts grapheme clusters, which only
// differs for combining sequences (and "\r\n") inside ~s/~w with a width.
#include "vm/text/format.h"

#include <cmath>
#include <cstdio>
#include <cstring>

#include "vm/term/atom.h"
#include "vm/term/bignum.h"
#include "vm/term/build.h"
#include "vm/term/utf8.h"
#include "vm/text/print.h"
#include "vm/vm.h"

namespace girder::vm {

namespace {

constexpr long kNone = -1;

struct Spec {
  char32_t control = 0;
  long width = kNone;
  bool left = false;
  long precision = kNone;
  char32_t pad = U' ';
  bool unicode = false;
  bool strings = true;
};

void put(std::u32string& out, std::string_view ascii) {
  for (char c : ascii) out.push_back(static_cast<unsigned char>(c));
}

void adjust(std::u32string& out, const std::u32string& data, long padding, char32_t pad, bool left) {
  if (left) {
    out += data;
    out.append(static_cast<std::size_t>(padding), pad);
  } else {
    out.append(static_cast<std::size_t>(padding), pad);
    out += data;
  }
}

// OTP's term/5: the text in a field of `width`, at most `precision` chars.
void term_field(std::u32string& out, const std::u32string& t, long width, bool left, long precision,
                char32_t pad) {
  if (width == kNone && precision == kNone) {
    out += t;
    return;
  }
  if (width == kNone) width = precision;
  long len = static_cast<long>(t.size());
  long p = std::min(len, precision == kNone ? width : std::min(precision, width));
  if (len > p) {
    adjust(out, std::u32string(static_cast<std::size_t>(p), U'*'), width - p, pad, left);
  } else {
    adjust(out, t, width - p, pad, left);
  }
}

// OTP's string/5 for ~s. False when the field is narrower than the precision.
bool text_field(std::u32string& out, const std::u32string& s, long width, bool left, long precision,
                char32_t pad) {
  long n = static_cast<long>(s.size());
  auto field = [&](long f, bool l) {
    if (n > f) out.append(s, 0, static_cast<std::size_t>(f));
    else adjust(out, s, f - n, pad, l);
  };
  if (width == kNone && precision == kNone) {
    out += s;
  } else if (precision == kNone) {
    field(width, left);
  } else if (width == kNone) {
    field(precision, true);
  } else if (width > precision) {
    std::u32string body;
    if (n > precision) body = s.substr(0, static_cast<std::size_t>(precision));
    else body = s + std::u32string(static_cast<std::size_t>(precision - n), pad);
    adjust(out, body, width - precision, pad, left);
  } else if (width == precision) {
    field(width, left);
  } else {
    return false;
  }
  return true;
}

// OTP's char/5 for ~c and ~~.
bool char_field(std::u32string& out, char32_t c, long width, bool left, long precision, char32_t pad) {
  if (width == kNone && precision == kNone) {
    out.push_back(c);
  } else if (precision == kNone) {
    out.append(static_cast<std::size_t>(width), c);
  } else if (width == kNone) {
    out.append(static_cast<std::size_t>(precision), c);
  } else if (width >= precision) {
    adjust(out, std::u32string(static_cast<std::size_t>(precision), c), width - precision, pad, left);
  } else {
    return false;
  }
  return true;
}

std::u32string ascii(std::string_view s) {
  std::u32string out;
  put(out, s);
  return out;
}

// Appends a UTF-8 binary's characters, or its bytes when it is not UTF-8.
void binary_chars(Term bin, bool utf8, std::u32string& out) {
  BitView v = bit_view(bin);
  std::size_t n = v.byte_size();
  std::string bytes(n, '\0');
  for (std::size_t i = 0; i < n; ++i)
    bytes[i] = static_cast<char>(v.bit_offset == 0 ? v.data[i]
                                                   : (v.data[i] << v.bit_offset) | (v.data[i + 1] >> (8 - v.bit_offset)));
  if (utf8) {
    std::u32string dec;
    bool ok = true;
    for (std::size_t i = 0; i < n && ok;) {
      unsigned char c = static_cast<unsigned char>(bytes[i]);
      int len = c < 0x80 ? 1 : (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3 : (c & 0xF8) == 0xF0 ? 4 : 0;
      if (len == 0 || i + len > n) { ok = false; break; }
      char32_t cp = len == 1 ? c : len == 2 ? (c & 0x1F) : len == 3 ? (c & 0x0F) : (c & 0x07);
      for (int k = 1; k < len; ++k) {
        unsigned char cc = static_cast<unsigned char>(bytes[i + k]);
        if ((cc & 0xC0) != 0x80) ok = false;
        cp = (cp << 6) | (cc & 0x3F);
      }
      static constexpr char32_t kMin[] = {0, 0, 0x80, 0x800, 0x10000};
      if (cp < kMin[len] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) ok = false;
      dec.push_back(cp);
      i += len;
    }
    if (ok) {
      out += dec;
      return;
    }
  }
  for (char b : bytes) out.push_back(static_cast<unsigned char>(b));
}

// Characters of ~s's argument: an atom, a binary, or a (deep) list of
// characters and binaries. Latin-1 mode allows only characters 0..255.
bool string_arg(const VM& vm, Term t, bool unicode, std::u32string& out) {
  std::vector<Term> stack{t};
  while (!stack.empty()) {
    Term x = stack.back();
    stack.pop_back();
    while (true) {
      if (x.is_nil()) break;
      if (x.is_bitstring()) {
        if (bit_view(x).bit_size % 8) return false;
        binary_chars(x, unicode, out);
        break;
      }
      if (!x.is_list()) return false;
      Term h = x.head();
      if (h.is_small()) {
        SWord c = h.small_value();
        if (c < 0 || c > (unicode ? 0x10FFFF : 255)) return false;
        out.push_back(static_cast<char32_t>(c));
      } else if (h.is_list() || h.is_nil()) {
        stack.push_back(x.tail());
        x = h;
        continue;
      } else if (h.is_bitstring()) {
        if (bit_view(h).bit_size % 8) return false;
        binary_chars(h, unicode, out);
      } else {
        return false;
      }
      x = x.tail();
      if (!x.is_list() && !x.is_nil()) {
        if (x.is_bitstring()) continue;  // iolist tail binary
        return false;
      }
    }
  }
  return true;
}

std::u32string atom_chars(const VM& vm, Term atom) {
  std::string_view name = vm.atoms().name(atom);
  std::u32string out;
  for (std::size_t i = 0; i < name.size();) {
    unsigned char c = static_cast<unsigned char>(name[i]);
    int len = c < 0x80 ? 1 : (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3 : 4;
    if (i + len > name.size()) len = 1;
    char32_t cp = len == 1 ? c : len == 2 ? (c & 0x1F) : len == 3 ? (c & 0x0F) : (c & 0x07);
    for (int k = 1; k < len; ++k) cp = (cp << 6) | (static_cast<unsigned char>(name[i + k]) & 0x3F);
    out.push_back(cp);
    i += len;
  }
  return out;
}

// ---- floats: OTP's digit rounding on the 21-digit "%.20e" form ----------------

struct FloatDigits {
  std::string digits;  // 21 significant digits
  int exp10;           // value = 0.digits * 10^exp10
};

FloatDigits float_digits(double value) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.20e", value < 0 ? -value : value);
  FloatDigits fd;
  const char* e = std::strchr(buf, 'e');
  for (const char* q = buf; q < e; ++q)
    if (*q >= '0' && *q <= '9') fd.digits.push_back(*q);
  fd.exp10 = std::atoi(e + 1) + 1;
  return fd;
}

// The first `count` digits (zero-padded), rounded half-up on the next one.
// Returns true when rounding carried out of the first digit (all became 0).
bool round_digits(const std::string& ds, std::size_t count, std::string& out) {
  out.assign(count, '0');
  for (std::size_t i = 0; i < count && i < ds.size(); ++i) out[i] = ds[i];
  if (count < ds.size() && ds[count] >= '5') {
    std::size_t i = count;
    while (i > 0) {
      --i;
      if (out[i] == '9') {
        out[i] = '0';
      } else {
        out[i]++;
        return false;
      }
    }
    return true;
  }
  return false;
}

}  // namespace

std::string format_float_e(double value, int precision) {
  FloatDigits fd = float_digits(value);
  std::string ds;
  bool carry = round_digits(fd.digits, static_cast<std::size_t>(precision), ds);
  int exp = fd.exp10 - 1;
  if (carry) {
    ds[0] = '1';
    exp = fd.exp10;
  }
  std::string out = std::signbit(value) ? "-" : "";
  out.push_back(ds[0]);
  out.push_back('.');
  out.append(ds, 1, std::string::npos);
  out.push_back('e');
  if (exp >= 0) out.push_back('+');
  out += std::to_string(exp);
  return out;
}

std::string format_float_f(double value, int precision) {
  FloatDigits fd = float_digits(value);
  std::string ds = fd.digits;
  int e = fd.exp10;
  if (e <= 0) {
    ds.insert(0, static_cast<std::size_t>(1 - e), '0');
    e = 1;
  }
  std::string r;
  bool carry = round_digits(ds, static_cast<std::size_t>(e + precision), r);
  std::string out = std::signbit(value) ? "-" : "";
  if (carry) out.push_back('1');
  out.append(r, 0, static_cast<std::size_t>(e));
  out.push_back('.');
  out.append(r, static_cast<std::size_t>(e), std::string::npos);
  return out;
}

std::string format_float_g(double value, int p) {
  double a = value < 0 ? -value : value;
  int e;
  if (a < 1.0e-1) e = -2;
  else if (a < 1.0e0) e = -1;
  else if (a < 1.0e1) e = 0;
  else if (a < 1.0e2) e = 1;
  else if (a < 1.0e3) e = 2;
  else if (a < 1.0e4) e = 3;
  else e = p;  // OTP 25 uses the e form for every |value| >= 10000.0
  if ((p <= 1 && e == -1) || (p - 1 > e && e >= -1)) return format_float_f(value, p - 1 - e);
  if (p <= 1) return format_float_e(value, 2);
  return format_float_e(value, p);
}

bool chardata_to_utf8(Term data, std::string& out) {
  std::vector<Term> stack{data};
  while (!stack.empty()) {
    Term x = stack.back();
    stack.pop_back();
    while (!x.is_nil()) {
      if (x.is_bitstring()) {
        BitView v = bit_view(x);
        if (v.bit_size % 8) return false;
        // put_chars wants valid UTF-8: binary_chars falls back to bytes if
        // not, which re-encodes to a different byte count.
        std::u32string chars;
        binary_chars(x, true, chars);
        std::string enc;
        for (char32_t c : chars) utf8::append(enc, c);
        if (enc.size() != v.byte_size()) return false;
        out += enc;
        break;
      }
      if (!x.is_list()) return false;
      Term h = x.head();
      if (h.is_small()) {
        SWord c = h.small_value();
        if (c < 0 || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF)) return false;
        utf8::append(out, static_cast<char32_t>(c));
      } else if (h.is_list() || h.is_nil() || h.is_bitstring()) {
        stack.push_back(x.tail());
        x = h;
        continue;
      } else {
        return false;
      }
      x = x.tail();
    }
  }
  return true;
}

namespace {

class Formatter {
 public:
  Formatter(Process& p, Term args, std::u32string& out, std::string* error, std::vector<FormatSegment>* segments)
      : p_(p), vm_(p.vm()), args_(args), out_(out), error_(error), segments_(segments) {}

  bool run(const std::u32string& fmt) {
    for (std::size_t i = 0; i < fmt.size();) {
      char32_t c = fmt[i++];
      if (c != U'~') {
        out_.push_back(c);
        continue;
      }
      Spec s;
      if (!parse(fmt, i, s)) return false;
      std::size_t begin = out_.size();
      term_segment_ = false;
      if (!apply(s)) return false;
      if (segments_ && term_segment_) segments_->push_back({begin, out_.size()});
    }
    if (!args_.is_nil()) return fail("too many arguments");
    return true;
  }

 private:
  bool fail(const char* why) {
    if (error_) *error_ = why;
    return false;
  }
  bool next_arg(Term& t) {
    if (!args_.is_list()) return fail("too few arguments");
    t = args_.head();
    args_ = args_.tail();
    return true;
  }
  // Digits or '*' (an integer argument); kNone if neither.
  bool field_value(const std::u32string& f, std::size_t& i, long& v) {
    v = kNone;
    if (i < f.size() && f[i] == U'*') {
      Term a;
      if (!next_arg(a)) return false;
      if (!a.is_small()) return fail("bad * argument");
      v = static_cast<long>(a.small_value());
      ++i;
      return true;
    }
    if (i < f.size() && f[i] >= U'0' && f[i] <= U'9') {
      long n = 0;
      while (i < f.size() && f[i] >= U'0' && f[i] <= U'9') {
        n = n * 10 + static_cast<long>(f[i] - U'0');
        if (n > (1L << 40)) return fail("field too large");
        ++i;
      }
      v = n;
    }
    return true;
  }

  bool parse(const std::u32string& f, std::size_t& i, Spec& s) {
    bool minus = false;
    if (i < f.size() && f[i] == U'-') {
      minus = true;
      ++i;
    }
    long w;
    if (!field_value(f, i, w)) return false;
    if (minus) {
      if (w == kNone) return fail("bad field width");  // -none: badarith in OTP
      w = -w;
    }
    if (w != kNone && w < 0) {
      s.left = true;
      w = -w;
    }
    s.width = w;
    if (i < f.size() && f[i] == U'.') {
      ++i;
      long pr;
      if (!field_value(f, i, pr)) return false;
      s.precision = pr;
      if (i < f.size() && f[i] == U'.' ) {
        ++i;
        if (i >= f.size()) return fail("truncated directive");
        if (f[i] == U'*') {
          Term a;
          if (!next_arg(a)) return false;
          if (!a.is_small() || a.small_value() < 0) return fail("bad pad character");
          s.pad = static_cast<char32_t>(a.small_value());
        } else {
          s.pad = f[i];
        }
        ++i;
      }
    }
    while (i < f.size() && (f[i] == U't' || f[i] == U'l')) {
      if (f[i] == U't') s.unicode = true;
      else s.strings = false;
      ++i;
    }
    if (i >= f.size()) return fail("truncated directive");
    s.control = f[i++];
    return true;
  }

  // Column where the next character goes, 0-based (tabs to multiples of 8).
  long indentation() const {
    std::size_t start = out_.rfind(U'\n');
    start = start == std::u32string::npos ? 0 : start + 1;
    long col = 0;
    for (std::size_t k = start; k < out_.size(); ++k)
      col = out_[k] == U'\t' ? ((col + 8) / 8) * 8 : col + 1;
    return col;
  }

  bool integer_text(Term a, long base, bool lower, const std::u32string* prefix, std::u32string& t) {
    if (!a.is_integer()) return fail("integer expected");
    if (base == kNone) base = 10;
    if (base < 2 || base > 36) return fail("bad base");
    std::string digits = int_to_string(a, static_cast<int>(base));
    bool neg = !digits.empty() && digits[0] == '-';
    if (neg) digits.erase(0, 1);
    if (lower)
      for (char& ch : digits) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    if (neg) t.push_back(U'-');
    if (prefix) t += *prefix;
    put(t, digits);
    return true;
  }

  bool apply(const Spec& s) {
    Term a, b;
    switch (s.control) {
      case U'w':
      case U'W': {
        if (!next_arg(a)) return false;
        long depth = -1;
        if (s.control == U'W') {
          if (!next_arg(b)) return false;
          if (!b.is_small()) return fail("bad depth");
          depth = static_cast<long>(b.small_value());
        }
        std::u32string t;
        write_term_chars(vm_, a, static_cast<int>(depth), s.unicode, t);
        term_field(out_, t, s.width, s.left, s.precision, s.pad);
        term_segment_ = true;
        return true;
      }
      case U'p':
      case U'P': {
        if (!next_arg(a)) return false;
        long depth = -1;
        if (s.control == U'P') {
          if (!next_arg(b)) return false;
          if (!b.is_small()) return fail("bad depth");
          depth = static_cast<long>(b.small_value());
        }
        if (s.left) return fail("~p cannot be left-adjusted");
        long ll = s.width == kNone ? 80 : s.width;
        long col = s.precision == kNone ? indentation() + 1 : s.precision;
        print_term_chars(vm_, a, static_cast<int>(col), static_cast<int>(ll), static_cast<int>(depth),
                         s.unicode, s.strings, out_);
        term_segment_ = true;
        return true;
      }
      case U's': {
        if (!next_arg(a)) return false;
        std::u32string t;
        if (a.is_atom()) {
          t = atom_chars(vm_, a);
          if (!s.unicode)
            for (char32_t c : t)
              if (c > 255) return fail("~s: character above 255");
        } else if (!string_arg(vm_, a, s.unicode, t)) {
          return fail("~s: not a string");
        } else {
          term_segment_ = true;
        }
        if (!text_field(out_, t, s.width, s.left, s.precision, s.pad)) return fail("~s: field < precision");
        return true;
      }
      case U'c': {
        if (!next_arg(a)) return false;
        if (!a.is_small()) return fail("~c: not a character");
        SWord c = a.small_value();
        if (!s.unicode) c &= 255;
        if (c < 0) return fail("~c: not a character");
        return char_field(out_, static_cast<char32_t>(c), s.width, s.left, s.precision, s.pad) ||
               fail("~c: field < precision");
      }
      case U'~':
        return char_field(out_, U'~', s.width, s.left, s.precision, s.pad) || fail("~~: field < precision");
      case U'n':
        if (s.left) return fail("~n left-adjusted");
        out_.append(s.width == kNone ? 1 : static_cast<std::size_t>(s.width), U'\n');
        return true;
      case U'i':
        return next_arg(a);
      case U'e':
      case U'f':
      case U'g': {
        if (!next_arg(a)) return false;
        if (!a.is_float()) return fail("float expected");
        long prec = s.precision == kNone ? 6 : s.precision;
        std::string text;
        if (s.control == U'e') {
          if (prec < 2) return fail("bad precision");
          text = format_float_e(a.float_value(), static_cast<int>(prec));
        } else if (s.control == U'f') {
          if (prec < 1) return fail("bad precision");
          text = format_float_f(a.float_value(), static_cast<int>(prec));
        } else {
          if (prec < 1) return fail("bad precision");
          text = format_float_g(a.float_value(), static_cast<int>(prec));
        }
        term_field(out_, ascii(text), s.width, s.left, s.width, s.pad);
        return true;
      }
      case U'b':
      case U'B': {
        if (!next_arg(a)) return false;
        std::u32string t;
        if (!integer_text(a, s.precision, s.control == U'b', nullptr, t)) return false;
        term_field(out_, t, s.width, s.left, kNone, s.pad);
        return true;
      }
      case U'x':
      case U'X': {
        if (!next_arg(a) || !next_arg(b)) return false;
        std::u32string prefix;
        if (b.is_atom()) {
          prefix = atom_chars(vm_, b);
        } else if (!string_arg(vm_, b, true, prefix) || !(b.is_list() || b.is_nil())) {
          return fail("bad prefix");
        }
        std::u32string t;
        if (!integer_text(a, s.precision, s.control == U'x', &prefix, t)) return false;
        term_field(out_, t, s.width, s.left, kNone, s.pad);
        return true;
      }
      case U'#':
      case U'+': {
        if (!next_arg(a)) return false;
        long base = s.precision == kNone ? 10 : s.precision;
        if (base < 2 || base > 36) return fail("bad base");
        std::u32string prefix = ascii(std::to_string(base) + "#");
        std::u32string t;
        if (!integer_text(a, base, s.control == U'+', &prefix, t)) return false;
        term_field(out_, t, s.width, s.left, kNone, s.pad);
        return true;
      }
      default:
        return fail("unknown control");
    }
  }

  Process& p_;
  const VM& vm_;
  Term args_;
  std::u32string& out_;
  std::string* error_;
  std::vector<FormatSegment>* segments_;
  bool term_segment_ = false;  // set by apply() for ~w ~W ~p ~P and ~s of chardata
};

}  // namespace

bool format_to_chars(Process& p, Term format, Term args, std::u32string& out, std::string* error,
                     std::vector<FormatSegment>* segments) {
  std::u32string fmt;
  if (format.is_atom()) {
    fmt = atom_chars(p.vm(), format);
  } else if (format.is_bitstring()) {
    BitView v = bit_view(format);
    if (v.bit_size % 8) {
      if (error) *error = "format is not a string";
      return false;
    }
    binary_chars(format, false, fmt);  // OTP: binary_to_list, bytes as chars
  } else {
    Term l = format;
    for (; l.is_list(); l = l.tail()) {
      Term c = l.head();
      if (!c.is_small() || c.small_value() < 0 || c.small_value() > 0x10FFFF) {
        if (error) *error = "format is not a string";
        return false;
      }
      fmt.push_back(static_cast<char32_t>(c.small_value()));
    }
    if (!l.is_nil()) {
      if (error) *error = "format is not a string";
      return false;
    }
  }
  if (list_length(args) < 0) {
    if (error) *error = "arguments are not a list";
    return false;
  }
  Formatter f(p, args, out, error, segments);
  return f.run(fmt);
}

}  // namespace girder::vm
