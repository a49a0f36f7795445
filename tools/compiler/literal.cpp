#include "tools/compiler/literal.h"

#include <bit>
#include <cstring>
#include <set>

namespace girder::compiler {

namespace {

void put_u16(std::vector<std::uint8_t>& out, std::uint32_t v) {
  out.push_back(static_cast<std::uint8_t>(v >> 8));
  out.push_back(static_cast<std::uint8_t>(v));
}
void put_u32(std::vector<std::uint8_t>& out, std::uint32_t v) {
  for (int s = 24; s >= 0; s -= 8) out.push_back(static_cast<std::uint8_t>(v >> s));
}

// A constant binary segment list, evaluated to bits.
struct BitWriter {
  std::vector<std::uint8_t> bytes;
  std::uint64_t bits = 0;
  void put_bit(bool b) {
    if (bits % 8 == 0) bytes.push_back(0);
    if (b) bytes.back() |= static_cast<std::uint8_t>(0x80 >> (bits % 8));
    ++bits;
  }
  void put_uint(std::uint64_t v, unsigned n) {  // big-endian, n <= 64
    for (unsigned i = n; i-- > 0;) put_bit(i < 64 && ((v >> i) & 1));
  }
};

// Segment size in bits for a constant segment, or -1 if not constant-evaluable.
long constant_segment_bits(const BinElement& el) {
  if (!el.type.empty() && el.type != "integer") return -1;
  if (el.value->kind != ExprKind::Integer || !el.value->big_value.empty()) return -1;
  if (el.endian == "little" || el.endian == "native") return -1;
  unsigned unit = el.unit ? el.unit : 1;
  long size = 8;
  if (el.size) {
    if (el.size->kind != ExprKind::Integer || !el.size->big_value.empty()) return -1;
    if (el.size->int_value < 0 || el.size->int_value > 64) return -1;
    size = static_cast<long>(el.size->int_value) * unit;
  }
  if (size > 64) return -1;
  return size;
}

bool binary_is_constant(const Expr& e) {
  for (const BinElement& el : e.bin_elements) {
    if (el.value->kind == ExprKind::String && (el.type.empty() || el.type == "integer") && !el.size &&
        el.endian.empty() && el.unit == 0) {
      for (char32_t c : el.value->chars) {
        if (c > 255) return false;
      }
      continue;
    }
    if (constant_segment_bits(el) < 0) return false;
  }
  return true;
}

void encode_binary(const Expr& e, std::vector<std::uint8_t>& out) {
  BitWriter w;
  for (const BinElement& el : e.bin_elements) {
    if (el.value->kind == ExprKind::String) {
      for (char32_t c : el.value->chars) w.put_uint(c & 0xFF, 8);
      continue;
    }
    long bits = constant_segment_bits(el);
    w.put_uint(static_cast<std::uint64_t>(el.value->int_value), static_cast<unsigned>(bits));
  }
  unsigned tail_bits = static_cast<unsigned>(w.bits % 8);
  if (tail_bits == 0) {
    out.push_back(109);  // BINARY_EXT
    put_u32(out, static_cast<std::uint32_t>(w.bytes.size()));
  } else {
    out.push_back(77);  // BIT_BINARY_EXT
    put_u32(out, static_cast<std::uint32_t>(w.bytes.size()));
    out.push_back(static_cast<std::uint8_t>(tail_bits));
  }
  out.insert(out.end(), w.bytes.begin(), w.bytes.end());
}

bool map_is_constant(const Expr& e) {
  std::set<std::string> seen;
  for (const MapField& f : e.map_fields) {
    if (f.exact || !is_constant(*f.key) || !is_constant(*f.value)) return false;
    // Only keys whose identity is obvious from the text may be deduplicated
    // at compile time; anything else is built at run time.
    std::string id;
    if (f.key->kind == ExprKind::Atom) {
      id = "a:" + f.key->name;
    } else if (f.key->kind == ExprKind::Integer) {
      id = "i:" + integer_text(*f.key);
    } else {
      return false;
    }
    if (!seen.insert(id).second) return false;
  }
  return true;
}

}  // namespace

std::string integer_text(const Expr& e) {
  return e.big_value.empty() ? std::to_string(e.int_value) : e.big_value;
}

bool is_constant(const Expr& e) {
  switch (e.kind) {
    case ExprKind::Atom:
    case ExprKind::Integer:
    case ExprKind::Float:
    case ExprKind::String:
    case ExprKind::Nil:
      return true;
    case ExprKind::Cons:
      return is_constant(*e.a) && is_constant(*e.b);
    case ExprKind::Tuple:
      for (const auto& a : e.args) {
        if (!is_constant(*a)) return false;
      }
      return true;
    case ExprKind::MapNew:
      return map_is_constant(e);
    case ExprKind::Binary:
      return binary_is_constant(e);
    case ExprKind::UnOp:
      // -1 and -1.5 arrive as unary minus on a literal in some parsers.
      return (e.name == "-" || e.name == "+") && e.a &&
             (e.a->kind == ExprKind::Integer || e.a->kind == ExprKind::Float);
    default:
      return false;
  }
}

void etf_atom(const std::string& utf8, std::vector<std::uint8_t>& out) {
  if (utf8.size() < 256) {
    out.push_back(119);  // SMALL_ATOM_UTF8_EXT
    out.push_back(static_cast<std::uint8_t>(utf8.size()));
  } else {
    out.push_back(118);  // ATOM_UTF8_EXT
    put_u16(out, static_cast<std::uint32_t>(utf8.size()));
  }
  out.insert(out.end(), utf8.begin(), utf8.end());
}

void etf_small_or_int(std::int64_t v, std::vector<std::uint8_t>& out) {
  if (v >= 0 && v <= 255) {
    out.push_back(97);
    out.push_back(static_cast<std::uint8_t>(v));
  } else if (v >= INT32_MIN && v <= INT32_MAX) {
    out.push_back(98);
    put_u32(out, static_cast<std::uint32_t>(static_cast<std::int32_t>(v)));
  } else {
    etf_integer_text(std::to_string(v), out);
  }
}

void etf_integer_text(const std::string& decimal, std::vector<std::uint8_t>& out) {
  bool negative = !decimal.empty() && decimal[0] == '-';
  std::string digits = decimal.substr(negative ? 1 : 0);
  // Repeated division by 256 of the decimal digit string.
  std::vector<std::uint8_t> le;  // little-endian base-256
  std::vector<int> num;
  for (char c : digits) num.push_back(c - '0');
  while (!(num.empty() || (num.size() == 1 && num[0] == 0))) {
    std::vector<int> q;
    int rem = 0;
    for (int d : num) {
      int cur = rem * 10 + d;
      int qd = cur / 256;
      rem = cur % 256;
      if (!q.empty() || qd != 0) q.push_back(qd);
    }
    le.push_back(static_cast<std::uint8_t>(rem));
    num = std::move(q);
  }
  if (le.size() < 256) {
    out.push_back(110);  // SMALL_BIG_EXT
    out.push_back(static_cast<std::uint8_t>(le.size()));
  } else {
    out.push_back(111);  // LARGE_BIG_EXT
    put_u32(out, static_cast<std::uint32_t>(le.size()));
  }
  out.push_back(negative ? 1 : 0);
  out.insert(out.end(), le.begin(), le.end());
}

void encode_constant(const Expr& e, std::vector<std::uint8_t>& out) {
  switch (e.kind) {
    case ExprKind::Atom:
      etf_atom(e.name, out);
      return;
    case ExprKind::Integer:
      if (e.big_value.empty()) {
        etf_small_or_int(e.int_value, out);
      } else {
        etf_integer_text(e.big_value, out);
      }
      return;
    case ExprKind::Float: {
      out.push_back(70);  // NEW_FLOAT_EXT
      std::uint64_t bits = std::bit_cast<std::uint64_t>(e.float_value);
      for (int s = 56; s >= 0; s -= 8) out.push_back(static_cast<std::uint8_t>(bits >> s));
      return;
    }
    case ExprKind::UnOp: {
      const Expr& v = *e.a;
      bool neg = e.name == "-";
      if (v.kind == ExprKind::Float) {
        Expr f(ExprKind::Float, e.loc);
        f.float_value = neg ? -v.float_value : v.float_value;
        encode_constant(f, out);
      } else {
        std::string text = integer_text(v);
        if (neg) text = text[0] == '-' ? text.substr(1) : (text == "0" ? text : "-" + text);
        etf_integer_text(text, out);
      }
      return;
    }
    case ExprKind::String: {
      bool bytes = e.chars.size() < 65536;
      for (char32_t c : e.chars) bytes = bytes && c <= 255;
      if (e.chars.empty()) {
        out.push_back(106);  // NIL_EXT
      } else if (bytes) {
        out.push_back(107);  // STRING_EXT
        put_u16(out, static_cast<std::uint32_t>(e.chars.size()));
        for (char32_t c : e.chars) out.push_back(static_cast<std::uint8_t>(c));
      } else {
        out.push_back(108);  // LIST_EXT
        put_u32(out, static_cast<std::uint32_t>(e.chars.size()));
        for (char32_t c : e.chars) etf_small_or_int(static_cast<std::int64_t>(c), out);
        out.push_back(106);
      }
      return;
    }
    case ExprKind::Nil:
      out.push_back(106);
      return;
    case ExprKind::Cons: {
      std::vector<const Expr*> items;
      const Expr* cur = &e;
      while (cur->kind == ExprKind::Cons) {
        items.push_back(cur->a.get());
        cur = cur->b.get();
      }
      // A proper list of the same shape is what OTP's encoder sees too: a
      // tail string splices its characters in.
      std::vector<const Expr*> flat = items;
      std::vector<Expr> owned;
      const Expr* tail = cur;
      if (tail->kind == ExprKind::String) {
        owned.reserve(tail->chars.size());
        for (char32_t c : tail->chars) {
          owned.emplace_back(ExprKind::Integer, tail->loc);
          owned.back().int_value = static_cast<std::int64_t>(c);
        }
        for (const Expr& o : owned) flat.push_back(&o);
        tail = nullptr;
      }
      out.push_back(108);
      put_u32(out, static_cast<std::uint32_t>(flat.size()));
      for (const Expr* it : flat) encode_constant(*it, out);
      if (tail == nullptr || tail->kind == ExprKind::Nil) {
        out.push_back(106);
      } else {
        encode_constant(*tail, out);
      }
      return;
    }
    case ExprKind::Tuple:
      if (e.args.size() < 256) {
        out.push_back(104);
        out.push_back(static_cast<std::uint8_t>(e.args.size()));
      } else {
        out.push_back(105);
        put_u32(out, static_cast<std::uint32_t>(e.args.size()));
      }
      for (const auto& a : e.args) encode_constant(*a, out);
      return;
    case ExprKind::MapNew:
      out.push_back(116);
      put_u32(out, static_cast<std::uint32_t>(e.map_fields.size()));
      for (const MapField& f : e.map_fields) {
        encode_constant(*f.key, out);
        encode_constant(*f.value, out);
      }
      return;
    case ExprKind::Binary:
      encode_binary(e, out);
      return;
    default:
      return;
  }
}

std::vector<std::uint8_t> constant_to_etf(const Expr& e) {
  std::vector<std::uint8_t> out{131};
  encode_constant(e, out);
  return out;
}

}  // namespace girder::compiler
